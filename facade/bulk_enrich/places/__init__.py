"""The Place Enrichment batch client: operations, the sync client and its asyncio twin."""

from bulk_enrich.places.aio import AsyncBatch, AsyncPlaceEnrichment
from bulk_enrich.places.client import Batch, PlaceEnrichment

__all__ = ["AsyncBatch", "AsyncPlaceEnrichment", "Batch", "PlaceEnrichment"]
