"""The Place Enrichment side of the emulator: batches, job results, reprocess, enrich."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import anyio.to_thread

from .geo import digest, unit
from .http import HTTPError, JSONResponse, Request, dumps
from .ping import iso
from .place_data import ALL, CORE, enrich, insufficient, resolve_attributes
from .schedule import DONE, IN_PROGRESS, PENDING, QUEUED, WorkUnit
from .stats import JobTiming

if TYPE_CHECKING:
    from .app import Emulator

STATUSES = ("pending", "queued", "in_progress", "completed", "failed")
TERMINAL = frozenset({"completed", "failed"})


@dataclass
class PlaceRecord:
    """One place's job inside a batch."""

    place_id: str
    inputs: dict[str, Any]
    attributes: list[str]
    unit: WorkUnit
    position: int
    attempt: int = 1
    will_fail: bool = False
    refresh: bool = False
    enriched_at: float | None = None


@dataclass
class Batch:
    """A batch of place jobs (possibly appended to and reprocessed)."""

    id: str
    name: str
    org: str
    created_at: float
    records: list[PlaceRecord] = field(default_factory=list)
    units: list[tuple[str, WorkUnit]] = field(default_factory=list)
    refresh: bool = False


class _UnitView:
    """Progress of every unit at one instant (computed once per answer)."""

    def __init__(self, now: float, window: int) -> None:
        self.now = now
        self.window = window
        self._cache: dict[int, tuple[str, int]] = {}

    def status(self, record: PlaceRecord) -> str:
        key = id(record.unit)
        state = self._cache.get(key)
        if state is None:
            state = (record.unit.phase(self.now), record.unit.progress(self.now))
            self._cache[key] = state
        phase, progress = state
        if record.position < progress or phase == DONE:
            return "failed" if record.will_fail else "completed"
        if phase == PENDING:
            return "pending"
        if phase == QUEUED:
            return "queued"
        if phase == IN_PROGRESS and record.position < progress + self.window:
            return "in_progress"
        return "queued"


