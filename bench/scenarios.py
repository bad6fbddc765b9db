"""The four scenarios, each run for bulk-enrich and for the naive strategy.

Every client runs as its own measured process; the emulator runs in yet another. Runs of the
two strategies alternate (bulk, naive, bulk, ...) so drifts in the machine hit both alike.
One module per scenario family: :mod:`bench.e2e`, :mod:`bench.polling`, :mod:`bench.memory`,
:mod:`bench.cpu`; the plan and shared helpers in :mod:`bench.plan`, the clients' command lines
in :mod:`bench.clients`. This module gathers their public names.
"""

from __future__ import annotations

from bench.clients import ping_argv, place_argv
from bench.cpu import cpu_side_by_side, per_million, profiles, seq
from bench.e2e import end_to_end
from bench.measure import Measurement
from bench.memory import CONVERSION_ORDER, MemoryScenario, memory
from bench.plan import (
    BULK,
    FLOOR,
    NAIVE,
    PING_SOURCES,
    PLACE_ATTRIBUTES,
    Plan,
    busy_seconds,
    count_rows,
    interleave,
)
from bench.polling import POLL_SPREAD, POLL_STAGGER, polling, polling_with

__all__ = [
    "BULK", "CONVERSION_ORDER", "FLOOR", "NAIVE", "PING_SOURCES", "PLACE_ATTRIBUTES",
    "POLL_SPREAD", "POLL_STAGGER", "Measurement", "MemoryScenario", "Plan", "busy_seconds",
    "count_rows", "cpu_side_by_side", "end_to_end", "interleave", "memory", "per_million",
    "ping_argv", "place_argv", "polling", "polling_with", "profiles", "seq",
]  # fmt: skip
