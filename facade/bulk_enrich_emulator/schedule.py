"""Lazy job pacing: one first-come-first-served worker pool, computed from the clock.

A unit of work (a Ping job, a Place batch's jobs) gets a start and finish time when it is
created; its progress at any moment is computed from the clock, so nothing ticks per item.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

PENDING, QUEUED, IN_PROGRESS, DONE = "PENDING", "QUEUED", "IN_PROGRESS", "DONE"


@dataclass
class WorkUnit:
    """``size`` items scheduled from ``start`` to ``finish`` (epoch seconds)."""

    size: int
    created: float
    start: float
    finish: float
    mode: str
    polls_to_complete: int
    polls: int = 0
    released: bool = True
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def poll(self) -> None:
        """Count a status call (it advances ``manual`` units)."""
        with self.lock:
            self.polls += 1

    def progress(self, now: float) -> int:
        """Items processed by ``now``."""
        if not self.released:
            return 0
        if self.mode == "manual":
            if self.polls >= self.polls_to_complete:
                return self.size
            return self.size * max(self.polls - 1, 0) // self.polls_to_complete
        if now >= self.finish:
            return self.size
        if now <= self.start:
            return 0
        span = self.finish - self.start
        return min(self.size, int(self.size * (now - self.start) / span)) if span > 0 else 0

    def phase(self, now: float) -> str:
        """PENDING, QUEUED, IN_PROGRESS or DONE (by the clock or the poll count)."""
        if not self.released:
            return PENDING
        if self.mode == "manual":
            if self.polls >= self.polls_to_complete:
                return DONE
            return QUEUED if self.polls <= 1 else IN_PROGRESS
        if now >= self.finish:
            return DONE
        if now >= self.start:
            return IN_PROGRESS
        halfway = self.created + (self.start - self.created) / 2
        return PENDING if now < halfway and self.start > self.created else QUEUED


class Scheduler:
    """Assigns start and finish times to units, first come first served."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._free_at = 0.0

    def reset(self) -> None:
        """Forget the queue."""
        with self._lock:
            self._free_at = 0.0

    def schedule(
        self,
        size: int,
        *,
        rate: float,
        queue_delay: float,
        mode: str,
        polls_to_complete: int,
        now: float | None = None,
        released: bool = True,
    ) -> WorkUnit:
        """A new unit of ``size`` items, queued behind earlier ones in ``rate`` mode."""
        created = time.time() if now is None else now
        if mode != "rate" or not released:
            start = finish = created
        else:
            with self._lock:
                start = max(created + queue_delay, self._free_at)
                finish = start + size / rate
                self._free_at = finish
        return WorkUnit(
            size=size,
            created=created,
            start=start,
            finish=finish,
            mode=mode,
            polls_to_complete=polls_to_complete,
            released=released,
        )
