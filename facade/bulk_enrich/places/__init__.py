"""The Place Enrichment batch client: operations, the sync client and its asyncio twin.

Names are imported on first use (PEP 562): the sync client does not import asyncio's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bulk_enrich.lazy import lazy_names

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


__getattr__, __dir__ = lazy_names(__name__, _WHERE)
