"""bulk-enrich: typed, fast, safe client for asynchronous batch location-enrichment APIs."""

from __future__ import annotations

__version__ = "0.1.0"
