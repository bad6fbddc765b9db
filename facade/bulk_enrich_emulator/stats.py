"""Counters of what the emulator served, readable by tests (``/_emulator/stats``)."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass
class JobTiming:
    """When a job (Ping) or a batch's unit of work (Place) was created, started, finished."""

    api: str
    size: int
    created_at: float
    started_at: float | None = None
    finished_at: float | None = None


@dataclass
class Stats:
    """Thread-safe counters."""

    jobs_created: int = 0
    batches_created: int = 0
    appends: int = 0
    reprocesses: int = 0
    requests: Counter[str] = field(default_factory=Counter)
    answers: Counter[str] = field(default_factory=Counter)
    polls: Counter[str] = field(default_factory=Counter)
    downloads: Counter[str] = field(default_factory=Counter)
    faults: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def reset(self) -> None:
        """Zero every counter."""
        with self.lock:
            self.jobs_created = self.batches_created = self.appends = self.reprocesses = 0
            for counter in (self.requests, self.answers, self.polls, self.downloads, self.faults):
                counter.clear()

    def request(self, operation_id: str) -> None:
        """Count a request to an operation."""
        with self.lock:
            self.requests[operation_id] += 1

    def answer(self, operation_id: str, status: int) -> None:
        """Count an answer by operation and status code."""
        with self.lock:
            self.answers[f"{operation_id} {status}"] += 1

    def job_created(self, job_id: str, api: str, size: int) -> None:
        """Count a created Ping job."""
        with self.lock:
            self.jobs_created += 1

    def batch_created(self) -> None:
        """Count a created Place batch."""
        with self.lock:
            self.batches_created += 1

    def appended(self) -> None:
        """Count jobs appended to an existing batch."""
        with self.lock:
            self.appends += 1

    def reprocessed(self) -> None:
        """Count a reprocess call that re-queued jobs."""
        with self.lock:
            self.reprocesses += 1

    def polled(self, job_id: str) -> None:
        """Count a status call for a job or batch."""
        with self.lock:
            self.polls[job_id] += 1

    def downloaded(self, job_id: str) -> None:
        """Count a download of a job's output."""
        with self.lock:
            self.downloads[job_id] += 1

    def fault(self, kind: str) -> None:
        """Count an injected fault."""
        with self.lock:
            self.faults[kind] += 1

    def snapshot(self, timings: dict[str, JobTiming]) -> dict[str, Any]:
        """JSON-ready counters; ``timings`` come from the job stores."""
        with self.lock:
            data: dict[str, Any] = {
                "jobs_created": self.jobs_created,
                "batches_created": self.batches_created,
                "appends": self.appends,
                "reprocesses": self.reprocesses,
                "requests": dict(self.requests),
                "answers": dict(self.answers),
                "status_polls": dict(self.polls),
                "downloads": dict(self.downloads),
                "downloads_total": sum(self.downloads.values()),
                "faults": dict(self.faults),
                "faults_total": sum(self.faults.values()),
            }
        starts = [t.started_at for t in timings.values() if t.started_at is not None]
        ends = [t.finished_at for t in timings.values() if t.finished_at is not None]
        data["span"] = (
            {"start": min(starts), "end": max(ends), "seconds": max(ends) - min(starts)}
            if starts and ends
            else None
        )
        data["jobs"] = {
            key: {
                "api": t.api,
                "size": t.size,
                "created_at": t.created_at,
                "started_at": t.started_at,
                "finished_at": t.finished_at,
            }
            for key, t in timings.items()
        }
        return data
