"""Place Enrichment logic shared by the sync and async clients: requests, parsing, runs."""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from place_enrichment_api.models.batch_summary import BatchSummary
from place_enrichment_api.models.submitted_place_batch_response import (
    SubmittedPlaceBatchResponse,
)
from place_enrichment_api.models.v1_attributes_response import V1AttributesResponse

from bulk_enrich.chunking import Chunk, ChunkFeed, plan_chunks
from bulk_enrich.errors import ServerError, excerpt
from bulk_enrich.http import Call, Emit, EmitSteps, Steps
from bulk_enrich.inputs import PlaceCheck, normalize_places, validate_attributes
from bulk_enrich.jsonstream import loads
from bulk_enrich.pipeline import ordered
from bulk_enrich.polling import PollSchedule
from bulk_enrich.results import PlaceResult
from bulk_enrich.retry import parse_retry_after
from bulk_enrich.waiting import wait_steps

log = logging.getLogger("bulk_enrich.places")

PE = "/place_enrichment"
#: The API's hard limit of jobs per batch request.
MAX_BATCH_JOBS = 50_000
PAGE_SIZE = 10_000
#: Pages just fetched stay parsed in memory up to this many bytes (as received; the parsed
#: objects take about four times as much) until their results are read.
KEEP_PARSED_PAGE_BYTES = 16 * 1024 * 1024
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
    state = str(data.get("status") or "unknown").lower()
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
        encoded: str | None = None,
    ) -> Steps[BatchStatus]:
        """Create a batch; ``encoded`` is ``jobs`` already as a JSON array, if at hand."""
        body: dict[str, Any] = {
            "batch_name": batch_name,
            "jobs": list(jobs),
            "kick_off_jobs_now": kick_off,
        }
        if attributes is not None:
            body["attributes"] = list(attributes)
        if attribute_set is not None:
            body["attribute_set"] = attribute_set
        if batch_id is not None:
            body["batch_id"] = batch_id
        started = time.monotonic()
        reply = yield Call(
            "POST",
            f"{PE}/batches",
            "create_batch",
            json=body,
            idempotent=batch_id is not None,
            encoded=None if encoded is None else ("jobs", encoded),
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
            len(jobs),
            time.monotonic() - started,
        )
        return status

    def status_steps(self, batch_id: str) -> Steps[BatchStatus]:
        reply = yield Call(
            "GET", f"{PE}/batches/{quote(batch_id, safe='')}", "get_batch", job_id=batch_id
        )
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
        self, batch_id: str, offset: int, limit: int
    ) -> Steps[tuple[list[Any], int | None]]:
        jobs, total, _raw = yield from self._page_steps(batch_id, offset, limit)
        return jobs, total

    def _page_steps(
        self, batch_id: str, offset: int, limit: int
    ) -> Steps[tuple[list[Any], int | None, bytes]]:
        params = {"batchId": batch_id, "limit": limit, "offset": offset}
        reply = yield Call("GET", f"{PE}/jobs", "list_jobs", params=params, job_id=batch_id)
        return (*page_jobs(reply.data), reply.raw)

    def pages_steps(
        self, batch_id: str, on_page: Callable[[bytes, int, list[Any]], Any] | None = None
    ) -> Steps[int]:
        """Page through a batch's job results until ``offset + len(jobs) >= total``.

        ``on_page(body, index, jobs)`` gets each page's body as received and its jobs as
        parsed. Stops on the server's
        ``total`` (not on a short page: servers cap the page size); an empty page before the
        total is reached ends the listing with a warning.
        """
        offset = 0
        pages = 0
        while True:
            jobs, total, raw = yield from self._page_steps(batch_id, offset, self.page_size)
            if on_page is not None:
                on_page(raw, pages, jobs)
            pages += 1
            offset += len(jobs)
            if total is None or offset >= total:
                return offset
            if not jobs:
                log.warning(
                    "batch %s: empty page at offset %d of %d; stopping", batch_id, offset, total
                )
                return offset

    def results_steps(self, batch_id: str) -> EmitSteps:
        """Emit a :class:`PlaceResult` per job of the batch (auto-paginating)."""
        offset = 0
        while True:
            jobs, total = yield from self.page_steps(batch_id, offset, self.page_size)
            for job in jobs:
                if isinstance(job, dict):
                    yield Emit(PlaceResult(str(job.get("place_id")), job))
            offset += len(jobs)
            if total is None or offset >= total or not jobs:
                return None

    def reprocess_steps(self, batch_id: str, body: Mapping[str, Any]) -> Steps[dict[str, Any]]:
        reply = yield Call(
            "POST",
            f"{PE}/batches/{quote(batch_id, safe='')}/reprocess",
            "reprocess_batch",
            json={k: v for k, v in body.items() if v is not None},
            idempotent=False,
            job_id=batch_id,
        )
        return reply.data if isinstance(reply.data, dict) else {}

    def batches_steps(self, query: str | None, limit: int = 100) -> EmitSteps:
        """Emit every batch summary matching ``query`` (auto-paginating on ``total``)."""
        offset = 0
        while True:
            params: dict[str, Any] = {"limit": limit, "offset": offset}
            if query:
                params["query"] = query
            reply = yield Call("GET", f"{PE}/batches", "list_batches", params=params)
            data = reply.data if isinstance(reply.data, dict) else {}
            batches = _list(data, "batches")
            for item in batches:
                try:
                    yield Emit(BatchSummary.from_dict(item))
                except Exception:
                    log.warning("skipping a batch summary that does not fit the spec")
            offset += len(batches)
            total = data.get("total")
            if not isinstance(total, int) or offset >= total or not batches:
                return None

    def enrich_steps(self, job: Mapping[str, Any]) -> Steps[PlaceResult]:
        reply = yield Call("POST", f"{PE}/enrich", "enrich_place", json=dict(job), idempotent=True)
        data = reply.data if isinstance(reply.data, dict) else {}
        return PlaceResult(str(data.get("place_id") or job.get("place_id")), data)

    def job_steps(self, place_id: str) -> Steps[PlaceResult]:
        reply = yield Call("GET", f"{PE}/jobs/{quote(place_id, safe='')}", "get_job")
        data = reply.data if isinstance(reply.data, dict) else {}
        return PlaceResult(str(data.get("place_id") or place_id), data)

    def attributes_steps(self) -> Steps[V1AttributesResponse]:
        reply = yield Call("GET", f"{PE}/attributes", "get_attributes")
        try:
            return V1AttributesResponse.from_dict(reply.data)
        except Exception as exc:
            raise ServerError("get_attributes: unexpected answer") from exc


