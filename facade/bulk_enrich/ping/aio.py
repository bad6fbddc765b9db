"""``AsyncPingData``: the asyncio twin of :mod:`bulk_enrich.ping.client` (same surface).

It differs from the sync client only in ``await`` (a test compares them).
"""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator, Callable, Mapping, Sequence, Sized
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from bulk_enrich.batches import ResultBatch
from bulk_enrich.drivers.aio import AsyncDriver, AsyncRunIterator
from bulk_enrich.engine.inputs import (
    OnInvalid,
    input_index,
    normalize_locations,
    validate_sources,
)
from bulk_enrich.engine.runs import DEFAULT, Default, Progress, ordered_ids
from bulk_enrich.jobs import AsyncJobHandle
from bulk_enrich.ping.base import PingBase
from bulk_enrich.ping.operations import JobStatus, iter_file_results
from bulk_enrich.preflight import check_enhance_async
from bulk_enrich.results import EnhanceResults, LocationResult

if TYPE_CHECKING:
    from ping_data_api.models.datasource_config import DatasourceConfig
    from ping_data_api.models.limits_response import LimitsResponse
    from ping_data_api.models.usage_response import UsageResponse


class AsyncJob(AsyncJobHandle[JobStatus]):
    """A Ping.Data bulk job: live state, adaptive waiting, streaming downloads, results.

    ``status`` is PENDING, QUEUED, IN_PROGRESS, COMPLETE, FAILED (or a state the server added);
    ``progress`` is ``(completed, total)`` locations.
    """

    def __init__(self, client: AsyncPingData, job_id: str, status: JobStatus | None = None) -> None:
        super().__init__(client._http, client._core, client._token, job_id, status)
        self._client = client
        self._paths: list[Path] | None = None

    async def download(self, directory: str | Path, *, validate: bool = True) -> list[Path]:
        """Stream the output file(s) into ``directory`` (atomically); return their paths."""
        status = self._status if self._status and self._status.terminal else await self.wait()
        steps = self._client._core.download_steps(status, Path(directory), validate=validate)
        self._paths = await self._driver.run(steps)
        return self._paths

    async def results(self, timeout: float | None = 600.0) -> AsyncIterator[LocationResult]:
        """Per-location results, parsed incrementally (waits and downloads if needed)."""
        status = (
            self._status if self._status and self._status.terminal else await self.wait(timeout)
        )
        if self._paths is not None and all(p.is_file() for p in self._paths):
            for _, result in iter_file_results(self._paths, self.id):
                yield result
            return
        with tempfile.TemporaryDirectory(prefix="bulk-enrich-job-") as tmp:
            steps = self._client._core.download_steps(status, Path(tmp), validate=False)
            paths = await self._driver.run(steps)
            for _, result in iter_file_results(paths, self.id):
                yield result


class AsyncPingData(PingBase):
    """Asyncio Ping.Data client: the same arguments and methods as ``PingData``, awaitable.

    Key: ``api_key=`` | env ``PING_DATA_AUTH_TOKEN`` | ``~/.pingintel.ini`` ``[pingdata]``.
    Base URL: ``base_url=`` | env ``PING_DATA_BASE_URL`` | production (``environment="staging"``
    for staging). One pooled HTTP client per instance; use it as a context manager or call
    ``close()``.
    """

    def __init__(self, api_key: str | None = None, **kwargs: Any) -> None:
        super().__init__(api_key, **kwargs)
        self._http = AsyncDriver(self._settings)

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._http.close()

    async def __aenter__(self) -> AsyncPingData:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # -- jobs --------------------------------------------------------------------------------
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

    def iter_enhance_batches(
        self, locations: Any, sources: Sequence[str], **kwargs: Any
    ) -> AsyncRunIterator[ResultBatch]:
        """Like :meth:`iter_enhance_many`, but yield ``(job id, ResultBatch)`` per job in input
        order: the job's flat results column by column (``to_polars()``, ``to_arrow()``),
        decoded without a per-row step when the ``fast`` extra is installed."""
        run = self.iter_enhance_many(locations, sources, **kwargs)
        run.coord.batched = True
        return cast(AsyncRunIterator[ResultBatch], run)

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
        return AsyncRunIterator(coord, stack, self._http)

    async def enhance_many(
        self,
        locations: Any,
        sources: Sequence[str],
        *,
        preflight: bool = True,
        allow_partial: bool = False,
        **kwargs: Any,
    ) -> EnhanceResults:
        """Enhance any number of locations: check, validate, chunk, submit, wait, download, merge.

        The pre-flight checks (``preflight``, ``allow_partial``) are those of
        :meth:`PingData.enhance_many <bulk_enrich.PingData.enhance_many>`.

        Returns an :class:`EnhanceResults` keyed by the caller's ids in input order. Keyword
        arguments are those of :meth:`iter_enhance_many`: ``chunk_size``, ``max_concurrency``,
        ``on_progress(Progress)``, ``on_job_created(chunk_index, job_id)``,
        ``resume_jobs={chunk_index: job_id}``, ``work_dir``, ``on_invalid`` (``"raise"`` or
        ``"fail"``), ``include_raw_response``, ``check_cache``, ``fetch_timeout``,
        ``delegate_to``, ``max_wait`` (seconds one job may take, None for no limit; by default
        the client's ``max_wait``, 24 h): past it :class:`WaitTimeout` is raised with
        ``resume`` set, and the jobs keep running.
        """
        for token in (kwargs.get("resume_jobs") or {}).values():
            self._job_id(token)  # a token of another server is refused before any request
        if preflight:
            count = len(locations) if isinstance(locations, Sized) else None
            sources = await check_enhance_async(self, sources, count, allow_partial=allow_partial)
        run = self.iter_enhance_many(locations, sources, **kwargs)
        items = [item async for item in run]
        return EnhanceResults(
            items,
            jobs=ordered_ids(run.job_ids),
            failed_jobs=run.coord.failed_jobs(),
            sources=validate_sources(sources),
            index=input_index(locations),
        )

    # -- single calls ------------------------------------------------------------------------
    async def enhance(
        self, address: str | None = None, *, sources: Sequence[str], **fields: Any
    ) -> LocationResult:
        """Enhance one location synchronously (``address=``, or ``latitude=``/``longitude=``)."""
        return await self._http.run(self._core.enhance_steps(address, sources, fields))

    async def datasources(self) -> dict[str, DatasourceConfig]:
        """The datasources this key may use, keyed by code."""
        return await self._http.run(self._core.datasources_steps())

    async def datasource(self, code: str) -> DatasourceConfig:
        """One datasource's configuration (code is case-insensitive)."""
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
        """Credit usage per source (``start``/``end``: ``-5m``, ``-1h``, ``-30d`` or ISO 8601)."""
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
