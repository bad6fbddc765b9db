"""Place Enrichment logic shared by the sync and async clients: requests, parsing, runs.

The generated calls an enrichment run does not make are imported where they are used."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar, cast

from place_enrichment_api.api.attributes import get_attributes
from place_enrichment_api.api.batches import create_batch, get_batch
from place_enrichment_api.api.jobs import list_jobs
from place_enrichment_api.models.attribute_set import AttributeSet
from place_enrichment_api.models.place_batch_payload import PlaceBatchPayload
from place_enrichment_api.models.submitted_place_batch_response import (
    SubmittedPlaceBatchResponse,
)
from place_enrichment_api.models.v1_attributes_response import V1AttributesResponse
from place_enrichment_api.types import UNSET, Unset

from bulk_enrich.engine.effects import Call, EmitSteps, Steps
from bulk_enrich.engine.jsonbytes import json_bytes
from bulk_enrich.engine.paging import Page, paginate
from bulk_enrich.engine.polling import PollSchedule
from bulk_enrich.engine.retry import parse_retry_after
from bulk_enrich.engine.waiting import wait_steps
from bulk_enrich.engine.wire import parse_model
from bulk_enrich.errors import InvalidInputError, ServerError, excerpt, shown
from bulk_enrich.logs import get_logger
from bulk_enrich.results import PlaceResult

if TYPE_CHECKING:
    from place_enrichment_api.models.batch_summary import BatchSummary

log = get_logger("bulk_enrich.places")
T = TypeVar("T")
#: Reads a ``GET /jobs`` answer's body into a :class:`Page` (ValueError if not JSON).
PageDecode = Callable[[bytes], Page]

#: The API's hard limit of jobs per batch request.
MAX_BATCH_JOBS = 50_000
PAGE_SIZE = 10_000
TERMINAL = frozenset({"completed", "failed"})
KNOWN = frozenset({"pending", "queued", "in_progress", *TERMINAL})
_warned: set[str] = set()


def _list(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    return value if isinstance(value, list) else []


def page_jobs(data: Any) -> tuple[list[Any], int | None]:
    """``(jobs, total)`` of a ``GET /jobs`` page (a saved page is the page as received; one
    saved by an earlier version is the bare list of jobs)."""
    if isinstance(data, list):
        return data, None
    if not isinstance(data, dict):
        return [], None
    total = data.get("total")
    return _list(data, "jobs"), total if isinstance(total, int) else None


def _dict(data: Mapping[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


@dataclass(frozen=True)
class BatchStatus:
    """A batch's state as last seen: counts of jobs per status, ``raw`` the server's answer."""

    batch_id: str
    state: str
    name: str = ""
    counts: Mapping[str, int] = field(default_factory=dict)
    failed_ids: tuple[str, ...] = ()
    retry_after: float | None = None
    raw: Mapping[str, Any] = field(default_factory=dict)

    @property
    def terminal(self) -> bool:
        """``completed`` or ``failed``."""
        return self.state in TERMINAL

    @property
    def processing_seconds(self) -> float | None:
        """None: a batch's status reports no processing time."""
        return None

    @property
    def failed(self) -> bool:
        """The batch as a whole failed."""
        return self.state == "failed"

    @property
    def total(self) -> int:
        """Jobs in the batch."""
        return sum(self.counts.values())

    @property
    def completed(self) -> int:
        """Jobs finished, successfully or not."""
        return self.counts.get("completed", 0) + self.counts.get("failed", 0)

    @property
    def message(self) -> str | None:
        """A short description of a failed batch."""
        if not self.failed:
            return None
        return f"batch failed ({self.counts.get('failed', 0)} of {self.total} jobs failed)"

    @property
    def model(self) -> SubmittedPlaceBatchResponse | None:
        """The generated model (None if the answer does not fit the spec)."""
        try:
            return SubmittedPlaceBatchResponse.from_dict(self.raw)
        except Exception:
            return None


