"""The Ping.Data side of the emulator: bulk jobs, output files, enhance, datasources, usage."""

from __future__ import annotations

import json
import json.encoder
import logging
import os
import queue
import re
import threading
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anyio.to_thread

from .http import FileResponse, HTTPError, JSONResponse, Request
from .ping_data import DATASOURCES, location_json, location_results
from .schedule import DONE, IN_PROGRESS, PENDING, QUEUED, WorkUnit
from .stats import JobTiming

if TYPE_CHECKING:
    from .app import Emulator
    from .config import EmulatorConfig

log = logging.getLogger(__name__)

CHUNK = 1000
encode_key = json.encoder.encode_basestring
#: Seconds a status call in ``instant``/``manual`` mode waits for the output file.
WRITE_WAIT = 120.0
#: Derived statistics reported next to PG (the real service reports a PGPRE entry).
EXTRA_STATS = {"PG": "PGPRE"}


def iso(ts: float | None) -> str | None:
    """Epoch seconds -> ``2026-02-02T19:18:52.624Z``."""
    if ts is None:
        return None
    # isoformat truncates to milliseconds, as microsecond // 1000; "+00:00" becomes "Z".
    return datetime.fromtimestamp(ts, tz=UTC).isoformat(timespec="milliseconds")[:-6] + "Z"


#: The sources of a location when neither it nor its request names any (the two sources every
#: example of the vendor's documentation asks for).
DEFAULT_SOURCES: tuple[str, ...] = ("PG", "PH")


@dataclass
class SourceStats:
    """Per-source fetch statistics of one job."""

    fetched: int = 0
    successes: int = 0
    fails: int = 0
    total: float = 0.0
    low: float | None = None
    high: float | None = None

    def add(self, success: bool, duration: float) -> None:
        """Count one fetch."""
        self.fetched += 1
        if success:
            self.successes += 1
        else:
            self.fails += 1
        self.total += duration
        self.low = duration if self.low is None or duration < self.low else self.low
        self.high = duration if self.high is None or duration > self.high else self.high

    def to_dict(self, code: str) -> dict[str, Any]:
        """The ``GetBulkEnhanceAPIViewResponseSources`` entry."""
        return {
            "source": code,
            "num_fetched": self.fetched,
            "num_successes": self.successes,
            "num_fails": self.fails,
            "min_fetch_duration": None if self.low is None else round(self.low, 4),
            "avg_fetch_duration": round(self.total / self.fetched, 4) if self.fetched else None,
            "max_fetch_duration": None if self.high is None else round(self.high, 4),
            "total_fetch_duration": round(self.total, 4),
        }


@dataclass
class PingJob:
    """One bulk enhance job."""

    id: str
    created_at: float
    unit: WorkUnit
    requested: int
    canceled: int
    sources: list[str]
    locations: list[dict[str, Any]] | None
    check_cache: bool
    include_raw: bool
    path: Path
    usage: dict[str, int]
    written: int = 0
    problems: int = 0
    stats: dict[str, SourceStats] = field(default_factory=dict)
    ready_at: float | None = None
    failed: bool = False
    error: str | None = None
    dropped: bool = False
    done: threading.Event = field(default_factory=threading.Event, repr=False)

    @property
    def filename(self) -> str:
        """Name of the output file."""
        return self.path.name

    @property
    def processed(self) -> int:
        """Locations to process (the unique ids)."""
        return self.requested - self.canceled

    def finished_at(self) -> float | None:
        """When the job completed: its scheduled finish, or later if the file was late."""
        if self.ready_at is None:
            return None
        if self.unit.mode == "rate":
            return max(self.unit.finish, self.ready_at)
        return self.ready_at


