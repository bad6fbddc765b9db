"""Adaptive polling schedule (pure).

Polls start quick and back off geometrically toward a cap: with the defaults (0.1 s, ×1.6, cap
15 s) a job finishing in 0.3 s is seen done on the third poll (0.52 s after submission) and a
60 s job is polled 14 times. A server hint (``Retry-After`` on a status answer) replaces the
next delay.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PollSchedule:
    """Delays between status polls: ``initial · factor^n``, never more than ``max_interval``."""

    initial: float = 0.1
    factor: float = 1.6
    max_interval: float = 15.0
    max_hint: float = 300.0

    def __post_init__(self) -> None:
        if self.initial <= 0 or self.factor < 1 or self.max_interval < self.initial:
            raise ValueError("PollSchedule needs initial > 0, factor >= 1, max_interval >= initial")

    def delay(self, polls_done: int, hint: float | None = None) -> float:
        """Delay before the next poll, after ``polls_done`` polls (hint wins when given)."""
        if hint is not None:
            return min(max(hint, 0.0), self.max_hint)
        return min(self.max_interval, self.initial * self.factor**polls_done)

    def polls_within(self, seconds: float) -> int:
        """How many polls happen in the first ``seconds`` (for documentation and tests)."""
        elapsed, n = 0.0, 0
        while True:
            elapsed += self.delay(n)
            if elapsed > seconds:
                return n
            n += 1