def parse_batch(
    data: Any, headers: Mapping[str, str] | None = None, batch_id: str = ""
) -> BatchStatus:
    """Read a batch answer tolerantly (unknown statuses and keys do not raise)."""
    data = data if isinstance(data, dict) else {}
    jobs = _dict(data, "jobs")
    counts = {k: len(v) for k, v in jobs.items() if isinstance(v, list)}
    state = str(data.get("status") or "pending").lower()  # the vendor's default when absent
    if state not in KNOWN and state not in _warned:
        _warned.add(state)
        log.warning("batch status %r is unknown; treating it as not finished", state)
    failed = _list(jobs, "failed")
    return BatchStatus(
        batch_id=str(data.get("id") or batch_id),
        state=state,
        name=str(data.get("batch_name") or ""),
        counts=counts,
        failed_ids=tuple(str(x) for x in failed),
        retry_after=parse_retry_after(headers or {}),
        raw=data,
    )


@dataclass
class PlaceCore:
    """Request building, parsing and waiting for Place Enrichment, free of network I/O."""

    schedule: PollSchedule = field(default_factory=PollSchedule)
    chunk_size: int = MAX_BATCH_JOBS
    max_body_bytes: int = 32 * 1024 * 1024
    max_concurrency: int = 4
    page_size: int = PAGE_SIZE

    def create_steps(
        self,
        jobs: Sequence[Mapping[str, Any]],
        batch_name: str,
        attributes: Sequence[str] | None,
        attribute_set: str | None,
        batch_id: str | None = None,
        kick_off: bool = True,
        encoded: bytes | None = None,
    ) -> Steps[BatchStatus]:
        """Create a batch; ``encoded`` is ``jobs`` already as a JSON array, if at hand."""
        if encoded is None:
            encoded = json_bytes(list(jobs), "a place")
        return (
            yield from self.create_encoded_steps(
                encoded, len(jobs), batch_name, attributes, attribute_set, batch_id, kick_off
            )
        )

    def create_encoded_steps(
        self,
        encoded: bytes,
        count: int,
        batch_name: str,
        attributes: Sequence[str] | None,
        attribute_set: str | None,
        batch_id: str | None = None,
        kick_off: bool = True,
    ) -> Steps[BatchStatus]:
        """Create a batch of ``count`` jobs given as their JSON array, ``encoded``."""
        payload = PlaceBatchPayload(
            batch_name=batch_name,
            jobs=[],
            kick_off_jobs_now=kick_off,
            attributes=_opt(None if attributes is None else list(attributes)),
            attribute_set=_opt(None if attribute_set is None else AttributeSet(attribute_set)),
            batch_id=_opt(batch_id),
        )
        started = time.monotonic()
        reply = yield Call.of(
            create_batch.build_request(body=payload),
            idempotent=batch_id is not None,
            encoded=("jobs", encoded),
        )
        status = parse_batch(reply.data, reply.headers)
        if not status.batch_id:
            raise ServerError(
                "create_batch: the answer has no batch id",
                status=reply.status,
                body_excerpt=excerpt(json.dumps(reply.data)),
            )
        log.info(
            "batch %s created: %d places in %.2fs",
            status.batch_id,
            count,
            time.monotonic() - started,
        )
        return status

    def status_steps(self, batch_id: str) -> Steps[BatchStatus]:
        reply = yield Call.of(get_batch.build_request(batch_id), job_id=batch_id)
        return parse_batch(reply.data, reply.headers, batch_id)

    def wait_steps(
        self,
        batch_id: str,
        status: BatchStatus | None,
        timeout: float | None,
        on_progress: Callable[[int, int], Any] | None,
        *,
        on_status: Callable[[BatchStatus], Any] | None = None,
        since: float | None = None,
    ) -> Steps[BatchStatus]:
        """Poll until the batch is completed or failed (``since``: see ``PingCore.wait_steps``)."""
        return (
            yield from wait_steps(
                lambda: self.status_steps(batch_id),
                status,
                schedule=self.schedule,
                timeout=timeout,
                on_progress=on_progress,
                on_status=on_status,
                job_id=batch_id,
                since=since,
                kind="batch",
            )
        )

    def page_steps(
        self, batch_id: str, offset: int, decode: PageDecode | None = None
    ) -> Steps[Page]:
        """One page of a batch's job results; ``decode`` reads the answer's body into a page
        instead of parsing it (see :func:`page_jobs`)."""
        request = list_jobs.build_request(batch_id=batch_id, limit=self.page_size, offset=offset)
        if decode is not None:
            reply = yield Call.of(request, job_id=batch_id, decode=decode)
            page = reply.data if isinstance(reply.data, Page) else Page([], None)
            return replace(page, raw=reply.raw)
        reply = yield Call.of(request, job_id=batch_id)
        return Page(*page_jobs(reply.data), reply.raw)

    def pages_steps(
        self,
        batch_id: str,
        on_page: Callable[[Page], Any],
        limit: int | None = None,
        decode: PageDecode | None = None,
    ) -> Steps[int]:
        """Page through a batch's job results (see :func:`paginate`; ``limit``: the jobs the
        batch can hold; ``decode``: see :meth:`page_steps`); ``on_page`` gets each page;
        returns the number of results."""

        def each(page: Page) -> tuple[()]:
            on_page(page)
            return ()

        fetch = partial(self.page_steps, batch_id, decode=decode)
        pages = paginate(fetch, each, f"batch {shown(batch_id)}", limit=limit)
        return (yield from cast(Steps[int], pages))  # ``each`` emits nothing

    def results_steps(self, batch_id: str) -> EmitSteps:
        """Emit a :class:`PlaceResult` per job of the batch (auto-paginating)."""

        def each(page: Page) -> Iterator[PlaceResult]:
            for job in page.items:
                if isinstance(job, dict):
                    yield PlaceResult(str(job.get("place_id")), job)

        yield from paginate(partial(self.page_steps, batch_id), each, f"batch {shown(batch_id)}")

    def reprocess_steps(self, batch_id: str, body: Mapping[str, Any]) -> Steps[dict[str, Any]]:
        from place_enrichment_api.api.batches import reprocess_batch
        from place_enrichment_api.models.reprocess_batch_request import ReprocessBatchRequest

        request = reprocess_batch.build_request(
            batch_id, body=ReprocessBatchRequest(**{k: _opt(v) for k, v in body.items()})
        )
        reply = yield Call.of(request, idempotent=False, job_id=batch_id)
        return reply.data if isinstance(reply.data, dict) else {}

    def batches_steps(self, query: str | None, limit: int = 100) -> EmitSteps:
        """Emit every batch summary matching ``query`` (auto-paginating on ``total``)."""
        from place_enrichment_api.api.batches import list_batches
        from place_enrichment_api.models.batch_summary import BatchSummary

        def fetch(offset: int) -> Steps[Page]:
            request = list_batches.build_request(limit=limit, offset=offset, query=query or UNSET)
            reply = yield Call.of(request)
            data = reply.data if isinstance(reply.data, dict) else {}
            total = data.get("total")
            return Page(_list(data, "batches"), total if isinstance(total, int) else None)

        def each(page: Page) -> Iterator[BatchSummary]:
            for item in page.items:
                try:
                    yield BatchSummary.from_dict(item)
                except Exception:
                    log.warning("skipping a batch summary that does not fit the spec")

        yield from paginate(fetch, each, "list_batches")

    def enrich_steps(self, job: Mapping[str, Any]) -> Steps[PlaceResult]:
        from place_enrichment_api.api.jobs import enrich_place
        from place_enrichment_api.models.place_job import PlaceJob

        try:
            body = PlaceJob.from_dict(dict(job))
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidInputError(
                f"enrich_place: the place does not fit the API: {exc}"
            ) from None
        reply = yield Call.of(enrich_place.build_request(body=body))
        data = reply.data if isinstance(reply.data, dict) else {}
        return PlaceResult(str(data.get("place_id") or job.get("place_id")), data)

    def job_steps(self, place_id: str) -> Steps[PlaceResult]:
        from place_enrichment_api.api.jobs import get_job

        reply = yield Call.of(get_job.build_request(place_id))
        data = reply.data if isinstance(reply.data, dict) else {}
        return PlaceResult(str(data.get("place_id") or place_id), data)

    def attributes_steps(self) -> Steps[V1AttributesResponse]:
        reply = yield Call.of(get_attributes.build_request())
        return parse_model(
            get_attributes.parse_response,
            reply.status,
            reply.raw,
            V1AttributesResponse,
            "get_attributes",
        )


def _opt(value: T) -> T | Unset:
    """``None`` (not given) as the generated code's UNSET, so it is left out of the request."""
    return UNSET if value is None else value
