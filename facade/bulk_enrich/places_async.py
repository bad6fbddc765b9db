"""``AsyncPlaceEnrichment``: the asyncio twin of :class:`~bulk_enrich.places.PlaceEnrichment`."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from place_enrichment_api.models.batch_summary import BatchSummary
from place_enrichment_api.models.v1_attributes_response import V1AttributesResponse

from bulk_enrich.http import AsyncHttp, iter_async
from bulk_enrich.pipeline import DEFAULT, AsyncRunIterator, Default, Progress
from bulk_enrich.places import _PlaceBase
from bulk_enrich.places_core import BatchStatus
from bulk_enrich.results import PlaceResult, PlaceResults


class AsyncBatch:
    """A Place Enrichment batch (async): live state, waiting, paginated results, reprocessing."""

    def __init__(
        self, client: AsyncPlaceEnrichment, batch_id: str, status: BatchStatus | None = None
    ) -> None:
        self._client = client
        self.id = batch_id
        self._status = status
        self._since = time.monotonic()  # the schedule counts the running time from here

    @property
    def info(self) -> BatchStatus | None:
        """The last status seen (None before the first ``refresh``)."""
        return self._status

    @property
    def status(self) -> str:
        """The last status seen (``unknown`` before the first ``refresh``)."""
        return self._status.state if self._status else "unknown"

    @property
    def progress(self) -> tuple[int, int]:
        """``(finished jobs, total jobs)`` as last seen."""
        return (self._status.completed, self._status.total) if self._status else (0, 0)

    @property
    def token(self) -> str:
        """Plain JSON from which ``AsyncPlaceEnrichment.batch(token)`` reattaches."""
        return self._client._token(self.id)

    async def refresh(self) -> BatchStatus:
        """Fetch the current status."""
        self._status = await self._client._http.run(self._client._core.status_steps(self.id))
        return self._status

    async def wait(
        self, timeout: float | None = 600.0, on_progress: Callable[[int, int], Any] | None = None
    ) -> BatchStatus:
        """Poll until the batch is completed or failed (see :meth:`Batch.wait`)."""
        self._status = await self._client._http.run(
            self._client._core.wait_steps(
                self.id,
                self._status,
                timeout,
                on_progress,
                on_status=self._seen,
                since=self._since,
            )
        )
        return self._status

    def _seen(self, status: BatchStatus) -> None:
        self._status = status

    async def results(self) -> AsyncIterator[PlaceResult]:
        """Every job result of the batch, fetched page by page as you iterate."""
        async for item in iter_async(self._client._core.results_steps(self.id), self._client._http):
            yield item

    async def failed(self) -> list[str]:
        """Place ids of the jobs that failed (from a fresh status)."""
        return list((await self.refresh()).failed_ids)

    async def reprocess(
        self,
        failed_only: bool = True,
        *,
        incomplete_only: bool = False,
        refresh: bool = False,
        attributes: Sequence[str] | None = None,
        attribute_set: str | None = None,
    ) -> dict[str, Any]:
        """Re-queue the batch's failed (or incomplete, or all) jobs."""
        body = self._client._reprocess_body(
            failed_only, incomplete_only, refresh, attributes, attribute_set
        )
        answer = await self._client._http.run(self._client._core.reprocess_steps(self.id, body))
        self._status = None
        return answer

    def __repr__(self) -> str:
        return f"AsyncBatch(id={self.id!r}, status={self.status!r})"


class AsyncPlaceEnrichment(_PlaceBase):
    """Asyncio Place Enrichment client; same arguments and methods as ``PlaceEnrichment``."""

    def __init__(self, api_key: str | None = None, **kwargs: Any) -> None:
        super().__init__(api_key, **kwargs)
        self._http = AsyncHttp(self._settings)

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._http.close()

    async def __aenter__(self) -> AsyncPlaceEnrichment:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def create_batch(
        self,
        jobs: Any,
        attributes: Sequence[str] | None = None,
        *,
        batch_name: str = "bulk-enrich",
        attribute_set: str | None = None,
        batch_id: str | None = None,
        kick_off_jobs_now: bool = True,
    ) -> AsyncBatch:
        """Create a batch of at most 50,000 places (or add them to ``batch_id``)."""
        items, attrs, attr_set = self._create_args(jobs, attributes, attribute_set)
        status = await self._http.run(
            self._core.create_steps(items, batch_name, attrs, attr_set, batch_id, kick_off_jobs_now)
        )
        return AsyncBatch(self, status.batch_id, status)

    def batch(self, batch_id: str) -> AsyncBatch:
        """Reattach to a batch from its id or its ``token``."""
        return AsyncBatch(self, self._batch_id(batch_id))

    async def batches(self, query: str | None = None) -> AsyncIterator[BatchSummary]:
        """Every batch whose name contains ``query``, page by page."""
        async for item in iter_async(self._core.batches_steps(query), self._http):
            yield item

    def iter_enrich_many(
        self,
        places: Any,
        attributes: Sequence[str] | None = None,
        *,
        attribute_set: str | None = None,
        batch_name: str | None = None,
        chunk_size: int | None = None,
        max_concurrency: int | None = None,
        max_wait: float | Default | None = DEFAULT,
        on_progress: Callable[[Progress], Any] | None = None,
        on_batch_created: Callable[[int, str], Any] | None = None,
        resume_batches: Mapping[int, str] | None = None,
        work_dir: str | Path | None = None,
    ) -> AsyncRunIterator[PlaceResult]:
        """Async iterator of ``(place_id, PlaceResult)`` in input order; validates immediately."""
        coord, stack = self._prepare(
            places,
            attributes,
            attribute_set=attribute_set,
            batch_name=batch_name,
            chunk_size=chunk_size,
            max_concurrency=max_concurrency,
            max_wait=max_wait,
            on_progress=on_progress,
            on_batch_created=on_batch_created,
            resume_batches=resume_batches,
            work_dir=work_dir,
        )
        return AsyncRunIterator(coord, stack, self._http)

    async def enrich_many(
        self, places: Any, attributes: Sequence[str] | None = None, **kwargs: Any
    ) -> PlaceResults:
        """Enrich any number of places (see :meth:`PlaceEnrichment.enrich_many`)."""
        run = self.iter_enrich_many(places, attributes, **kwargs)
        items = [item async for item in run]
        return PlaceResults(items, batches=[run.job_ids[i] for i in sorted(run.job_ids)])

    async def enrich(
        self,
        place: Any,
        attributes: Sequence[str] | None = None,
        *,
        attribute_set: str | None = None,
        refresh: bool = False,
    ) -> PlaceResult:
        """Enrich one place synchronously on the server."""
        job = self._single_job(place, attributes, attribute_set, refresh)
        return await self._http.run(self._core.enrich_steps(job))

    async def job(self, place_id: str) -> PlaceResult:
        """One job result by place id."""
        return await self._http.run(self._core.job_steps(place_id))

    async def attributes(self) -> V1AttributesResponse:
        """The attribute catalogue (core, all, custom)."""
        return await self._http.run(self._core.attributes_steps())
