"""``AsyncPlaceEnrichment``: the asyncio twin of :mod:`bulk_enrich.places.client`.

It differs from the sync client only in ``await`` (a test compares them).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from bulk_enrich.batches import ResultBatch
from bulk_enrich.drivers.aio import AsyncDriver, AsyncRunIterator
from bulk_enrich.engine.inputs import input_index
from bulk_enrich.engine.runs import DEFAULT, Default, Progress, ordered_ids
from bulk_enrich.jobs import AsyncJobHandle
from bulk_enrich.places.base import PlaceBase
from bulk_enrich.places.operations import BatchStatus
from bulk_enrich.preflight import check_attributes_async
from bulk_enrich.results import PlaceResult, PlaceResults

if TYPE_CHECKING:
    from place_enrichment_api.models.batch_summary import BatchSummary
    from place_enrichment_api.models.v1_attributes_response import V1AttributesResponse


class AsyncBatch(AsyncJobHandle[BatchStatus]):
    """A Place Enrichment batch: live state, adaptive waiting, paginated results, reprocessing.

    ``status`` is pending, queued, in_progress, completed, failed (or a status the server
    added); ``progress`` is ``(finished jobs, total jobs)``.
    """

    def __init__(
        self, client: AsyncPlaceEnrichment, batch_id: str, status: BatchStatus | None = None
    ) -> None:
        super().__init__(client._http, client._core, client._token, batch_id, status)
        self._client = client

    @property
    def name(self) -> str:
        """The batch's name (empty before the first ``refresh``)."""
        return self._status.name if self._status else ""

    async def results(self) -> AsyncIterator[PlaceResult]:
        """Every job result of the batch, fetched page by page as you iterate."""
        async for item in self._driver.iterate(self._client._core.results_steps(self.id)):
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
        """Re-queue the batch's failed (or incomplete, or all) jobs; returns the server's answer."""
        body = self._client._reprocess_body(
            failed_only, incomplete_only, refresh, attributes, attribute_set
        )
        answer = await self._driver.run(self._client._core.reprocess_steps(self.id, body))
        self._status = None
        return answer

    async def delete(self) -> dict[str, Any]:
        """Delete the batch, which stops its unfinished jobs (the API's way to cancel it)."""
        return await self._client.delete_batch(self.id)

    async def rename(self, batch_name: str) -> dict[str, Any]:
        """Give the batch a new name; returns the server's answer."""
        from bulk_enrich.places import manage

        answer = await self._driver.run(manage.update_batch_steps(self.id, batch_name, None))
        self._status = None
        return answer

    async def mark_refresh(self, refresh: bool = True) -> dict[str, Any]:
        """Mark the batch for refresh (its enrichment re-runs), or unmark it."""
        answer = await self._client.refresh_batches([self.id], refresh)
        self._status = None
        return answer


