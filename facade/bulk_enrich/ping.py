"""``PingData``: the synchronous Ping.Data client (bulk enhance, enhance, datasources, usage)."""

from __future__ import annotations

import json
import logging
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
from ping_data_api.models.datasource_config import DatasourceConfig
from ping_data_api.models.limits_response import LimitsResponse
from ping_data_api.models.usage_response import UsageResponse

from bulk_enrich.chunking import ChunkFeed
from bulk_enrich.config import resolve_ping
from bulk_enrich.http import DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, HttpSettings, SyncHttp
from bulk_enrich.inputs import OnInvalid, normalize_locations, validate_sources
from bulk_enrich.ping_core import (
    DEFAULT_CHUNK_SIZE,
    DEFAULT_MAX_BODY_BYTES,
    JobStatus,
    PingBackend,
    PingCore,
    enhance_params,
    iter_file_results,
    plan_run,
)
from bulk_enrich.pipeline import (
    DEFAULT,
    DEFAULT_MAX_WAIT,
    Coordinator,
    Default,
    Progress,
    RunIterator,
)
from bulk_enrich.polling import PollSchedule
from bulk_enrich.results import EnhanceResults, LocationResult
from bulk_enrich.retry import RetryPolicy

log = logging.getLogger("bulk_enrich.ping")
TOKEN_VERSION = 1