class ParsedPages:
    """The jobs of pages just fetched, as parsed, until their results are read (saves parsing
    each page twice); at most :attr:`max_bytes` of pages (as received), the oldest dropped
    first (read back from its file instead)."""

    def __init__(self, max_bytes: int | None = None) -> None:
        self.max_bytes = KEEP_PARSED_PAGE_BYTES if max_bytes is None else max_bytes
        self._pages: dict[Path, tuple[list[Any], int]] = {}
        self._bytes = 0
        self._lock = threading.Lock()  # fetches run on worker threads

    def keep(self, path: Path, jobs: list[Any], size: int) -> None:
        """Keep ``jobs``, the parsed page saved at ``path`` (``size`` bytes as received)."""
        with self._lock:
            self._drop(path)
            self._pages[path] = (jobs, size)
            self._bytes += size
            while self._bytes > self.max_bytes and self._pages:
                self._drop(next(iter(self._pages)))

    def take(self, path: Path) -> list[Any] | None:
        """The kept jobs of ``path`` (no longer kept), or None."""
        with self._lock:
            entry = self._pages.get(path)
            self._drop(path)
        return entry[0] if entry else None

    def _drop(self, path: Path) -> None:
        entry = self._pages.pop(path, None)
        if entry is not None:
            self._bytes -= entry[1]


