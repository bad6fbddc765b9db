"""The Ping.Data side of the emulator: its job store and its HTTP handlers."""

from __future__ import annotations

import threading
import time
import uuid
from typing import TYPE_CHECKING, Any

import anyio.to_thread

from .http import FileResponse, HTTPError, JSONResponse, Request
from .ping_data import DATASOURCES, location_results
from .ping_job import DEFAULT_SOURCES, PingJob, count_request
from .ping_output import OutputWriter
from .ping_usage import UsageRecord, limits_answer, usage_answer, utc_now
from .schedule import DONE, IN_PROGRESS, PENDING, QUEUED
from .stats import JobTiming
from .times import iso

if TYPE_CHECKING:
    from .app import Emulator

#: Seconds a status call in ``instant``/``manual`` mode waits for the output file.
WRITE_WAIT = 120.0
#: The query parameters of ``/api/v1/enhance`` that describe the location.
ENHANCE_FIELDS = (
    "address", "address_line_1", "address_line_2", "city", "state", "postal_code", "county",
    "country", "latitude", "longitude",
)  # fmt: skip


class PingService:
    """State and handlers of the Ping.Data API."""

    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator
        self.jobs: dict[str, PingJob] = {}
        self.usage: list[UsageRecord] = []
        self.lock = threading.Lock()
        self.writer = OutputWriter(emulator.config)

    # -- life cycle -------------------------------------------------------------------------
    def reset(self) -> None:
        """Forget every job (running writes are abandoned)."""
        with self.lock:
            for job in self.jobs.values():
                job.dropped = True
            self.jobs.clear()
            self.usage.clear()

    def close(self) -> None:
        """Stop background work."""
        self.reset()
        self.writer.close()

    def timings(self) -> dict[str, JobTiming]:
        """Created/started/finished times of every job."""
        now = time.time()
        with self.lock:
            jobs = list(self.jobs.values())
        return {
            job.id: JobTiming(
                api="ping",
                size=job.processed,
                created_at=job.created_at,
                started_at=job.unit.start if job.unit.phase(now) in (IN_PROGRESS, DONE) else None,
                finished_at=job.finished_at(),
            )
            for job in jobs
        }

    # -- helpers ----------------------------------------------------------------------------
    def _job(self, job_id: str) -> PingJob:
        job = self.jobs.get(job_id)
        if job is None:
            raise HTTPError(404, {"detail": f"Bulk enhance job {job_id!r} not found."})
        return job

    def _record_usage(self, counts: dict[str, int], when: float) -> None:
        with self.lock:
            self.usage.append((when, counts))

    def _usage_records(self) -> list[UsageRecord]:
        with self.lock:
            return list(self.usage)

    # -- handlers ---------------------------------------------------------------------------
    def create_job(
        self,
        body: dict[str, Any],
        *,
        commit: bool = True,
        job_id: str | None = None,
        now: float | None = None,
    ) -> PingJob:
        """Create (and schedule) a job from a validated request body.

        ``job_id`` and ``now`` recreate a job kept in the state file (it is not kept again).
        """
        emulator = self.emulator
        config = emulator.config
        restored = job_id is not None
        now = time.time() if now is None else now
        batch_sources = [str(code).upper() for code in body.get("sources") or DEFAULT_SOURCES]
        locations: list[dict[str, Any]] = body["locations"]
        counted = count_request(locations, batch_sources)
        job_id = job_id or str(uuid.uuid4())
        unit = emulator.scheduler.schedule(
            counted.unique,
            rate=config.rate,
            queue_delay=config.queue_delay,
            mode=config.mode,
            polls_to_complete=config.polls_to_complete,
            now=now,
        )
        job = PingJob(
            id=job_id,
            created_at=now,
            unit=unit,
            requested=len(locations),
            canceled=counted.canceled,
            sources=batch_sources,
            locations=locations,
            check_cache=bool(body.get("check_cache", True)),
            include_raw=bool(body.get("include_raw_response", False)),
            path=emulator.data_dir / "ping" / job_id / f"output-data-{job_id}.json",
            usage=counted.usage,
        )
        with self.lock:
            self.jobs[job_id] = job
        if emulator.state_file is not None and not restored:
            emulator.state_file.record_ping_job(job_id, now, body)
        self._record_usage(counted.usage, now)
        if not restored:  # counts the jobs created through the API since the start
            emulator.stats.job_created(job_id, "ping", job.processed)
        self.writer.submit(job)
        return job

    async def start_bulk_enhance(self, request: Request, params: dict[str, Any]) -> JSONResponse:
        """POST /api/v1/bulk_enhance."""
        job = self.create_job(request.json())
        return JSONResponse({"id": job.id, "message": "OK"}, status=200)

    async def get_bulk_enhance_status(
        self, request: Request, params: dict[str, Any]
    ) -> JSONResponse:
        """GET /api/v1/bulk_enhance/{id}."""
        job = self._job(params["id"])
        job.unit.poll()
        self.emulator.stats.polled(job.id)
        now = time.time()
        phase = job.unit.phase(now)
        if phase == DONE and not job.done.is_set() and job.unit.mode != "rate":
            await anyio.to_thread.run_sync(job.done.wait, WRITE_WAIT)
        return JSONResponse(status_answer(job, phase, now, request.base_url))

    async def download_bulk_enhance_output(
        self, request: Request, params: dict[str, Any]
    ) -> FileResponse:
        """GET /api/v1/bulk_enhance/{id}/output/{filename}."""
        job = self._job(params["id"])
        missing = HTTPError(404, {"detail": f"Output file {params['filename']!r} not found."})
        if params["filename"] != job.filename or not job.done.is_set():
            raise missing
        finished = job.finished_at()
        if finished is None or time.time() < finished + self.emulator.config.output_lag:
            raise missing
        if job.unit.phase(time.time()) != DONE or not job.path.is_file():
            raise missing
        self.emulator.stats.downloaded(job.id)
        return FileResponse(job.path)

    async def enhance(self, request: Request, params: dict[str, Any]) -> JSONResponse:
        """GET /api/v1/enhance."""
        location: dict[str, Any] = {key: params[key] for key in ENHANCE_FIELDS if key in params}
        codes = [str(code).upper() for code in params["sources"]]
        results = location_results(
            location,
            codes,
            self.emulator.config.source_latency,
            check_cache=bool(params.get("check_cache", True)),
            include_raw=bool(params.get("include_raw_response", False)),
        )
        usage = {code: 1 for code in codes}
        usage["total"] = len(usage)
        self._record_usage(usage, time.time())
        return JSONResponse({"id": str(uuid.uuid4()), "location_data": results})

    async def list_datasources(self, request: Request, params: dict[str, Any]) -> JSONResponse:
        """GET /api/v1/datasources."""
        return JSONResponse({"configs": {c: d.config() for c, d in DATASOURCES.items()}})

    async def get_datasource(self, request: Request, params: dict[str, Any]) -> JSONResponse:
        """GET /api/v1/datasources/{code} (case-insensitive)."""
        source = DATASOURCES.get(params["code"].upper())
        if source is None:
            raise HTTPError(404, {"detail": f"Datasource {params['code']!r} not found."})
        return JSONResponse({"config": source.config()})

    async def get_usage(self, request: Request, params: dict[str, Any]) -> JSONResponse:
        """GET /api/v1/usage: buckets from the jobs actually run."""
        now = time.time()
        records = self._usage_records()
        return JSONResponse(usage_answer(records, params.get("start"), params.get("end"), now))

    async def get_limits(self, request: Request, params: dict[str, Any]) -> JSONResponse:
        """GET /api/v1/limits: the configured quotas, usage from the jobs run."""
        now = utc_now()
        records = self._usage_records()
        org, user = params.get("org_short_name"), params.get("username")
        config = self.emulator.config
        quotas = (config.daily_quota, config.monthly_quota)
        return JSONResponse(limits_answer(records, org, user, now, quotas))


