"""``PlaceEnrichment``: the synchronous Place Enrichment client (batches, results, enrich).

Its asyncio twin, :mod:`bulk_enrich.places.aio`, differs only in ``await``. The batch
management calls (:mod:`~bulk_enrich.places.manage`) are imported when first used: an
enrichment run does not need them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from bulk_enrich.batches import ResultBatch
from bulk_enrich.drivers.sync import RunIterator, SyncDriver
from bulk_enrich.engine.inputs import input_index
from bulk_enrich.engine.runs import DEFAULT, Default, Progress, ordered_ids
from bulk_enrich.jobs import JobHandle
from bulk_enrich.places.base import PlaceBase
from bulk_enrich.places.operations import BatchStatus
from bulk_enrich.preflight import check_attributes
from bulk_enrich.results import PlaceResult, PlaceResults

if TYPE_CHECKING:
    from place_enrichment_api.models.batch_summary import BatchSummary
    from place_enrichment_api.models.v1_attributes_response import V1AttributesResponse


class Batch(JobHandle[BatchStatus]):
    """A Place Enrichment batch: live state, adaptive waiting, paginated results, reprocessing.

    ``status`` is pending, queued, in_progress, completed, failed (or a status the server
    added); ``progress`` is ``(finished jobs, total jobs)``.
    """

    def __init__(
        self, client: PlaceEnrichment, batch_id: str, status: BatchStatus | None = None
    ) -> None:
        super().__init__(client._http, client._core, client._token, batch_id, status)
        self._client = client

    @property
    def name(self) -> str:
        """The batch's name."""
        return self.info.name

    def results(self) -> Iterator[PlaceResult]:
        """Every job result of the batch, fetched page by page as you iterate."""
        yield from self._driver.iterate(self._client._core.results_steps(self.id))

    def failed(self) -> list[str]:
        """Place ids of the jobs that failed (from a fresh status)."""
        return list(self.refresh().failed_ids)

    def reprocess(
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
        answer = self._driver.run(self._client._core.reprocess_steps(self.id, body))
        self._status = None
        return answer

    def delete(self) -> dict[str, Any]:
        """Delete the batch, which stops its unfinished jobs (the API's way to cancel it)."""
        return self._client.delete_batch(self.id)

    def rename(self, batch_name: str) -> dict[str, Any]:
        """Give the batch a new name; returns the server's answer."""
        from bulk_enrich.places import manage

        answer = self._driver.run(manage.update_batch_steps(self.id, batch_name, None))
        self._status = None
        return answer

    def mark_refresh(self, refresh: bool = True) -> dict[str, Any]:
        """Mark the batch for refresh (its enrichment re-runs), or unmark it."""
        answer = self._client.refresh_batches([self.id], refresh)
        self._status = None
        return answer


class PlaceEnrichment(PlaceBase):
    """Synchronous Place Enrichment client.

    Key: ``api_key=`` | env ``PLACE_ENRICHMENT_API_KEY`` | env ``REPROMPT_API_KEY``.
    Organization: ``org_slug=`` | env ``PLACE_ENRICHMENT_ORG``. Host: ``base_url=`` | env
    ``PLACE_ENRICHMENT_BASE_URL`` | ``https://api.repromptai.com``; requests go to
    ``{base_url}/v1/{org_slug}``.
    """

    def __init__(self, api_key: str | None = None, **kwargs: Any) -> None:
        super().__init__(api_key, **kwargs)
        self._http = SyncDriver(self._settings)

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def __enter__(self) -> PlaceEnrichment:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def create_batch(
        self,
        jobs: Any,
        attributes: Sequence[str] | None = None,
        *,
        batch_name: str = "bulk-enrich",
        attribute_set: str | None = None,
        batch_id: str | None = None,
        kick_off_jobs_now: bool = True,
    ) -> Batch:
        """Create a batch of at most 50,000 places (or add them to ``batch_id``)."""
        items, attrs, attr_set = self._create_args(jobs, attributes, attribute_set)
        status = self._http.run(
            self._core.create_steps(items, batch_name, attrs, attr_set, batch_id, kick_off_jobs_now)
        )
        return Batch(self, status.batch_id, status)

    def batch(self, batch_id: str) -> Batch:
        """Reattach to a batch from its id or its ``token``."""
        return Batch(self, self._batch_id(batch_id))

    def batches(self, query: str | None = None) -> Iterator[BatchSummary]:
        """Every batch (newest first) whose name contains ``query``, page by page."""
        yield from self._http.iterate(self._core.batches_steps(query))

    def iter_enrich_batches(
        self, places: Any, attributes: Sequence[str] | None = None, **kwargs: Any
    ) -> RunIterator[ResultBatch]:
        """Like :meth:`iter_enrich_many`, but yield ``(batch id, ResultBatch)`` per batch in
        input order: its flat results column by column (``to_polars()``, ``to_arrow()``)."""
        run = self.iter_enrich_many(places, attributes, **kwargs)
        run.coord.batched = True
        return cast(RunIterator[ResultBatch], run)

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
    ) -> RunIterator[PlaceResult]:
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
        return RunIterator(coord, stack, self._http)

    def enrich_many(
        self,
        places: Any,
        attributes: Sequence[str] | None = None,
        *,
        preflight: bool = True,
        **kwargs: Any,
    ) -> PlaceResults:
        """Enrich any number of places: one batch per 50,000 (or ``chunk_size``), merged.

        First (``preflight``, by default) the attributes are checked against ``/attributes``
        (case-insensitive): an unknown one raises
        :class:`~bulk_enrich.preflight.UnknownNameError` before any batch.

        Keyword arguments are those of :meth:`iter_enrich_many`. Returns a
        :class:`PlaceResults` keyed by place id in input order; a job that did not complete is
        a failure in the results, not an exception. A batch unfinished after ``max_wait``
        seconds (the client's, 24 h, by default; None for no limit) raises
        :class:`WaitTimeout` with ``resume`` set.
        """
        for token in (kwargs.get("resume_batches") or {}).values():
            self._batch_id(token)  # a token of another server is refused before any request
        if preflight and attributes is not None:
            attributes = check_attributes(self, attributes)
        run = self.iter_enrich_many(places, attributes, **kwargs)
        items = list(run)
        return PlaceResults(
            items,
            batches=ordered_ids(run.job_ids),
            attributes=list(attributes or ()),
            index=input_index(places),
        )

    def enrich(
        self,
        place: Any,
        attributes: Sequence[str] | None = None,
        *,
        attribute_set: str | None = None,
        refresh: bool = False,
    ) -> PlaceResult:
        """Enrich one place synchronously (``place_id`` is generated if absent)."""
        job = self._single_job(place, attributes, attribute_set, refresh)
        return self._http.run(self._core.enrich_steps(job))

    def job(self, place_id: str) -> PlaceResult:
        """One job result by place id."""
        return self._http.run(self._core.job_steps(place_id))

    def delete_batch(self, batch_id: str) -> dict[str, Any]:
        """Delete (cancel) a batch by id or token: it is gone and its unfinished jobs stop."""
        from bulk_enrich.places import manage

        return self._http.run(manage.delete_batch_steps(self._batch_id(batch_id)))

    def rename_batch(self, batch_id: str, batch_name: str) -> dict[str, Any]:
        """Rename a batch; returns the server's answer."""
        from bulk_enrich.places import manage

        steps = manage.update_batch_steps(self._batch_id(batch_id), batch_name, None)
        return self._http.run(steps)

    def refresh_batches(self, batch_ids: Sequence[str], refresh: bool = True) -> dict[str, Any]:
        """Mark batches for refresh (``refresh=False`` unmarks them); the answer lists the
        ``updated`` and ``missing`` ids."""
        from bulk_enrich.places import manage

        ids = [self._batch_id(b) for b in batch_ids]
        return self._http.run(manage.refresh_batches_steps(ids, refresh))

    def submit_job(
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
        return self._http.run(manage.submit_job_steps(job))

    def delete_job(self, place_id: str) -> dict[str, Any]:
        """Delete a place's job."""
        from bulk_enrich.places import manage

        return self._http.run(manage.delete_job_steps(place_id))

    def reprocess_jobs(
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
        return self._http.run(steps)

    def attributes(self) -> V1AttributesResponse:
        """The attribute catalogue (core, all, custom)."""
        return self._http.run(self._core.attributes_steps())
