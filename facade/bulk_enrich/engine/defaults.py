"""Defaults of a run that the command line shows in its help (a module light to import)."""

from __future__ import annotations

#: Default longest wait for one job of a run (seconds): generous, but not forever.
DEFAULT_MAX_WAIT = 24 * 3600.0