def status_answer(job: PingJob, phase: str, now: float, base_url: str) -> dict[str, Any]:
    """The status body of a job in ``phase`` at ``now``; the result once its file is written."""
    done = phase == DONE and job.done.is_set()
    progress = job.processed if done else min(job.unit.progress(now), job.written)
    if done:
        status = "FAILED" if job.failed else "COMPLETE"
    elif phase in (DONE, IN_PROGRESS):
        status = "IN_PROGRESS"
    else:
        status = QUEUED if phase == QUEUED else PENDING
    started = None if status in (PENDING, QUEUED) else job.unit.start
    request_part: dict[str, Any] = {
        "status": status,
        "num_requested": job.requested,
        "num_completed": progress,
        "num_problems": job.problems if done else min(job.problems, progress),
        "num_canceled": job.canceled,
        "requested_at": iso(job.created_at),
        "progress_started_at": iso(started),
        "completed_at": iso(job.finished_at()) if done else None,
    }
    answer: dict[str, Any] = {"request": request_part}
    if done:
        answer["result"] = _result(job, now, base_url)
    return answer


def _result(job: PingJob, now: float, base_url: str) -> dict[str, Any]:
    finished = job.finished_at() or now
    url = f"{base_url}/api/v1/bulk_enhance/{job.id}/output/{job.filename}"
    return {
        "status": "FAILED" if job.failed else "SUCCESS",
        "message": job.error if job.failed else "Success.",
        "total_processing_time": round(max(finished - job.unit.start, 0.0), 3),
        "outputs": [{"description": "Data file 1", "filename": job.filename, "url": url}]
        if job.path.is_file()
        else [],
        "sources": [entry.to_dict(code) for code, entry in job.stats.items()],
    }
