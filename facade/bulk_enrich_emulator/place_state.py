"""The Place Enrichment emulator's state: batches, jobs, their progress and their answers."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .geo import digest, unit
from .http import HTTPError, Request
from .place_answers import Warmer, encode
from .place_data import enrich, insufficient, resolve_attributes
from .schedule import DONE, IN_PROGRESS, PENDING, QUEUED, WorkUnit
from .stats import JobTiming
from .times import iso

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
    #: The finished answer's JSON and the unit of work it belongs to (built once).
    answer: tuple[WorkUnit, bytes] | None = field(default=None, repr=False, compare=False)


def _copy(record: PlaceRecord) -> PlaceRecord:
    """What a finished answer is built from, as it is now."""
    return PlaceRecord(
        record.place_id, record.inputs, record.attributes, record.unit, record.position,
        record.attempt, record.will_fail, record.refresh, record.enriched_at,
    )  # fmt: skip


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


class PlaceState:
    """State of the Place Enrichment API and how it is shown (the handlers build on it)."""

    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator
        self.batches: dict[str, dict[str, Batch]] = {}  # org -> id -> batch
        self.singles: dict[str, dict[str, PlaceRecord]] = {}  # org -> place_id -> record
        self.lock = threading.RLock()
        self.warmer = Warmer(self._warm)

    # -- life cycle -------------------------------------------------------------------------
    def reset(self) -> None:
        """Forget every batch."""
        with self.lock:
            self.batches.clear()
            self.singles.clear()
            self.warmer.clear()

    def close(self) -> None:
        """Forget every batch; stop building answers ahead."""
        self.reset()
        self.warmer.close()

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

    def _metadata(self, groups: dict[str, list[str]]) -> dict[str, Any] | None:
        """Null, as the vendor's document declares, or the guide's statistics."""
        if self.emulator.config.place_metadata != "filled":
            return None
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
            answer["attribute_statuses"] = self._distribution(batch, view, enrichments)
        return answer

    def _distribution(
        self, batch: Batch, view: _UnitView, enrichments: str
    ) -> dict[str, dict[str, dict[str, Any]]]:
        """Per asked attribute, the finished place ids grouped by attribute status."""
        wanted = [name.strip() for name in enrichments.split(",") if name.strip()]
        distribution: dict[str, dict[str, dict[str, Any]]] = {}
        for record in batch.records:
            if view.status(record) not in TERMINAL:
                continue
            outcome = self._outcome(record)
            for name in wanted:
                value = outcome.attribute_status.get(name, "NOT_RUN")
                group = distribution.setdefault(name, {}).setdefault(value, {"total": 0, "ids": []})
                group["total"] += 1
                group["ids"].append(record.place_id)
        return {name: distribution.get(name, {}) for name in wanted}

    def _summary(self, batch: Batch, view: _UnitView) -> dict[str, Any]:
        """A batch as ``GET /batches`` lists it."""
        groups = self._groups(batch, view)
        return {
            "id": batch.id,
            "batch_name": batch.name,
            "status": self._aggregate(groups),
            "status_counts": {status: len(ids) for status, ids in groups.items()},
            "created_at": iso(batch.created_at),
            "metadata": self._metadata(groups),
            "refresh": batch.refresh,
        }

    def _outcome(self, record: PlaceRecord) -> Any:
        return enrich(record.place_id, record.inputs, record.attributes, failed=record.will_fail)

    def _result(self, record: PlaceRecord, status: str) -> dict[str, Any]:
        """A job result in the vendor's shape: ``inputs`` carries the ``input_type``
        discriminator, ``reasoning`` is always there (``error`` says why a job failed)."""
        result: dict[str, Any] = {
            "place_id": record.place_id,
            "status": status,
            "inputs": {"input_type": "place", **record.inputs},
        }
        if status not in TERMINAL:
            result.update(
                outputs={},
                job_metadata={
                    "attribute_status": {name: "NOT_RUN" for name in record.attributes},
                    "last_enriched": None,
                    "country_code": None,
                },
                reasoning={},
            )
            return result
        outcome = self._outcome(record)
        finished = record.unit.finish if record.unit.mode == "rate" else record.unit.created
        steps = {"attempt": record.attempt, "refresh": record.refresh}
        result.update(
            outputs=outcome.outputs,
            job_metadata={
                "attribute_status": outcome.attribute_status,
                "last_enriched": iso(finished),
                "country_code": outcome.country_code,
                "enrichment_metadata": {name: dict(steps) for name in record.attributes},
            },
            reasoning=outcome.reasoning,
            confidence_scores=outcome.confidence,
        )
        return result

    def _finished_json(self, record: PlaceRecord, work: WorkUnit) -> bytes:
        """The JSON of ``record``'s finished answer for its run ``work``, built once."""
        cached = record.answer
        if cached is not None and cached[0] is work:
            return cached[1]
        status = "failed" if record.will_fail else "completed"
        data = encode(self._result(record, status))
        if record.unit is work:
            record.answer = (work, data)
        return data

    def _answers(self, records: Sequence[PlaceRecord], view: _UnitView) -> list[bytes]:
        """The JSON answers of ``records`` as ``view`` sees them."""
        with self.lock:  # each with the unit it runs in now (a reprocess changes it)
            units = [record.unit for record in records]
        answers: list[bytes] = []
        for record, work in zip(records, units, strict=True):
            status = view.status(record)
            if status in TERMINAL:
                answers.append(self._finished_json(record, work))
            else:
                answers.append(encode(self._result(record, status)))
        return answers

    def _warm(self, records: Sequence[PlaceRecord]) -> None:
        """Build the finished answers of ``records`` ahead of their first request (from copies
        taken under the lock, so a reprocess meanwhile is never mixed into one)."""
        with self.lock:
            copies = [(record, _copy(record)) for record in records if record.answer is None]
        for record, snapshot in copies:
            status = "failed" if snapshot.will_fail else "completed"
            data = encode(self._result(snapshot, status))
            if record.unit is snapshot.unit:
                record.answer = (snapshot.unit, data)

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

    def _requeue(
        self, records: list[PlaceRecord], *, refresh: bool, attributes: list[str] | None
    ) -> WorkUnit | None:
        """Run ``records`` again as one new unit of work (a next attempt); call under the lock."""
        if not records:
            return None
        work = self._schedule(len(records))
        for position, record in enumerate(records):
            record.answer = None
            record.unit = work
            record.position = position
            record.attempt += 1
            record.refresh = refresh
            record.will_fail = self._fails(record.place_id, record.inputs, record.attempt)
            if attributes is not None:
                record.attributes = attributes
        self.warmer.add(records)
        return work