class _PingBase:
    """Configuration shared by :class:`PingData` and :class:`AsyncPingData`."""

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        environment: str = "production",
        timeout: float | httpx.Timeout | None = None,
        retry: RetryPolicy | None = None,
        poll: PollSchedule | None = None,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        max_concurrency: int = 8,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        gzip_threshold: int | None = 50_000,
        config_file: str | Path | None = None,
        transport: Any = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        max_wait: float | None = DEFAULT_MAX_WAIT,
    ) -> None:
        key, url = resolve_ping(
            api_key, base_url, environment, config_file=Path(config_file) if config_file else None
        )
        self.base_url = url
        self._settings = HttpSettings(
            base_url=url,
            auth_header=("Authorization", f"Token {key}"),
            timeout=_timeout(timeout),
            retry=retry or RetryPolicy(),
            gzip_threshold=gzip_threshold,
            max_connections=max(8, max_concurrency * 2 + 2),
            transport=transport,
            max_response_bytes=max_response_bytes,
        )
        self.max_wait = max_wait
        self._core = PingCore(
            base_url=url,
            schedule=poll or PollSchedule(),
            chunk_size=chunk_size,
            max_body_bytes=max_body_bytes,
            max_concurrency=max_concurrency,
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    def _token(self, job_id: str) -> str:
        return json.dumps(
            {"v": TOKEN_VERSION, "api": "ping-data", "job_id": job_id, "origin": self.base_url}
        )

    def _job_id(self, job_id_or_token: str) -> str:
        text = job_id_or_token.strip()
        if text.startswith("{"):
            data = json.loads(text)
            if data.get("api") != "ping-data" or not isinstance(data.get("job_id"), str):
                raise ValueError("not a Ping.Data job token")
            return str(data["job_id"])
        return text

    @staticmethod
    def _options(
        include_raw_response: bool | None,
        check_cache: bool | None,
        fetch_timeout: float | None,
        delegate_to: str | None,
        callback_url: str | None,
    ) -> dict[str, Any]:
        return {
            "include_raw_response": include_raw_response,
            "check_cache": check_cache,
            "timeout": fetch_timeout,
            "delegate_to": delegate_to,
            "callback_url": callback_url,
        }

    def _prepare(
        self,
        locations: Any,
        sources: Any,
        *,
        chunk_size: int | None,
        max_concurrency: int | None,
        max_wait: float | Default | None,
        on_progress: Callable[[Progress], Any] | None,
        on_job_created: Callable[[int, str], Any] | None,
        resume_jobs: Mapping[int, str] | None,
        work_dir: str | Path | None,
        on_invalid: OnInvalid,
        options: Mapping[str, Any],
    ) -> tuple[Coordinator, ExitStack]:
        items, codes, rejected, chunks = plan_run(
            self._core, locations, sources, chunk_size, on_invalid
        )
        stack = ExitStack()
        if work_dir is None:
            directory = Path(
                stack.enter_context(tempfile.TemporaryDirectory(prefix="bulk-enrich-"))
            )
        else:
            directory = Path(work_dir)
            directory.mkdir(parents=True, exist_ok=True)
        encoded = chunks.take_encoded if isinstance(chunks, ChunkFeed) else None
        backend = PingBackend(self._core, items, codes, options, rejected, directory, encoded)
        coord = Coordinator(
            chunks,
            backend,
            max_concurrency=max_concurrency or self._core.max_concurrency,
            schedule=self._core.schedule,
            max_wait=self.max_wait if max_wait is DEFAULT else max_wait,
            resume={int(k): self._job_id(v) for k, v in (resume_jobs or {}).items()},
            on_job_created=on_job_created,
            on_progress=on_progress,
        )
        return coord, stack


def _timeout(timeout: float | httpx.Timeout | None) -> httpx.Timeout:
    if timeout is None:
        return DEFAULT_TIMEOUT
    if isinstance(timeout, httpx.Timeout):
        return timeout
    return httpx.Timeout(timeout, connect=min(10.0, timeout))


class Job:
    """A Ping.Data bulk job: live state, adaptive waiting, streaming downloads, results."""

    def __init__(self, client: PingData, job_id: str, status: JobStatus | None = None) -> None:
        self._client = client
        self.id = job_id
        self._status = status
        self._since = time.monotonic()  # the schedule counts the running time from here
        self._paths: list[Path] | None = None

    @property
    def info(self) -> JobStatus:
        """The last status seen (fetched once if never seen)."""
        if self._status is None:
            self.refresh()
        assert self._status is not None
        return self._status

    @property
    def status(self) -> str:
        """PENDING, QUEUED, IN_PROGRESS, COMPLETE, FAILED (or a state the server added)."""
        return self.info.state

    @property
    def progress(self) -> tuple[int, int]:
        """``(completed, total)`` locations, from the server's counters."""
        return self.info.completed, self.info.total

    @property
    def token(self) -> str:
        """Plain JSON from which ``PingData.job(token)`` reattaches (holds no key)."""
        return self._client._token(self.id)

    def refresh(self) -> JobStatus:
        """Fetch the current status."""
        self._status = self._client._http.run(self._client._core.status_steps(self.id))
        return self._status

    def wait(
        self, timeout: float | None = 600.0, on_progress: Callable[[int, int], Any] | None = None
    ) -> JobStatus:
        """Poll (fast at first, then about 9 % of its running time apart) until the job ends.

        Raises ``WaitTimeout`` after ``timeout`` seconds (the job stays usable) and ``JobFailed``
        with the server's message if it failed. ``on_progress(completed, total)`` is called
        whenever the counters change.
        """
        self._status = self._client._http.run(
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

    def _seen(self, status: JobStatus) -> None:
        self._status = status

    def download(self, directory: str | Path, *, validate: bool = True) -> list[Path]:
        """Stream the output file(s) into ``directory`` (atomically); return their paths."""
        status = self.info if self.info.terminal else self.wait()
        paths = self._client._http.run(
            self._client._core.download_steps(status, Path(directory), validate=validate)
        )
        self._paths = paths
        return paths

    def results(self, timeout: float | None = 600.0) -> Iterator[LocationResult]:
        """Per-location results, parsed incrementally (waits and downloads if needed)."""
        if not self.info.terminal:
            self.wait(timeout)
        if self._paths is not None and all(p.is_file() for p in self._paths):
            for _, result in iter_file_results(self._paths, self.id):
                yield result
            return
        with tempfile.TemporaryDirectory(prefix="bulk-enrich-job-") as tmp:
            paths = self._client._http.run(
                self._client._core.download_steps(self.info, Path(tmp), validate=False)
            )
            for _, result in iter_file_results(paths, self.id):
                yield result

    def __repr__(self) -> str:
        state = self._status.state if self._status else "unknown"
        return f"Job(id={self.id!r}, status={state!r})"


class PingData(_PingBase):
    """Synchronous Ping.Data client.

    Key: ``api_key=`` | env ``PING_DATA_AUTH_TOKEN`` | ``~/.pingintel.ini`` ``[pingdata]``.
    Base URL: ``base_url=`` | env ``PING_DATA_BASE_URL`` | production (``environment="staging"``
    for staging). One pooled HTTP client per instance; use it as a context manager or call
    ``close()``.
    """

    def __init__(self, api_key: str | None = None, **kwargs: Any) -> None:
        super().__init__(api_key, **kwargs)
        self._http = SyncHttp(self._settings)

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def __enter__(self) -> PingData:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- jobs --------------------------------------------------------------------------------
    def submit(
        self,
        locations: Any,
        sources: Sequence[str],
        *,
        include_raw_response: bool | None = None,
        check_cache: bool | None = None,
        fetch_timeout: float | None = None,
        delegate_to: str | None = None,
        callback_url: str | None = None,
    ) -> Job:
        """Start one bulk job with all ``locations`` (no chunking); return its handle."""
        codes = validate_sources(sources)
        items, _ = normalize_locations(locations)
        options = self._options(
            include_raw_response, check_cache, fetch_timeout, delegate_to, callback_url
        )
        job_id = self._http.run(self._core.submit_steps(items, codes, options))
        return Job(self, job_id, JobStatus(job_id, "PENDING", total=len(items)))

    def job(self, job_id: str) -> Job:
        """Reattach to a job started elsewhere, from its id or its ``token``."""
        return Job(self, self._job_id(job_id))

    def iter_enhance_many(
        self,
        locations: Any,
        sources: Sequence[str],
        *,
        chunk_size: int | None = None,
        max_concurrency: int | None = None,
        max_wait: float | Default | None = DEFAULT,
        on_progress: Callable[[Progress], Any] | None = None,
        on_job_created: Callable[[int, str], Any] | None = None,
        resume_jobs: Mapping[int, str] | None = None,
        work_dir: str | Path | None = None,
        on_invalid: OnInvalid = "raise",
        include_raw_response: bool | None = None,
        check_cache: bool | None = None,
        fetch_timeout: float | None = None,
        delegate_to: str | None = None,
    ) -> RunIterator[LocationResult]:
        """Like :meth:`enhance_many`, but yield ``(id, LocationResult)`` in input order.

        A list is validated now, before the first request. An iterator (a generator, say) is
        read and validated as chunks are needed, so the first job starts once its chunk is
        read: a bad item then raises :class:`InvalidInputError` when reached, after the jobs in
        flight settle, with ``resume`` set for the jobs already sent. Memory stays bounded:
        chunk outputs are downloaded to ``work_dir`` and parsed one at a time.
        """
        options = self._options(include_raw_response, check_cache, fetch_timeout, delegate_to, None)
        coord, stack = self._prepare(
            locations,
            sources,
            chunk_size=chunk_size,
            max_concurrency=max_concurrency,
            max_wait=max_wait,
            on_progress=on_progress,
            on_job_created=on_job_created,
            resume_jobs=resume_jobs,
            work_dir=work_dir,
            on_invalid=on_invalid,
            options=options,
        )
        return RunIterator(coord, stack, self._http)

    def enhance_many(self, locations: Any, sources: Sequence[str], **kwargs: Any) -> EnhanceResults:
        """Enhance any number of locations: validate, chunk, submit, wait, download, merge.

        Returns an :class:`EnhanceResults` keyed by the caller's ids in input order. Keyword
        arguments are those of :meth:`iter_enhance_many`: ``chunk_size``, ``max_concurrency``,
        ``on_progress(Progress)``, ``on_job_created(chunk_index, job_id)``,
        ``resume_jobs={chunk_index: job_id}``, ``work_dir``, ``on_invalid`` (``"raise"`` or
        ``"fail"``), ``include_raw_response``, ``check_cache``, ``fetch_timeout``,
        ``delegate_to``, ``max_wait`` (seconds one job may take, None for no limit; by default
        the client's ``max_wait``, 24 h): past it :class:`WaitTimeout` is raised with
        ``resume`` set, and the jobs keep running.
        """
        run = self.iter_enhance_many(locations, sources, **kwargs)
        items = list(run)
        return EnhanceResults(
            items, jobs=_ordered_ids(run.job_ids), failed_jobs=run.coord.failed_jobs()
        )

    # -- single calls ------------------------------------------------------------------------
    def enhance(
        self, address: str | None = None, *, sources: Sequence[str], **fields: Any
    ) -> LocationResult:
        """Enhance one location synchronously (``address=``, or ``latitude=``/``longitude=``)."""
        return self._http.run(self._core.enhance_steps(enhance_params(address, sources, fields)))

    def datasources(self) -> dict[str, DatasourceConfig]:
        """The datasources this key may use, keyed by code."""
        return self._http.run(self._core.datasources_steps())

    def datasource(self, code: str) -> DatasourceConfig:
        """One datasource's configuration (code is case-insensitive)."""
        return self._http.run(self._core.datasource_steps(code))

    def usage(
        self,
        start: str | None = "-30d",
        end: str | None = None,
        *,
        username: str | None = None,
        org_short_name: str | None = None,
        delegate_to: str | None = None,
    ) -> UsageResponse:
        """Credit usage per source (``start``/``end``: ``-5m``, ``-1h``, ``-30d`` or ISO 8601)."""
        params = {
            "start": start,
            "end": end,
            "username": username,
            "org_short_name": org_short_name,
            "delegate_to": delegate_to,
        }
        return self._http.run(self._core.usage_steps(params))

    def limits(
        self, *, org_short_name: str | None = None, username: str | None = None
    ) -> LimitsResponse:
        """Source access policy, quotas and what remains of them."""
        return self._http.run(
            self._core.limits_steps({"org_short_name": org_short_name, "username": username})
        )


def _ordered_ids(job_ids: Mapping[int, str]) -> list[str]:
    return [job_ids[i] for i in sorted(job_ids)]
