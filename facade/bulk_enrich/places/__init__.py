"""The Place Enrichment batch client: operations, the sync client and its asyncio twin.

Names are imported on first use (PEP 562): the sync client does not import asyncio's.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bulk_enrich.places.aio import AsyncBatch, AsyncPlaceEnrichment
    from bulk_enrich.places.client import Batch, PlaceEnrichment

_WHERE = {
    "AsyncBatch": "bulk_enrich.places.aio",
    "AsyncPlaceEnrichment": "bulk_enrich.places.aio",
    "Batch": "bulk_enrich.places.client",
    "PlaceEnrichment": "bulk_enrich.places.client",
}

__all__ = ["AsyncBatch", "AsyncPlaceEnrichment", "Batch", "PlaceEnrichment"]


def __getattr__(name: str) -> Any:
    """Import a public name on first use."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_WHERE})
