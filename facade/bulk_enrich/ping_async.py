"""``AsyncPingData``: the asyncio twin of :class:`~bulk_enrich.ping.PingData` (same surface)."""

from __future__ import annotations

import tempfile
import time
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ping_data_api.models.datasource_config import DatasourceConfig
from ping_data_api.models.limits_response import LimitsResponse
from ping_data_api.models.usage_response import UsageResponse

from bulk_enrich.http import AsyncHttp
from bulk_enrich.inputs import OnInvalid, normalize_locations, validate_sources
from bulk_enrich.ping import _ordered_ids, _PingBase
from bulk_enrich.ping_core import JobStatus, enhance_params, iter_file_results
from bulk_enrich.pipeline import DEFAULT, AsyncRunIterator, Default, Progress
from bulk_enrich.results import EnhanceResults, LocationResult


class AsyncJob:
    """A Ping.Data bulk job (async): live state, adaptive waiting, downloads, results."""

    def __init__(self, client: AsyncPingData, job_id: str, status: JobStatus | None = None) -> None:
        self._client = client
        self.id = job_id
        self._status = status
        self._since = time.monotonic()  # the schedule counts the running time from here
        self._paths: list[Path] | None = None

    @property
    def info(self) -> JobStatus | None:
        """The last status seen (None before the first ``refresh``)."""
        return self._status

    @property
    def status(self) -> str:
        """The last state seen (``UNKNOWN`` before the first ``refresh``)."""
        return self._status.state if self._status else "UNKNOWN"

    @property
    def progress(self) -> tuple[int, int]:
        """``(completed, total)`` locations as last seen."""
        return (self._status.completed, self._status.total) if self._status else (0, 0)

    @property
    def token(self) -> str:
        """Plain JSON from which ``AsyncPingData.job(token)`` reattaches (holds no key)."""
        return self._client._token(self.id)

    async def refresh(self) -> JobStatus:
        """Fetch the current status."""
        self._status = await self._client._http.run(self._client._core.status_steps(self.id))
        return self._status

    async def wait(
        self, timeout: float | None = 600.0, on_progress: Callable[[int, int], Any] | None = None
    ) -> JobStatus:
        """Poll until the job ends (see :meth:`bulk_enrich.ping.Job.wait`)."""
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

    def _seen(self, status: JobStatus) -> None:
        self._status = status

    async def download(self, directory: str | Path, *, validate: bool = True) -> list[Path]:
        """Stream the output file(s) into ``directory`` (atomically); return their paths."""
        status = self._status if self._status and self._status.terminal else await self.wait()
        paths = await self._client._http.run(
            self._client._core.download_steps(status, Path(directory), validate=validate)
        )
        self._paths = paths
        return paths

    async def results(self, timeout: float | None = 600.0) -> AsyncIterator[LocationResult]:
        """Per-location results, parsed incrementally (waits and downloads if needed)."""
        if not (self._status and self._status.terminal):
            await self.wait(timeout)
        assert self._status is not None
        if self._paths is not None and all(p.is_file() for p in self._paths):
            for _, result in iter_file_results(self._paths, self.id):
                yield result
            return
        with tempfile.TemporaryDirectory(prefix="bulk-enrich-job-") as tmp:
            paths = await self._client._http.run(
                self._client._core.download_steps(self._status, Path(tmp), validate=False)
            )
            for _, result in iter_file_results(paths, self.id):
                yield result

    def __repr__(self) -> str:
        return f"AsyncJob(id={self.id!r}, status={self.status!r})"


class AsyncPingData(_PingBase):
    """Asyncio Ping.Data client; same arguments and methods as :class:`PingData`, awaitable."""

    def __init__(self, api_key: str | None = None, **kwargs: Any) -> None:
        super().__init__(api_key, **kwargs)
        self._http = AsyncHttp(self._settings)

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._http.close()

    async def __aenter__(self) -> AsyncPingData:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def submit(
        self,
        locations: Any,
        sources: Sequence[str],
        *,
        include_raw_response: bool | None = None,
        check_cache: bool | None = None,
        fetch_timeout: float | None = None,
        delegate_to: str | None = None,
        callback_url: str | None = None,
    ) -> AsyncJob:
        """Start one bulk job with all ``locations`` (no chunking); return its handle."""
        codes = validate_sources(sources)
        items, _ = normalize_locations(locations)
        options = self._options(
            include_raw_response, check_cache, fetch_timeout, delegate_to, callback_url
        )
        job_id = await self._http.run(self._core.submit_steps(items, codes, options))
        return AsyncJob(self, job_id, JobStatus(job_id, "PENDING", total=len(items)))

    def job(self, job_id: str) -> AsyncJob:
        """Reattach to a job started elsewhere, from its id or its ``token``."""
        return AsyncJob(self, self._job_id(job_id))

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
    ) -> AsyncRunIterator[LocationResult]:
        """Async iterator of ``(id, LocationResult)`` in input order; validates immediately."""
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
        return AsyncRunIterator(coord, stack, self._http)

    async def enhance_many(
        self, locations: Any, sources: Sequence[str], **kwargs: Any
    ) -> EnhanceResults:
        """Enhance any number of locations (see :meth:`bulk_enrich.ping.PingData.enhance_many`)."""
        run = self.iter_enhance_many(locations, sources, **kwargs)
        items = [item async for item in run]
        return EnhanceResults(
            items, jobs=_ordered_ids(run.job_ids), failed_jobs=run.coord.failed_jobs()
        )

    async def enhance(
        self, address: str | None = None, *, sources: Sequence[str], **fields: Any
    ) -> LocationResult:
        """Enhance one location synchronously on the server."""
        return await self._http.run(
            self._core.enhance_steps(enhance_params(address, sources, fields))
        )

    async def datasources(self) -> dict[str, DatasourceConfig]:
        """The datasources this key may use, keyed by code."""
        return await self._http.run(self._core.datasources_steps())

    async def datasource(self, code: str) -> DatasourceConfig:
        """One datasource's configuration."""
        return await self._http.run(self._core.datasource_steps(code))

    async def usage(
        self,
        start: str | None = "-30d",
        end: str | None = None,
        *,
        username: str | None = None,
        org_short_name: str | None = None,
        delegate_to: str | None = None,
    ) -> UsageResponse:
        """Credit usage per source."""
        params = {
            "start": start,
            "end": end,
            "username": username,
            "org_short_name": org_short_name,
            "delegate_to": delegate_to,
        }
        return await self._http.run(self._core.usage_steps(params))

    async def limits(
        self, *, org_short_name: str | None = None, username: str | None = None
    ) -> LimitsResponse:
        """Source access policy, quotas and what remains of them."""
        return await self._http.run(
            self._core.limits_steps({"org_short_name": org_short_name, "username": username})
        )
