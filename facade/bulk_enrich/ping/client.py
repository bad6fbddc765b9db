"""``PingData``: the synchronous Ping.Data client (bulk enhance, enhance, datasources, usage).

Its asyncio twin, :mod:`bulk_enrich.ping.aio`, differs only in ``await``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence, Sized
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from bulk_enrich.batches import ResultBatch
from bulk_enrich.drivers.sync import RunIterator, SyncDriver
from bulk_enrich.engine.inputs import (
    OnInvalid,
    input_index,
    normalize_locations,
    validate_sources,
)
from bulk_enrich.engine.runs import DEFAULT, Default, Progress, ordered_ids
from bulk_enrich.jobs import JobHandle
from bulk_enrich.payonce import enhance_once
from bulk_enrich.ping.base import PingBase
from bulk_enrich.ping.operations import JobStatus, iter_file_results
from bulk_enrich.preflight import check_enhance
from bulk_enrich.resultcache import ResultCache
from bulk_enrich.results import EnhanceResults, LocationResult

if TYPE_CHECKING:
    from ping_data_api.models.datasource_config import DatasourceConfig
    from ping_data_api.models.limits_response import LimitsResponse
    from ping_data_api.models.usage_response import UsageResponse


class Job(JobHandle[JobStatus]):
    """A Ping.Data bulk job: live state, adaptive waiting, streaming downloads, results.

    ``status`` is PENDING, QUEUED, IN_PROGRESS, COMPLETE, FAILED (or a state the server added);
    ``progress`` is ``(completed, total)`` locations.
    """

    def __init__(self, client: PingData, job_id: str, status: JobStatus | None = None) -> None:
        super().__init__(client._http, client._core, client._token, job_id, status)
        self._client = client
        self._paths: list[Path] | None = None

    def download(self, directory: str | Path, *, validate: bool = True) -> list[Path]:
        """Stream the output file(s) into ``directory`` (atomically); return their paths."""
        status = self._status if self._status and self._status.terminal else self.wait()
        steps = self._client._core.download_steps(status, Path(directory), validate=validate)
        self._paths = self._driver.run(steps)
        return self._paths

    def results(self, timeout: float | None = 600.0) -> Iterator[LocationResult]:
        """Per-location results, parsed incrementally (waits and downloads if needed)."""
        status = self._status if self._status and self._status.terminal else self.wait(timeout)
        if self._paths is not None and all(p.is_file() for p in self._paths):
            for _, result in iter_file_results(self._paths, self.id):
                yield result
            return
        with tempfile.TemporaryDirectory(prefix="bulk-enrich-job-") as tmp:
            steps = self._client._core.download_steps(status, Path(tmp), validate=False)
            paths = self._driver.run(steps)
            for _, result in iter_file_results(paths, self.id):
                yield result


class PingData(PingBase):
    """Synchronous Ping.Data client.

    Key: ``api_key=`` | env ``PING_DATA_AUTH_TOKEN`` | ``~/.pingintel.ini`` ``[pingdata]``.
    Base URL: ``base_url=`` | env ``PING_DATA_BASE_URL`` | production (``environment="staging"``
    for staging). One pooled HTTP client per instance; use it as a context manager or call
    ``close()``.
    """

    def __init__(self, api_key: str | None = None, **kwargs: Any) -> None:
        super().__init__(api_key, **kwargs)
        self._http = SyncDriver(self._settings)

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

    def iter_enhance_batches(
        self, locations: Any, sources: Sequence[str], **kwargs: Any
    ) -> RunIterator[ResultBatch]:
        """Like :meth:`iter_enhance_many`, but yield ``(job id, ResultBatch)`` per job in input
        order: the job's flat results column by column (``to_polars()``, ``to_arrow()``),
        decoded without a per-row step when the ``fast`` extra is installed."""
        run = self.iter_enhance_many(locations, sources, **kwargs)
        run.coord.batched = True
        return cast(RunIterator[ResultBatch], run)

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

    def enhance_many(
        self,
        locations: Any,
        sources: Sequence[str],
        *,
        preflight: bool = True,
        allow_partial: bool = False,
        dedupe: bool = False,
        cache: ResultCache | None = None,
        **kwargs: Any,
    ) -> EnhanceResults:
        """Enhance any number of locations: check, validate, chunk, submit, wait, download, merge.

        First (``preflight``, by default) the sources are checked against ``/datasources``
        (case-insensitive; :class:`~bulk_enrich.preflight.UnknownNameError`) and, for a
        list of locations, ``/limits``: a run the remaining daily or monthly quota cannot
        cover raises :class:`~bulk_enrich.preflight.QuotaExceededError` before any job,
        unless ``allow_partial``. ``dedupe=True`` sends identical locations once and
        ``cache=`` (a :class:`~bulk_enrich.resultcache.ResultCache`) skips locations already
        enriched: see :mod:`bulk_enrich.payonce`.

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
        if dedupe or cache is not None:
            options = {"preflight": preflight, "allow_partial": allow_partial, **kwargs}
            return enhance_once(self, locations, sources, dedupe=dedupe, cache=cache, **options)
        if preflight:
            count = len(locations) if isinstance(locations, Sized) else None
            sources = check_enhance(self, sources, count, allow_partial=allow_partial)
        run = self.iter_enhance_many(locations, sources, **kwargs)
        items = list(run)
        return EnhanceResults(
            items,
            jobs=ordered_ids(run.job_ids),
            failed_jobs=run.coord.failed_jobs(),
            sources=validate_sources(sources),
            index=input_index(locations),
        )

    # -- single calls ------------------------------------------------------------------------
    def enhance(
        self, address: str | None = None, *, sources: Sequence[str], **fields: Any
    ) -> LocationResult:
        """Enhance one location synchronously (``address=``, or ``latitude=``/``longitude=``)."""
        return self._http.run(self._core.enhance_steps(address, sources, fields))

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
