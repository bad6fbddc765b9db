"""Ping.Data logic shared by the sync and async clients: requests, parsing, waiting, runs.

Every operation is a generator of effects (see :mod:`bulk_enrich.http`); the clients only run
them. Nothing here does I/O except reading downloaded files.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ping_data_api.models.datasource_config import DatasourceConfig
from ping_data_api.models.get_bulk_enhance_api_view_response import GetBulkEnhanceAPIViewResponse
from ping_data_api.models.limits_response import LimitsResponse
from ping_data_api.models.usage_response import UsageResponse

from bulk_enrich.chunking import Chunk, ChunkFeed, plan_chunks
from bulk_enrich.errors import DownloadError, ServerError, excerpt
from bulk_enrich.files import safe_filename, same_origin
from bulk_enrich.http import Call, Fetch, Steps
from bulk_enrich.inputs import LocationCheck, OnInvalid, normalize_locations, validate_sources
from bulk_enrich.jsonstream import StreamParseError, iter_object_items
from bulk_enrich.pipeline import ordered
from bulk_enrich.polling import PollSchedule
from bulk_enrich.results import LocationResult
from bulk_enrich.waiting import wait_steps

log = logging.getLogger("bulk_enrich.ping")

BULK = "/api/v1/bulk_enhance"
TERMINAL = frozenset({"COMPLETE", "FAILED"})
KNOWN = frozenset({"PENDING", "QUEUED", "IN_PROGRESS", *TERMINAL})
#: Default locations per job. The API documents no maximum; 10,000 keeps a request body around
#: 2 MB (about 0.3 MB gzipped), a job's output around 20 MB, and gives a 1,000,000-location run
#: 100 jobs to pipeline (submit, process, download) rather than one monolith.
DEFAULT_CHUNK_SIZE = 10_000
DEFAULT_MAX_BODY_BYTES = 20 * 1024 * 1024
_warned_states: set[str] = set()


@dataclass(frozen=True)
class JobStatus:
    """A bulk job's state as last seen (``raw`` is the server's answer)."""

    job_id: str
    state: str
    completed: int = 0
    total: int = 0
    problems: int = 0
    result_status: str | None = None
    message: str | None = None
    outputs: tuple[tuple[str, str], ...] = ()
    retry_after: float | None = None
    raw: Mapping[str, Any] = field(default_factory=dict)

    @property
    def terminal(self) -> bool:
        """COMPLETE or FAILED."""
        return self.state in TERMINAL

    @property
    def failed(self) -> bool:
        """The job (or its result) failed."""
        return self.state == "FAILED" or (self.terminal and self.result_status == "FAILED")

    @property
    def model(self) -> GetBulkEnhanceAPIViewResponse | None:
        """The generated status model (None if the answer does not fit the spec)."""
        try:
            return GetBulkEnhanceAPIViewResponse.from_dict(self.raw)
        except Exception:
            return None


def parse_status(job_id: str, data: Any, headers: Mapping[str, str] | None = None) -> JobStatus:
    """Read a status answer tolerantly: unknown states and missing fields do not raise."""
    from bulk_enrich.retry import parse_retry_after

    data = data if isinstance(data, dict) else {}
    request = data.get("request") if isinstance(data.get("request"), dict) else {}
    result = data.get("result") if isinstance(data.get("result"), dict) else {}
    state = str(request.get("status") or "UNKNOWN").upper()
    if state not in KNOWN and state not in _warned_states:
        _warned_states.add(state)
        log.warning("job %s: unknown status %r; treating it as not finished", job_id, state)
    outputs: list[tuple[str, str]] = []
    for out in result.get("outputs") or []:
        if isinstance(out, dict) and (out.get("url") or out.get("filename")):
            outputs.append((str(out.get("filename") or ""), str(out.get("url") or "")))

    def num(value: Any) -> int:
        return value if isinstance(value, int) and not isinstance(value, bool) else 0

    return JobStatus(
        job_id=job_id,
        state=state,
        completed=num(request.get("num_completed")),
        total=num(request.get("num_requested")),
        problems=num(request.get("num_problems")),
        result_status=str(result["status"]).upper() if result.get("status") else None,
        message=str(result["message"]) if result.get("message") is not None else None,
        outputs=tuple(outputs),
        retry_after=parse_retry_after(headers or {}),
        raw=data,
    )


def _model(cls: Any, data: Any, what: str) -> Any:
    try:
        return cls.from_dict(data)
    except Exception as exc:
        raise ServerError(
            f"{what}: unexpected answer", body_excerpt=excerpt(json.dumps(data)[:400])
        ) from exc


def _segment(text: str) -> str:
    """``text`` as one URL path segment.

    A name of only dots (``.``, ``..``) is percent-encoded too: URL normalisation would
    otherwise turn it into a step up the path.
    """
    quoted = quote(text, safe="")
    return quoted.replace(".", "%2E") if quoted and not quoted.strip(".") else quoted


@dataclass
class PingCore:
    """Request building, parsing and waiting for Ping.Data, free of I/O."""

    base_url: str
    schedule: PollSchedule = field(default_factory=PollSchedule)
    chunk_size: int = DEFAULT_CHUNK_SIZE
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    max_concurrency: int = 8

    # -- single operations ------------------------------------------------------------------
    def submit_steps(
        self,
        locations: Sequence[Mapping[str, Any]],
        sources: Sequence[str],
        options: Mapping[str, Any],
        encoded: str | None = None,
    ) -> Steps[str]:
        """Create one job; ``encoded`` is ``locations`` already as a JSON array, if at hand."""
        body: dict[str, Any] = {"locations": list(locations), "sources": list(sources)}
        body.update({k: v for k, v in options.items() if v is not None})
        started = time.monotonic()
        spliced = None if encoded is None else ("locations", encoded)
        reply = yield Call(
            "POST", BULK, "start_bulk_enhance", json=body, idempotent=False, encoded=spliced
        )
        job_id = reply.data.get("id") if isinstance(reply.data, dict) else None
        if not isinstance(job_id, str) or not job_id:
            raise ServerError(
                "start_bulk_enhance: the answer has no job id",
                status=reply.status,
                body_excerpt=excerpt(json.dumps(reply.data)),
            )
        log.info(
            "job %s submitted: %d locations in %.2fs",
            job_id,
            len(body["locations"]),
            time.monotonic() - started,
        )
        return job_id

    def status_steps(self, job_id: str) -> Steps[JobStatus]:
        reply = yield Call(
            "GET", f"{BULK}/{quote(job_id, safe='')}", "get_bulk_enhance_status", job_id=job_id
        )
        return parse_status(job_id, reply.data, reply.headers)

    def wait_steps(
        self,
        job_id: str,
        status: JobStatus | None,
        timeout: float | None,
        on_progress: Callable[[int, int], Any] | None,
        *,
        on_status: Callable[[JobStatus], Any] | None = None,
        since: float | None = None,
    ) -> Steps[JobStatus]:
        """Poll until the job ends; raise JobFailed or WaitTimeout.

        ``since`` (``time.monotonic()``) is when the job was created or first seen: the
        schedule's delays are relative to the time since then (default: now).
        """
        return (
            yield from wait_steps(
                lambda: self.status_steps(job_id),
                status,
                schedule=self.schedule,
                timeout=timeout,
                on_progress=on_progress,
                on_status=on_status,
                job_id=job_id,
                since=since,
            )
        )

    def output_url(self, job_id: str, filename: str, url: str) -> str:
        """The URL to download: the server's, if on the API's own origin; else the spec's path."""
        if url.startswith("/") and not url.startswith("//"):
            return url
        if url and same_origin(url, self.base_url):
            return url
        if url:
            log.warning("job %s: output URL is on another origin; using the API's own path", job_id)
        return f"{BULK}/{_segment(job_id)}/output/{_segment(filename)}"

    def download_steps(
        self,
        status: JobStatus,
        directory: Path,
        *,
        prefix: str = "",
        validate: bool = True,
        reuse: bool = False,
    ) -> Steps[list[Path]]:
        """Download every output file of a finished job into ``directory``."""
        if not status.terminal or status.failed:
            raise DownloadError(f"job is {status.state}; nothing to download", job_id=status.job_id)
        if not status.outputs:
            raise DownloadError("the finished job lists no output file", job_id=status.job_id)
        paths: list[Path] = []
        used: set[str] = set()
        for i, (filename, url) in enumerate(status.outputs):
            name = prefix + safe_filename(
                filename, fallback=f"{safe_filename(status.job_id)}-{i}.json"
            )
            while name in used:
                name = f"{i}-{name}"
            used.add(name)
            target = directory / name
            if reuse and target.is_file():
                paths.append(target)
                continue
            started = time.monotonic()
            path = yield Fetch(
                self.output_url(status.job_id, filename, url),
                target,
                "download_bulk_enhance_output",
                status.job_id,
                validate,
            )
            log.info(
                "job %s: downloaded %s (%d bytes) in %.2fs",
                status.job_id,
                name,
                path.stat().st_size,
                time.monotonic() - started,
            )
            paths.append(path)
        return paths

    def enhance_steps(self, params: list[tuple[str, Any]]) -> Steps[LocationResult]:
        reply = yield Call("GET", "/api/v1/enhance", "enhance", params=params)
        data = reply.data if isinstance(reply.data, dict) else {}
        loc = data.get("location_data")
        return LocationResult(str(data.get("id") or ""), loc if isinstance(loc, dict) else {})

    def datasources_steps(self) -> Steps[dict[str, DatasourceConfig]]:
        reply = yield Call("GET", "/api/v1/datasources", "list_datasources")
        configs = reply.data.get("configs") if isinstance(reply.data, dict) else None
        out: dict[str, DatasourceConfig] = {}
        for code, cfg in (configs or {}).items():
            if isinstance(cfg, dict):
                out[code] = _model(
                    DatasourceConfig,
                    {"source_name": code, "source_code": code, **cfg},
                    "list_datasources",
                )
        return out

    def datasource_steps(self, code: str) -> Steps[DatasourceConfig]:
        reply = yield Call("GET", f"/api/v1/datasources/{quote(code, safe='')}", "get_datasource")
        cfg = reply.data.get("config") if isinstance(reply.data, dict) else None
        return _model(DatasourceConfig, cfg, "get_datasource")  # type: ignore[no-any-return]

    def usage_steps(self, params: Mapping[str, Any]) -> Steps[UsageResponse]:
        reply = yield Call(
            "GET",
            "/api/v1/usage",
            "get_usage",
            params={k: v for k, v in params.items() if v is not None},
        )
        return _model(UsageResponse, reply.data, "get_usage")  # type: ignore[no-any-return]

    def limits_steps(self, params: Mapping[str, Any]) -> Steps[LimitsResponse]:
        reply = yield Call(
            "GET",
            "/api/v1/limits",
            "get_limits",
            params={k: v for k, v in params.items() if v is not None},
        )
        return _model(LimitsResponse, reply.data, "get_limits")  # type: ignore[no-any-return]


