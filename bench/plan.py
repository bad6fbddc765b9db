"""The plan of a bench run (sizes, repetitions, rates) and the helpers every scenario uses."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BULK, NAIVE = "bulk-enrich", "naive"
#: The floor client (``bench/floor.py``), measured beside the two strategies.
FLOOR = "floor"
PING_SOURCES = "PG,PH"
PLACE_ATTRIBUTES = "websites,phoneNumbers"


@dataclass
class Plan:
    """Sizes and repetitions of one bench run."""

    quick: bool
    ping_count: int
    place_count: int
    rate: float
    ping_reps: dict[str, int]
    place_reps: dict[str, int]
    naive_chunk: int
    naive_ping_chunk: int
    naive_poll: float
    poll_times: tuple[float, ...]
    poll_rate: float
    poll_reps: int
    memory_sizes: tuple[int, ...]
    memory_formats: tuple[str, ...]
    memory_naive_skip: frozenset[tuple[int, str]]
    profile_count: int
    cpu_count: int
    timeout: float
    budget: float
    tail_reserve: float
    place_reserve: float
    notes: list[str] = field(default_factory=list)

    @classmethod
    def full(cls) -> Plan:
        """``make bench``: the sizes of the issue, within 10 minutes on 2 cores."""
        return cls(
            quick=False,
            ping_count=1_000_000,
            place_count=200_000,
            rate=20_000.0,
            ping_reps={BULK: 2, NAIVE: 1},
            place_reps={BULK: 3, NAIVE: 2},
            naive_chunk=50_000,
            naive_ping_chunk=200_000,
            naive_poll=5.0,
            poll_times=(0.3, 3.0, 30.0, 120.0),
            poll_rate=100.0,
            poll_reps=3,
            memory_sizes=(100_000, 1_000_000),
            memory_formats=("csv", "parquet"),
            memory_naive_skip=frozenset({(1_000_000, "csv"), (1_000_000, "parquet")}),
            profile_count=5_000,
            cpu_count=100_000,
            timeout=420.0,
            budget=575.0,
            tail_reserve=190.0,
            place_reserve=130.0,
        )

    @classmethod
    def small(cls) -> Plan:
        """``make bench-quick``: the same machinery at small sizes (about a minute)."""
        return cls(
            quick=True,
            ping_count=20_000,
            place_count=5_000,
            rate=20_000.0,
            ping_reps={BULK: 1, NAIVE: 1},
            place_reps={BULK: 1, NAIVE: 1},
            naive_chunk=50_000,
            naive_ping_chunk=50_000,
            naive_poll=5.0,
            poll_times=(0.3, 3.0),
            poll_rate=100.0,
            poll_reps=1,
            memory_sizes=(5_000, 20_000),
            memory_formats=("csv", "parquet"),
            memory_naive_skip=frozenset(),
            profile_count=10_000,
            cpu_count=5_000,
            # A guard, not a figure: the low-priority runs (nice 19) may wait long for CPU on
            # a machine the test suite keeps busy; the smoke test's own limit is 840 s.
            timeout=360.0,
            budget=100.0,
            tail_reserve=35.0,
            place_reserve=15.0,
        )


def interleave(reps: dict[str, int]) -> list[str]:
    """``{bulk: 3, naive: 2}`` -> bulk, naive, bulk, naive, bulk."""
    order: list[str] = []
    left = dict(reps)
    while any(left.values()):
        for strategy in (BULK, NAIVE):
            if left.get(strategy, 0) > 0:
                order.append(strategy)
                left[strategy] -= 1
    return order


def busy_seconds(stats: dict[str, Any], api: str | None = None) -> float | None:
    """Seconds the emulator spent processing: the union of its jobs' start-finish intervals."""
    intervals = sorted(
        (j["started_at"], j["finished_at"])
        for j in (stats.get("jobs") or {}).values()
        if j.get("started_at") is not None
        and j.get("finished_at") is not None
        and (api is None or j.get("api") == api)
    )
    if not intervals:
        return None
    total = 0.0
    cur_start, cur_end = intervals[0]
    for start, end in intervals[1:]:
        if start > cur_end:
            total += cur_end - cur_start
            cur_start, cur_end = start, end
        else:
            cur_end = max(cur_end, end)
    return float(total + (cur_end - cur_start))


def count_rows(path: Path) -> int:
    """Data rows of a CSV written by either client (values hold no newlines)."""
    lines = 0
    with open(path, "rb") as fh:
        while block := fh.read(1 << 22):
            lines += block.count(b"\n")
    return max(lines - 1, 0)