class AsyncPlaceEnrichment(PlaceBase):
    """Asyncio Place Enrichment client: the same arguments and methods as ``PlaceEnrichment``.

    Key: ``api_key=`` | env ``PLACE_ENRICHMENT_API_KEY`` | env ``REPROMPT_API_KEY``.
    Organization: ``org_slug=`` | env ``PLACE_ENRICHMENT_ORG``. Host: ``base_url=`` | env
    ``PLACE_ENRICHMENT_BASE_URL`` | ``https://api.repromptai.com``; requests go to
    ``{base_url}/v1/{org_slug}``.
    """

    def __init__(self, api_key: str | None = None, **kwargs: Any) -> None:
        super().__init__(api_key, **kwargs)
        self._http = AsyncDriver(self._settings)

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
        """Every batch (newest first) whose name contains ``query``, page by page."""
        async for item in self._http.iterate(self._core.batches_steps(query)):
            yield item

    def iter_enrich_batches(
        self, places: Any, attributes: Sequence[str] | None = None, **kwargs: Any
    ) -> AsyncRunIterator[ResultBatch]:
        """Like :meth:`iter_enrich_many`, but yield ``(batch id, ResultBatch)`` per batch in
        input order: its flat results column by column (``to_polars()``, ``to_arrow()``)."""
        run = self.iter_enrich_many(places, attributes, **kwargs)
        run.coord.batched = True
        return cast(AsyncRunIterator[ResultBatch], run)

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
        """Like :meth:`enrich_many`, but yield ``(place_id, PlaceResult)`` in input order.

        A list is validated before the first request; an iterator is read and validated as
        batches are needed (see :meth:`PingData.iter_enhance_many`).
        """
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
        self,
        places: Any,
        attributes: Sequence[str] | None = None,
        *,
        preflight: bool = True,
        **kwargs: Any,
    ) -> PlaceResults:
        """Enrich any number of places: one batch per 50,000 (or ``chunk_size``), merged.

        First (``preflight``) the attributes are checked against ``/attributes``, as by
        :meth:`PlaceEnrichment.enrich_many <bulk_enrich.PlaceEnrichment.enrich_many>`.

        Keyword arguments are those of :meth:`iter_enrich_many`. Returns a
        :class:`PlaceResults` keyed by place id in input order; a job that did not complete is
        a failure in the results, not an exception. A batch unfinished after ``max_wait``
        seconds (the client's, 24 h, by default; None for no limit) raises
        :class:`WaitTimeout` with ``resume`` set.
        """
        for token in (kwargs.get("resume_batches") or {}).values():
            self._batch_id(token)  # a token of another server is refused before any request
        if preflight and attributes is not None:
            attributes = await check_attributes_async(self, attributes)
        run = self.iter_enrich_many(places, attributes, **kwargs)
        items = [item async for item in run]
        return PlaceResults(
            items,
            batches=ordered_ids(run.job_ids),
            attributes=list(attributes or ()),
            index=input_index(places),
        )

    async def enrich(
        self,
        place: Any,
        attributes: Sequence[str] | None = None,
        *,
        attribute_set: str | None = None,
        refresh: bool = False,
    ) -> PlaceResult:
        """Enrich one place synchronously (``place_id`` is generated if absent)."""
        job = self._single_job(place, attributes, attribute_set, refresh)
        return await self._http.run(self._core.enrich_steps(job))

    async def job(self, place_id: str) -> PlaceResult:
        """One job result by place id."""
        return await self._http.run(self._core.job_steps(place_id))

    async def delete_batch(self, batch_id: str) -> dict[str, Any]:
        """Delete (cancel) a batch by id or token: it is gone and its unfinished jobs stop."""
        from bulk_enrich.places import manage

        return await self._http.run(manage.delete_batch_steps(self._batch_id(batch_id)))

    async def rename_batch(self, batch_id: str, batch_name: str) -> dict[str, Any]:
        """Rename a batch; returns the server's answer."""
        from bulk_enrich.places import manage

        steps = manage.update_batch_steps(self._batch_id(batch_id), batch_name, None)
        return await self._http.run(steps)

    async def refresh_batches(
        self, batch_ids: Sequence[str], refresh: bool = True
    ) -> dict[str, Any]:
        """Mark batches for refresh (``refresh=False`` unmarks them); the answer lists the
        ``updated`` and ``missing`` ids."""
        from bulk_enrich.places import manage

        ids = [self._batch_id(b) for b in batch_ids]
        return await self._http.run(manage.refresh_batches_steps(ids, refresh))

    async def submit_job(
        self,
        place: Any,
        attributes: Sequence[str] | None = None,
        *,
        attribute_set: str | None = None,
        refresh: bool = False,
    ) -> dict[str, Any]:
        """Submit one place for asynchronous enrichment; read it later with :meth:`job`."""
        from bulk_enrich.places import manage

        job = self._single_job(place, attributes, attribute_set, refresh)
        return await self._http.run(manage.submit_job_steps(job))

    async def delete_job(self, place_id: str) -> dict[str, Any]:
        """Delete a place's job."""
        from bulk_enrich.places import manage

        return await self._http.run(manage.delete_job_steps(place_id))

    async def reprocess_jobs(
        self,
        place_ids: Sequence[str],
        attributes: Sequence[str] | None = None,
        *,
        attribute_set: str | None = None,
        refresh: bool = False,
    ) -> dict[str, Any]:
        """Run the jobs of these places again; returns the server's answer."""
        from bulk_enrich.places import manage

        steps = manage.reprocess_jobs_steps(place_ids, attributes, attribute_set, refresh)
        return await self._http.run(steps)

    async def attributes(self) -> V1AttributesResponse:
        """The attribute catalogue (core, all, custom)."""
        return await self._http.run(self._core.attributes_steps())