class OutputWriter:
    """Writes output files in the background, first come first served."""

    def __init__(self, config: EmulatorConfig) -> None:
        self._queue: queue.Queue[PingJob | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.config = config

    def submit(self, job: PingJob) -> None:
        """Queue a job's output for writing."""
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="emulator-output-writer", daemon=True
                )
                self._thread.start()
        self._queue.put(job)

    def close(self, timeout: float = 5.0) -> None:
        """Stop the writer thread."""
        with self._lock:
            thread = self._thread
            self._thread = None
        if thread is not None:
            self._queue.put(None)
            thread.join(timeout)

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            try:
                self._write(job)
            except Exception as exc:  # keep serving other jobs
                log.exception("writing the output of job %s failed", job.id)
                job.error = f"{type(exc).__name__}: {exc}"
                job.failed = True
                job.ready_at = time.time()
                job.done.set()

    def _write(self, job: PingJob) -> None:
        locations = job.locations or []
        partial = job.path.with_name(job.path.name + ".part")
        job.path.parent.mkdir(parents=True, exist_ok=True)
        latency: Mapping[str, float] = self.config.source_latency
        seen: set[str] = set()
        stats: dict[str, SourceStats] = {}
        for code in job.sources:
            stats.setdefault(code, SourceStats())
        any_success = False
        with partial.open("w", encoding="utf-8") as out:
            out.write("{")
            first = True
            for begin in range(0, len(locations), CHUNK):
                if job.dropped:
                    return
                pieces: list[str] = []
                for location in locations[begin : begin + CHUNK]:
                    key = str(location["id"])
                    if key in seen:
                        continue
                    seen.add(key)
                    wanted = location.get("sources") or job.sources
                    codes = [str(c).upper() for c in wanted]
                    text, outcomes = location_json(
                        location,
                        codes,
                        latency,
                        check_cache=job.check_cache,
                        include_raw=job.include_raw,
                    )
                    problem = False
                    for code, success, duration in outcomes:
                        entry = stats.get(code)
                        if entry is None:
                            entry = stats[code] = SourceStats()
                        entry.add(success, duration)
                        extra = EXTRA_STATS.get(code)
                        if extra is not None and success:
                            extra_entry = stats.get(extra)
                            if extra_entry is None:
                                extra_entry = stats[extra] = SourceStats()
                            extra_entry.add(True, round(duration / 6, 4))
                        if success:
                            any_success = True
                        else:
                            problem = True
                    if problem:
                        job.problems += 1
                    pieces.append(f"{encode_key(key)}:{text}")
                if pieces:
                    out.write(("" if first else ",") + ",".join(pieces))
                    first = False
                job.written = len(seen)
            out.write("}")
        os.replace(partial, job.path)
        job.stats = {code: entry for code, entry in stats.items() if entry.fetched}
        job.failed = not any_success
        if job.failed:
            job.error = "No location could be enriched by any requested source."
        job.locations = None
        job.ready_at = time.time()
        job.done.set()


_RELATIVE = re.compile(r"^-(\d{1,6})([mhd])$")
_UNITS = {"m": 60, "h": 3600, "d": 86400}


def _parse_time(value: str | None, default: float, now: float) -> float:
    """A usage window bound: relative (``-30d``) or ISO 8601; unusable values fall back."""
    if not value:
        return default
    relative = _RELATIVE.match(value)
    if relative:
        return now - int(relative.group(1)) * _UNITS[relative.group(2)]
    text = value.replace("Z", "+00:00")
    if re.search(r"[+-]\d{4}$", text):
        text = text[:-2] + ":" + text[-2:]
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return default
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