class PlaceBackend:
    """The Place Enrichment side of a multi-chunk run: one batch per chunk."""

    #: A failed batch still lists its jobs: fetch them (failed jobs become failures).
    fetch_failed = True

    def __init__(
        self,
        core: PlaceCore,
        jobs: Sequence[Mapping[str, Any]],
        batch_name: str,
        n_chunks: int | None,
        attributes: Sequence[str] | None,
        attribute_set: str | None,
        work_dir: Path,
        encoded: Callable[[Chunk], str | None] | None = None,
    ) -> None:
        self.core = core
        self.encoded = encoded
        self.jobs = jobs
        self.batch_name = batch_name
        self.n_chunks = n_chunks
        self.attributes = attributes
        self.attribute_set = attribute_set
        self.work_dir = work_dir
        self._parsed = ParsedPages()

    def submit_steps(self, chunk: Chunk) -> Steps[str | None]:
        if self.n_chunks == 1:
            name = self.batch_name
        elif self.n_chunks:
            name = f"{self.batch_name} [{chunk.index + 1}/{self.n_chunks}]"
        else:  # input read while it is sent: the number of batches is not known yet
            name = f"{self.batch_name} [{chunk.index + 1}]"
        encoded = self.encoded(chunk) if self.encoded is not None else None
        status = yield from self.core.create_steps(
            self.jobs[chunk.start : chunk.stop],
            name,
            self.attributes,
            self.attribute_set,
            encoded=encoded,
        )
        return status.batch_id

    def poll_steps(self, chunk: Chunk, job_id: str) -> Steps[BatchStatus]:
        return (yield from self.core.status_steps(job_id))

    def fetch_steps(self, chunk: Chunk, job_id: str, status: Any) -> Steps[list[Path]]:
        """Page through the batch's results, one JSON file per page in the work directory.

        Once every page is saved, ``chunk-NNNNN-complete.json`` lists them: a resumed run with
        the same work directory reuses those pages instead of fetching the batch again.
        """
        paths: list[Path] = []
        prefix = f"chunk-{chunk.index:05d}-"
        marker = self.work_dir / f"{prefix}complete.json"
        saved = self._saved_pages(marker, job_id)
        if saved is not None:
            log.info("batch %s: reusing %d saved page(s)", job_id, len(saved))
            return saved

        def save(body: bytes, page: int, jobs: list[Any]) -> None:
            # The page as received (the transport parsed it as JSON): no second encoding.
            path = self.work_dir / f"{prefix}page-{page:05d}.json"
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(body)
            os.replace(tmp, path)
            paths.append(path)
            self._parsed.keep(path, jobs, len(body))

        started = time.monotonic()
        count = yield from self.core.pages_steps(job_id, save)
        log.info(
            "batch %s: %d results in %d page(s), %.2fs",
            job_id,
            count,
            len(paths),
            time.monotonic() - started,
        )
        tmp = marker.with_suffix(".tmp")
        tmp.write_text(json.dumps({"batch_id": job_id, "pages": [p.name for p in paths]}))
        os.replace(tmp, marker)
        return paths

    def _saved_pages(self, marker: Path, job_id: str) -> list[Path] | None:
        """The pages a completed fetch of this batch left, or None to fetch them."""
        try:
            data = json.loads(marker.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("batch_id") != job_id:
            return None
        names = data.get("pages")
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            return None
        paths = [self.work_dir / Path(n).name for n in names]
        return paths if all(p.is_file() for p in paths) else None

    def results(
        self, chunk: Chunk, job_id: str | None, artifact: Any, failure: str | None
    ) -> Iterator[tuple[str, PlaceResult]]:
        expected = [str(j["place_id"]) for j in self.jobs[chunk.start : chunk.stop]]

        def stream() -> Iterator[tuple[str, PlaceResult]]:
            for path in artifact or []:
                jobs = self._parsed.take(path)
                if jobs is None:  # not fetched by this run, or no longer kept
                    jobs, _total = page_jobs(loads(path.read_bytes()))
                for job in jobs:
                    if isinstance(job, dict):
                        pid = str(job.get("place_id"))
                        yield pid, PlaceResult(pid, job)

        def missing(pid: str) -> PlaceResult:
            why = (
                f"batch {job_id} failed"
                if failure
                else f"missing from the results of batch {job_id}"
            )
            return PlaceResult.failure(pid, why)

        # The pages stay until the run's work directory is removed: a resumed run reuses them.
        yield from ordered(expected, stream(), missing)


def plan_places(
    core: PlaceCore,
    places: Any,
    attributes: Sequence[str] | None,
    attribute_set: str | None,
    chunk_size: int | None,
) -> tuple[list[dict[str, Any]], list[str] | None, str | None, list[Chunk] | ChunkFeed]:
    """Validate and plan the batches: all of them now, or, for an iterator, as they are needed."""
    attrs, attr_set = validate_attributes(attributes, attribute_set)
    size = min(chunk_size or core.chunk_size, MAX_BATCH_JOBS)
    if isinstance(places, Iterator):
        feed = ChunkFeed(places, PlaceCheck(), size, core.max_body_bytes)
        return feed.items, attrs, attr_set, feed
    jobs = normalize_places(places)
    return jobs, attrs, attr_set, plan_chunks(jobs, size, core.max_body_bytes)