def enhance_params(
    address: str | None, sources: Sequence[str], fields: Mapping[str, Any]
) -> list[tuple[str, Any]]:
    """Query parameters of a single enhance: ``sources`` repeated, then the location fields."""
    params: list[tuple[str, Any]] = [("sources", s) for s in validate_sources(sources)]
    if address is not None:
        params.append(("address", address))
    for key, value in fields.items():
        if value is None:
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        params.append((key, value))
    return params


def iter_file_results(
    paths: Sequence[Path], job_id: str | None = None
) -> Iterator[tuple[str, LocationResult]]:
    """``(id, LocationResult)`` from downloaded output files, parsed incrementally."""
    for path in paths:
        try:
            for key, value in iter_object_items(path):
                yield key, LocationResult(key, value if isinstance(value, dict) else {})
        except StreamParseError as exc:
            raise DownloadError(
                f"output file {path.name} is not valid JSON: {exc}", job_id=job_id
            ) from exc


class PingBackend:
    """The Ping.Data side of a multi-chunk run."""

    fetch_failed = False

    def __init__(
        self,
        core: PingCore,
        items: Sequence[Mapping[str, Any]],
        sources: Sequence[str],
        options: Mapping[str, Any],
        rejected: Mapping[str, str],
        work_dir: Path,
        encoded: Callable[[Chunk], str | None] | None = None,
    ) -> None:
        self.core = core
        self.encoded = encoded
        self.items = items
        self.sources = list(sources)
        self.options = options
        self.rejected = rejected
        self.work_dir = work_dir

    def _sources_of(self, loc: Mapping[str, Any]) -> list[str]:
        own = loc.get("sources")
        return list(own) if isinstance(own, list) and own else self.sources

    def submit_steps(self, chunk: Chunk) -> Steps[str | None]:
        locs = [
            loc for loc in self.items[chunk.start : chunk.stop] if loc["id"] not in self.rejected
        ]
        if not locs:
            return None
        encoded = self.encoded(chunk) if self.encoded is not None else None
        if len(locs) != len(chunk):  # some were rejected: the planned array does not apply
            encoded = None
        return (yield from self.core.submit_steps(locs, self.sources, self.options, encoded))

    def poll_steps(self, chunk: Chunk, job_id: str) -> Steps[JobStatus]:
        return (yield from self.core.status_steps(job_id))

    def fetch_steps(self, chunk: Chunk, job_id: str, status: Any) -> Steps[list[Path]]:
        prefix = f"chunk-{chunk.index:05d}-{safe_filename(job_id)[:36]}-"
        return (
            yield from self.core.download_steps(
                status, self.work_dir, prefix=prefix, validate=False, reuse=True
            )
        )

    def results(
        self, chunk: Chunk, job_id: str | None, artifact: Any, failure: str | None
    ) -> Iterator[tuple[str, LocationResult]]:
        locs = self.items[chunk.start : chunk.stop]
        if failure is not None:
            for loc in locs:
                yield (
                    loc["id"],
                    LocationResult.failure(
                        loc["id"], self._sources_of(loc), f"job {job_id} failed: {failure}"
                    ),
                )
            return
        sent = [loc["id"] for loc in locs if loc["id"] not in self.rejected]
        by_id: dict[str, Mapping[str, Any]] = {}

        def missing(loc_id: str) -> LocationResult:
            if not by_id:
                by_id.update((loc["id"], loc) for loc in locs)
            loc = by_id[loc_id]
            return LocationResult.failure(
                loc_id, self._sources_of(loc), f"missing from the output of job {job_id}"
            )

        stream = ordered(sent, iter_file_results(artifact or [], job_id), missing)
        for loc in locs:
            loc_id = loc["id"]
            reason = self.rejected.get(loc_id)
            if reason is not None:
                yield (
                    loc_id,
                    LocationResult.failure(loc_id, self._sources_of(loc), f"not sent: {reason}"),
                )
            else:
                yield next(stream)


def plan_run(
    core: PingCore, locations: Any, sources: Any, chunk_size: int | None, on_invalid: OnInvalid
) -> tuple[list[dict[str, Any]], list[str], dict[str, str], list[Chunk] | ChunkFeed]:
    """Validate and plan the chunks: all of them now, or, for an iterator, as they are needed."""
    codes = validate_sources(sources)
    size = chunk_size or core.chunk_size
    if isinstance(locations, Iterator):
        checker = LocationCheck(on_invalid)
        feed = ChunkFeed(locations, checker, size, core.max_body_bytes)
        return feed.items, codes, checker.rejected, feed
    items, rejected = normalize_locations(locations, on_invalid=on_invalid)
    return items, codes, rejected, plan_chunks(items, size, core.max_body_bytes)