class PingService:
    """State and handlers of the Ping.Data API."""

    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator
        self.jobs: dict[str, PingJob] = {}
        self.usage: list[tuple[float, dict[str, int]]] = []
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
        seen: set[str] = set()
        usage: dict[str, int] = {}
        canceled = 0
        for location in locations:
            key = str(location["id"])
            if key in seen:
                canceled += 1
                continue
            seen.add(key)
            for code in location.get("sources") or batch_sources:
                upper = str(code).upper()
                usage[upper] = usage.get(upper, 0) + 1
        usage["total"] = sum(usage.values())
        job_id = job_id or str(uuid.uuid4())
        unit = emulator.scheduler.schedule(
            len(seen),
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
            canceled=canceled,
            sources=batch_sources,
            locations=locations,
            check_cache=bool(body.get("check_cache", True)),
            include_raw=bool(body.get("include_raw_response", False)),
            path=emulator.data_dir / "ping" / job_id / f"output-data-{job_id}.json",
            usage=usage,
        )
        with self.lock:
            self.jobs[job_id] = job
        if emulator.state_file is not None and not restored:
            emulator.state_file.record_ping_job(job_id, now, body)
        self._record_usage(usage, now)
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
            finished = job.finished_at() or now
            url = f"{request.base_url}/api/v1/bulk_enhance/{job.id}/output/{job.filename}"
            answer["result"] = {
                "status": "FAILED" if job.failed else "SUCCESS",
                "message": job.error if job.failed else "Success.",
                "total_processing_time": round(max(finished - job.unit.start, 0.0), 3),
                "outputs": [{"description": "Data file 1", "filename": job.filename, "url": url}]
                if job.path.is_file()
                else [],
                "sources": [entry.to_dict(code) for code, entry in job.stats.items()],
            }
        return JSONResponse(answer)

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
        location: dict[str, Any] = {
            key: params[key]
            for key in (
                "address",
                "address_line_1",
                "address_line_2",
                "city",
                "state",
                "postal_code",
                "county",
                "country",
                "latitude",
                "longitude",
            )
            if key in params
        }
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
        start = _parse_time(params.get("start"), now - 30 * 86400, now)
        end = _parse_time(params.get("end"), now, now)
        span = max(end - start, 0.0)
        granularity, width = (
            ("5m", 300) if span <= 86400 else ("1h", 3600) if span <= 7 * 86400 else ("1d", 86400)
        )
        buckets: dict[int, dict[str, int]] = {}
        totals: dict[str, int] = {"total": 0}
        with self.lock:
            records = list(self.usage)
        for when, counts in records:
            if not start <= when <= end:
                continue
            bucket = buckets.setdefault(int(when // width * width), {"total": 0})
            for code, count in counts.items():
                bucket[code] = bucket.get(code, 0) + count
                totals[code] = totals.get(code, 0) + count
        return JSONResponse(
            {
                "granularity": granularity,
                "start": iso(start),
                "end": iso(end),
                "buckets": [
                    {"bucket": iso(float(key)), "counts": counts}
                    for key, counts in sorted(buckets.items())
                ],
                "totals": totals,
            }
        )

    async def get_limits(self, request: Request, params: dict[str, Any]) -> JSONResponse:
        """GET /api/v1/limits: the configured quotas, usage from the jobs run."""
        now = datetime.now(tz=UTC)
        day = now.replace(hour=0, minute=0, second=0, microsecond=0)
        month = day.replace(day=1)
        used_day: dict[str, int] = {}
        used_month: dict[str, int] = {}
        with self.lock:
            records = list(self.usage)
        for when, counts in records:
            for code, count in counts.items():
                if code == "total":
                    continue
                if when >= month.timestamp():
                    used_month[code] = used_month.get(code, 0) + count
                if when >= day.timestamp():
                    used_day[code] = used_day.get(code, 0) + count
        config = self.emulator.config
        daily, monthly = config.daily_quota, config.monthly_quota
        sources = {
            code: {
                "limits": {"daily": daily, "monthly": monthly},
                "usage": {"daily": used_day.get(code, 0), "monthly": used_month.get(code, 0)},
                "remaining": {
                    "daily": max(daily - used_day.get(code, 0), 0),
                    "monthly": max(monthly - used_month.get(code, 0), 0),
                },
            }
            for code in DATASOURCES
        }
        org = params.get("org_short_name")
        user = params.get("username")
        return JSONResponse(
            {
                "scope": "org" if org and not user else "user",
                "subject": user or org or "emulator",
                "allowlist": {"mode": "unrestricted", "sources": sorted(DATASOURCES)},
                "sources": sources,
                "window_resets": {"daily": iso((day + timedelta(days=1)).timestamp())},
            }
        )
