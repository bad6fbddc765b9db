"""One Ping.Data bulk job: its request, progress, per-source statistics and usage counts."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .schedule import WorkUnit

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


@dataclass(frozen=True)
class RequestCount:
    """What a request asks for: unique locations, repeated ids and per-source lookups."""

    unique: int
    canceled: int
    usage: dict[str, int]


def count_request(locations: Iterable[dict[str, Any]], batch_sources: list[str]) -> RequestCount:
    """Count a request's unique ids, its repeated ids and its lookups per source (and total)."""
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
    return RequestCount(len(seen), canceled, usage)
