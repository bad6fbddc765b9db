"""Deprecated alias of :mod:`bulk_enrich_emulator`, the emulator's own top-level package.

``import bulk_enrich`` never imports this module. Importing it warns and re-exports the
emulator's public API; import ``bulk_enrich_emulator`` instead (``pip install
'bulk-enrich[emulator]'`` brings its dependencies).
"""

from __future__ import annotations

import warnings

from bulk_enrich_emulator import (
    Emulator,
    EmulatorConfig,
    EmulatorHandle,
    FaultConfig,
    create_app,
    running,
    serve,
    start,
)

warnings.warn(
    "bulk_enrich.emulator is deprecated: import bulk_enrich_emulator instead",
    DeprecationWarning,
    stacklevel=2,
)

__all__ = [
    "Emulator",
    "EmulatorConfig",
    "EmulatorHandle",
    "FaultConfig",
    "create_app",
    "running",
    "serve",
    "start",
]
