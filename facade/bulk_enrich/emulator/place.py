"""The Place Enrichment side of the emulator (placeholder)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .http import HTTPError, JSONResponse, Request
from .stats import JobTiming

if TYPE_CHECKING:
    from .app import Emulator


class PlaceService:
    """State and handlers of the Place Enrichment API."""

    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator

    def reset(self) -> None:
        """Forget every batch."""

    def close(self) -> None:
        """Stop background work."""

    def timings(self) -> dict[str, JobTiming]:
        """Timings of every unit of work."""
        return {}

    async def _todo(self, request: Request, params: dict[str, Any]) -> JSONResponse:
        raise HTTPError(501, {"detail": "not implemented yet"})

    create_batch = list_batches = get_batch = reprocess_batch = _todo
    list_jobs = get_job = enrich_place = get_attributes = _todo
