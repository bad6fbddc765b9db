"""Reproducible fault decisions (one seeded random stream per emulator)."""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass

from .config import FaultConfig

DOWNLOAD_OPERATIONS = frozenset({"download_bulk_enhance_output"})


@dataclass(frozen=True)
class Decision:
    """What to do to one request.

    ``before``: ``"error"`` (answer 5xx), ``"rate_limit"`` (429) or ``"drop"`` (close the
    connection), or ``None``; ``after_create`` applies a 5xx/drop after the job exists.
    """

    before: str | None = None
    status: int = 0
    latency: float = 0.0
    truncate: bool = False
    corrupt: bool = False
    after_create: bool = False


NO_FAULT = Decision()


class FaultPlan:
    """Draws fault decisions from a random stream seeded by the emulator's ``seed``."""

    def __init__(self, config: FaultConfig, seed: int) -> None:
        self.config = config
        self.seed = seed
        self._random = random.Random(seed)
        self._lock = threading.Lock()
        #: Faulty answers in a row per URL path (for ``FaultConfig.max_streak``).
        self._streaks: dict[str, int] = {}

    def replace(self, config: FaultConfig) -> None:
        """Use new settings and restart the random stream."""
        with self._lock:
            self.config = config
            self._random = random.Random(self.seed)
            self._streaks.clear()

    def reset(self) -> None:
        """Restart the random stream."""
        with self._lock:
            self._random = random.Random(self.seed)
            self._streaks.clear()

    def decide(self, operation_id: str, *, creates: bool, path: str = "") -> Decision:
        """The faults for one request to ``operation_id`` at URL ``path``."""
        config = self.config
        if not config.active or not config.applies_to(operation_id):
            return NO_FAULT
        with self._lock:
            draws = [self._random.random() for _ in range(6)]
            status = self._random.choice((500, 502, 503))
        before: str | None = None
        after_create = False
        if draws[0] < config.rate_limit_rate:
            before = "rate_limit"
        elif draws[1] < config.drop_rate:
            before = "drop"
        elif draws[2] < config.error_rate:
            before = "error"
        if before in ("drop", "error") and creates and config.post_fault_after_create:
            after_create = True
        download = operation_id in DOWNLOAD_OPERATIONS
        decision = Decision(
            before=before,
            status=429 if before == "rate_limit" else status,
            latency=config.latency,
            truncate=download and before is None and draws[3] < config.truncate_rate,
            corrupt=download and before is None and draws[4] < config.corrupt_rate,
            after_create=after_create,
        )
        if config.max_streak is not None and self._streak_ended(config.max_streak, path, decision):
            return Decision(latency=config.latency)
        return decision

    def _streak_ended(self, max_streak: int, path: str, decision: Decision) -> bool:
        """Count ``decision`` in ``path``'s run of faulty answers; True when the run must end."""
        faulty = decision.before is not None or decision.truncate or decision.corrupt
        with self._lock:
            streak = self._streaks.get(path, 0)
            if not faulty or streak >= max_streak:
                self._streaks.pop(path, None)
                return faulty
            self._streaks[path] = streak + 1
            return False
