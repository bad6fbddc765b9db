"""Ping.Data logic shared by the sync and async clients: requests, parsing, waiting, runs.

Every operation is a generator of effects (see :mod:`bulk_enrich.engine.effects`); the clients
only run them. Nothing here does I/O except reading downloaded files. The generated calls an
enrichment run does not make are imported where they are used.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
from ping_data_api.api.bulk_enhance import (
    download_bulk_enhance_output,
    get_bulk_enhance_status,
    start_bulk_enhance,
)
from ping_data_api.api.datasources import list_datasources
from ping_data_api.api.usage import get_limits
from ping_data_api.models.bulk_enhance_request import BulkEnhanceRequest
from ping_data_api.models.datasource_config import DatasourceConfig
from ping_data_api.models.get_bulk_enhance_api_view_response import GetBulkEnhanceAPIViewResponse
from ping_data_api.models.limits_response import LimitsResponse
from ping_data_api.types import UNSET, Unset

from bulk_enrich.engine.effects import Call, Fetch, Steps
from bulk_enrich.engine.inputs import (
    validate_sources,
)
from bulk_enrich.engine.jsonbytes import json_bytes
from bulk_enrich.engine.jsonstream import StreamParseError, iter_object_items
from bulk_enrich.engine.polling import PollSchedule
from bulk_enrich.engine.transport import path_of
from bulk_enrich.engine.waiting import wait_steps
from bulk_enrich.engine.wire import parse_model
from bulk_enrich.errors import DownloadError, InvalidInputError, ServerError, excerpt, shown
from bulk_enrich.files import safe_filename, same_origin
from bulk_enrich.logs import get_logger
from bulk_enrich.results import LocationResult

if TYPE_CHECKING:
    from ping_data_api.models.usage_response import UsageResponse

log = get_logger("bulk_enrich.ping")
T = TypeVar("T")

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
    #: The processing time the server reports for a finished job (``total_processing_time``).
    processing_seconds: float | None = None

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
    from bulk_enrich.engine.retry import parse_retry_after

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

    seconds = result.get("total_processing_time")
    if not isinstance(seconds, int | float) or isinstance(seconds, bool) or not seconds > 0:
        seconds = None

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
        processing_seconds=float(seconds) if seconds is not None else None,
    )


def _model(cls: Any, data: Any, what: str) -> Any:
    try:
        return cls.from_dict(data)
    except Exception as exc:
        raise ServerError(
            f"{what}: unexpected answer", body_excerpt=excerpt(json.dumps(data)[:400])
        ) from exc


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
        encoded: bytes | None = None,
    ) -> Steps[str]:
        """Create one job; ``encoded`` is ``locations`` already as a JSON array, if at hand."""
        if encoded is None:
            encoded = json_bytes(list(locations), "a location")
        return (yield from self.submit_encoded_steps(encoded, len(locations), sources, options))

    def submit_encoded_steps(
        self, encoded: bytes, count: int, sources: Sequence[str], options: Mapping[str, Any]
    ) -> Steps[str]:
        """Create one job of ``count`` locations given as their JSON array, ``encoded``."""
        request = start_bulk_enhance.build_request(
            body=BulkEnhanceRequest(
                locations=[],
                sources=list(sources),
                **{k: _opt(options.get(k)) for k in OPTIONS},  # type: ignore[arg-type]
            )
        )
        started = time.monotonic()
        reply = yield Call.of(request, idempotent=False, encoded=("locations", encoded))
        job_id = reply.data.get("id") if isinstance(reply.data, dict) else None
        if not isinstance(job_id, str) or not job_id:
            raise ServerError(
                "start_bulk_enhance: the answer has no job id",
                status=reply.status,
                body_excerpt=excerpt(json.dumps(reply.data)),
            )
        log.info(
            "job %s submitted: %d locations in %.2fs", job_id, count, time.monotonic() - started
        )
        return job_id

    def status_steps(self, job_id: str) -> Steps[JobStatus]:
        reply = yield Call.of(get_bulk_enhance_status.build_request(job_id), job_id=job_id)
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
            log.warning(
                "job %s: output URL is on another origin; using the API's own path", shown(job_id)
            )
        request = download_bulk_enhance_output.build_request(job_id, filename)
        return path_of(str(request["url"]))

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

    def enhance_steps(
        self, address: str | None, sources: Sequence[str], fields: Mapping[str, Any]
    ) -> Steps[LocationResult]:
        """One location enhanced synchronously (``fields``: the operation's query parameters)."""
        from ping_data_api.api.enhance import enhance

        args = {k: v for k, v in fields.items() if v is not None}
        if address is not None:
            args["address"] = address
        try:
            request = enhance.build_request(sources=validate_sources(sources), **args)
        except TypeError as exc:
            raise InvalidInputError(f"enhance: {exc}") from None
        reply = yield Call.of(request)
        data = reply.data if isinstance(reply.data, dict) else {}
        loc = data.get("location_data")
        return LocationResult(str(data.get("id") or ""), loc if isinstance(loc, dict) else {})

    def datasources_steps(self) -> Steps[dict[str, DatasourceConfig]]:
        reply = yield Call.of(list_datasources.build_request())
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
        from ping_data_api.api.datasources import get_datasource

        reply = yield Call.of(get_datasource.build_request(code))
        cfg = reply.data.get("config") if isinstance(reply.data, dict) else None
        return _model(DatasourceConfig, cfg, "get_datasource")  # type: ignore[no-any-return]

    def usage_steps(self, params: Mapping[str, Any]) -> Steps[UsageResponse]:
        from ping_data_api.api.usage import get_usage
        from ping_data_api.models.usage_response import UsageResponse

        request = get_usage.build_request(**{k: _opt(v) for k, v in params.items()})
        reply = yield Call.of(request)
        return parse_model(
            get_usage.parse_response, reply.status, reply.raw, UsageResponse, "get_usage"
        )

    def limits_steps(self, params: Mapping[str, Any]) -> Steps[LimitsResponse]:
        request = get_limits.build_request(**{k: _opt(v) for k, v in params.items()})
        reply = yield Call.of(request)
        return parse_model(
            get_limits.parse_response, reply.status, reply.raw, LimitsResponse, "get_limits"
        )


#: Job options of a bulk request: the generated body model's arguments other than the
#: locations and sources (so an option the spec adds is sent when given).
OPTIONS = tuple(
    a.name
    for a in attrs.fields(BulkEnhanceRequest)
    if a.init and a.name not in ("locations", "sources")
)


def _opt(value: T) -> T | Unset:
    """``None`` (not given) as the generated code's UNSET, so it is left out of the request."""
    return UNSET if value is None else value


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