class PlaceService:
    """State and handlers of the Place Enrichment API."""

    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator
        self.batches: dict[str, dict[str, Batch]] = {}  # org -> id -> batch
        self.singles: dict[str, dict[str, PlaceRecord]] = {}  # org -> place_id -> record
        self.lock = threading.RLock()

    # -- life cycle -------------------------------------------------------------------------
    def reset(self) -> None:
        """Forget every batch."""
        with self.lock:
            self.batches.clear()
            self.singles.clear()

    def close(self) -> None:
        """Nothing runs in the background for places."""
        self.reset()

    def timings(self) -> dict[str, JobTiming]:
        """Created/started/finished times of every unit of work (creation, append, reprocess)."""
        now = time.time()
        result: dict[str, JobTiming] = {}
        with self.lock:
            batches = [b for org in self.batches.values() for b in org.values()]
        for batch in batches:
            for key, work in batch.units:
                phase = work.phase(now)
                result[key] = JobTiming(
                    api="place",
                    size=work.size,
                    created_at=work.created,
                    started_at=work.start if phase in (IN_PROGRESS, DONE) else None,
                    finished_at=(work.finish if work.mode == "rate" else now)
                    if phase == DONE
                    else None,
                )
        return result

    # -- helpers ----------------------------------------------------------------------------
    def _view(self) -> _UnitView:
        return _UnitView(time.time(), max(1, int(self.emulator.config.rate * 0.25)))

    def _org(self, request: Request) -> str:
        return request.org_slug or ""

    def _batch(self, request: Request, batch_id: str) -> Batch:
        batch = self.batches.get(self._org(request), {}).get(batch_id)
        if batch is None:
            raise HTTPError(404, {"detail": f"Batch {batch_id!r} not found."})
        return batch

    def _schedule(self, size: int, *, released: bool = True) -> WorkUnit:
        config = self.emulator.config
        return self.emulator.scheduler.schedule(
            size,
            rate=config.rate,
            queue_delay=config.queue_delay,
            mode=config.mode,
            polls_to_complete=config.polls_to_complete,
            released=released,
        )

    def _fails(self, place_id: str, inputs: dict[str, Any], attempt: int) -> bool:
        if insufficient(inputs):
            return True
        rate = self.emulator.config.place_failure_rate
        return attempt == 1 and rate > 0 and unit(digest(f"transient|{place_id}"), 0) < rate

    def _groups(self, batch: Batch, view: _UnitView) -> dict[str, list[str]]:
        groups: dict[str, list[str]] = {status: [] for status in STATUSES}
        for record in batch.records:
            groups[view.status(record)].append(record.place_id)
        return groups

    @staticmethod
    def _aggregate(groups: dict[str, list[str]]) -> str:
        total = sum(len(ids) for ids in groups.values())
        done = len(groups["completed"]) + len(groups["failed"])
        if total and done == total:
            return "failed" if len(groups["failed"]) > len(groups["completed"]) else "completed"
        if groups["in_progress"] or done:
            return "in_progress"
        if groups["queued"]:
            return "queued"
        return "pending"

    @staticmethod
    def _metadata(groups: dict[str, list[str]]) -> dict[str, Any]:
        counts = {status: len(ids) for status, ids in groups.items()}
        done = counts["completed"] + counts["failed"]
        return {
            "total_jobs": sum(counts.values()),
            "completed_jobs": done,
            "status_counts": counts,
            "success_rate": round(counts["completed"] / done, 4) if done else None,
        }

    def _batch_answer(
        self, batch: Batch, view: _UnitView, enrichments: str | None = None
    ) -> dict[str, Any]:
        groups = self._groups(batch, view)
        answer: dict[str, Any] = {
            "id": batch.id,
            "batch_name": batch.name,
            "status": self._aggregate(groups),
            "jobs": groups,
            "metadata": self._metadata(groups),
            "created_at": iso(batch.created_at),
        }
        if enrichments:
            wanted = [name.strip() for name in enrichments.split(",") if name.strip()]
            distribution: dict[str, dict[str, dict[str, Any]]] = {}
            for record in batch.records:
                if view.status(record) not in TERMINAL:
                    continue
                outcome = self._outcome(record)
                for name in wanted:
                    value = outcome.attribute_status.get(name, "NOT_RUN")
                    group = distribution.setdefault(name, {}).setdefault(
                        value, {"total": 0, "ids": []}
                    )
                    group["total"] += 1
                    group["ids"].append(record.place_id)
            answer["attribute_statuses"] = {name: distribution.get(name, {}) for name in wanted}
        return answer

    def _outcome(self, record: PlaceRecord) -> Any:
        return enrich(record.place_id, record.inputs, record.attributes, failed=record.will_fail)

    def _result(self, record: PlaceRecord, status: str) -> dict[str, Any]:
        result: dict[str, Any] = {
            "place_id": record.place_id,
            "status": status,
            "inputs": record.inputs,
        }
        if status in TERMINAL:
            outcome = self._outcome(record)
            finished = record.unit.finish if record.unit.mode == "rate" else record.unit.created
            result.update(
                outputs=outcome.outputs,
                job_metadata={
                    "attribute_status": outcome.attribute_status,
                    "last_enriched": iso(finished),
                    "country_code": outcome.country_code,
                    "enrichment_metadata": {"attempt": record.attempt, "refresh": record.refresh},
                },
                reasoning=outcome.reasoning,
                confidence_scores=outcome.confidence,
            )
        else:
            result.update(
                outputs={},
                job_metadata={
                    "attribute_status": {name: "NOT_RUN" for name in record.attributes},
                    "last_enriched": None,
                    "country_code": None,
                },
            )
        return result

    def _records(self, org: str, batch_id: str | None) -> list[PlaceRecord]:
        with self.lock:
            batches = self.batches.get(org, {})
            if batch_id is not None:
                batch = batches.get(batch_id)
                return list(batch.records) if batch else []
            records = [r for b in sorted(batches.values(), key=lambda b: b.created_at)
                       for r in b.records]  # fmt: skip
            records.extend(self.singles.get(org, {}).values())
            return records

    def _new_records(
        self, jobs: Iterable[dict[str, Any]], attributes: list[str], work: WorkUnit,
        refresh: bool,
    ) -> list[PlaceRecord]:  # fmt: skip
        records: list[PlaceRecord] = []
        for position, job in enumerate(jobs):
            job_attributes = (
                resolve_attributes(job.get("attributes"), job.get("attribute_set"))
                if job.get("attributes") or job.get("attribute_set")
                else attributes
            )
            place_id = str(job["place_id"])
            inputs = dict(job["inputs"])
            records.append(
                PlaceRecord(
                    place_id=place_id,
                    inputs=inputs,
                    attributes=job_attributes,
                    unit=work,
                    position=position,
                    will_fail=self._fails(place_id, inputs, 1),
                    refresh=refresh or bool(job.get("refresh", False)),
                )
            )
        return records

    # -- handlers ---------------------------------------------------------------------------
    async def create_batch(self, request: Request, params: dict[str, Any]) -> JSONResponse:
        """POST /place_enrichment/batches (create, or append with ``batch_id``)."""
        body = request.json()
        org = self._org(request)
        jobs: list[dict[str, Any]] = body["jobs"]
        attributes = resolve_attributes(body.get("attributes"), body.get("attribute_set"))
        released = bool(body.get("kick_off_jobs_now", True))
        work = self._schedule(len(jobs), released=released)
        records = self._new_records(jobs, attributes, work, refresh=False)
        batch_id = body.get("batch_id")
        with self.lock:
            org_batches = self.batches.setdefault(org, {})
            batch = org_batches.get(batch_id) if batch_id else None
            if batch is None:
                batch = Batch(
                    id=batch_id or str(uuid.uuid4()),
                    name=str(body["batch_name"]),
                    org=org,
                    created_at=work.created,
                )
                org_batches[batch.id] = batch
                self.emulator.stats.batch_created()
            else:
                self.emulator.stats.appended()
            start = len(batch.records)
            batch.records.extend(records)
            batch.units.append((f"{batch.id}#{len(batch.units)}@{start}", work))
        return JSONResponse(self._batch_answer(batch, self._view()))

    async def list_batches(self, request: Request, params: dict[str, Any]) -> JSONResponse:
        """GET /place_enrichment/batches."""
        limit = int(params.get("limit", 10))
        offset = int(params.get("offset", 0))
        query = str(params.get("query") or "").lower()
        with self.lock:
            batches = sorted(
                self.batches.get(self._org(request), {}).values(),
                key=lambda b: b.created_at,
                reverse=True,
            )
        if query:
            batches = [b for b in batches if query in b.name.lower()]
        view = self._view()
        page = []
        for batch in batches[offset : offset + limit]:
            groups = self._groups(batch, view)
            page.append(
                {
                    "id": batch.id,
                    "batch_name": batch.name,
                    "status": self._aggregate(groups),
                    "status_counts": {status: len(ids) for status, ids in groups.items()},
                    "created_at": iso(batch.created_at),
                    "metadata": self._metadata(groups),
                    "refresh": batch.refresh,
                }
            )
        return JSONResponse(
            {"batches": page, "total": len(batches), "limit": limit, "offset": offset}
        )

    async def get_batch(self, request: Request, params: dict[str, Any]) -> JSONResponse:
        """GET /place_enrichment/batches/{batch_id}."""
        batch = self._batch(request, params["batch_id"])
        for _, work in batch.units:
            work.poll()
        self.emulator.stats.polled(batch.id)
        return JSONResponse(self._batch_answer(batch, self._view(), params.get("enrichments")))

    async def reprocess_batch(self, request: Request, params: dict[str, Any]) -> JSONResponse:
        """POST /place_enrichment/batches/{batch_id}/reprocess."""
        batch = self._batch(request, params["batch_id"])
        body = request.json() if request.body.strip() else {}
        if not isinstance(body, dict):
            body = {}
        failed_only = bool(body.get("failed_only", True))
        incomplete_only = bool(body.get("incomplete_only", False))
        refresh = bool(body.get("refresh", False))
        override = (
            resolve_attributes(body.get("attributes"), body.get("attribute_set"))
            if body.get("attributes") or body.get("attribute_set")
            else None
        )
        view = self._view()
        wanted: set[str] = set()
        if incomplete_only:
            wanted |= {"pending", "queued", "in_progress"}
        if failed_only:
            wanted.add("failed")
        with self.lock:
            selected = [
                record for record in batch.records if not wanted or view.status(record) in wanted
            ]
            if selected:
                work = self._schedule(len(selected))
                for position, record in enumerate(selected):
                    record.unit = work
                    record.position = position
                    record.attempt += 1
                    record.refresh = refresh
                    record.will_fail = self._fails(record.place_id, record.inputs, record.attempt)
                    if override is not None:
                        record.attributes = override
                batch.units.append((f"{batch.id}#{len(batch.units)}@reprocess", work))
                batch.refresh = batch.refresh or refresh
                self.emulator.stats.reprocessed()
        count = len(selected)
        return JSONResponse(
            {
                "status": "queued" if count else "no_jobs",
                "message": f"Queued {count} job(s) for reprocessing."
                if count
                else "No jobs matched; nothing to reprocess.",
                "job_count": count,
                "batch_id": batch.id,
                "excluded_deferred_count": 0,
            }
        )

    async def list_jobs(self, request: Request, params: dict[str, Any]) -> JSONResponse:
        """GET /place_enrichment/jobs?batchId=&limit=&offset=."""
        limit = min(int(params.get("limit", 10000)), 10000)
        offset = int(params.get("offset", 0))
        records = self._records(self._org(request), params.get("batchId"))
        view = self._view()

        def build() -> bytes:
            page = [self._result(r, view.status(r)) for r in records[offset : offset + limit]]
            return dumps({"jobs": page, "total": len(records), "limit": limit, "offset": offset})

        # Pages are big (up to 10,000 results): build them off the event loop.
        return JSONResponse(None, raw=await anyio.to_thread.run_sync(build))

    async def get_job(self, request: Request, params: dict[str, Any]) -> JSONResponse:
        """GET /place_enrichment/jobs/{place_id}: the latest job for that place."""
        place_id = params["place_id"]
        records = [r for r in self._records(self._org(request), None) if r.place_id == place_id]
        if not records:
            raise HTTPError(404, {"detail": f"Job {place_id!r} not found."})
        latest = max(records, key=lambda r: r.unit.created)
        return JSONResponse(self._result(latest, self._view().status(latest)))

    async def enrich_place(self, request: Request, params: dict[str, Any]) -> JSONResponse:
        """POST /place_enrichment/enrich: one place, synchronously."""
        body = request.json()
        attributes = resolve_attributes(body.get("attributes"), body.get("attribute_set"))
        work = self.emulator.scheduler.schedule(
            1, rate=1.0, queue_delay=0.0, mode="instant", polls_to_complete=1
        )
        (record,) = self._new_records(
            [body], attributes, work, refresh=bool(body.get("refresh", False))
        )
        with self.lock:
            self.singles.setdefault(self._org(request), {})[record.place_id] = record
        return JSONResponse(self._result(record, "failed" if record.will_fail else "completed"))

    async def get_attributes(self, request: Request, params: dict[str, Any]) -> JSONResponse:
        """GET /place_enrichment/attributes."""
        return JSONResponse({"core": list(CORE), "all": list(ALL), "custom": []})
