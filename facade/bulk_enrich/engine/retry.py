"""Retry policy (pure): which failures are retried, how long to wait, when to give up.

Idempotent requests (GET) are retried on connection errors, timeouts, 429 and 500/502/503/504.
A job-creating POST is retried only when it provably did not reach the server: the connection
was never established (connect error or connect/pool timeout), or the server refused it with 429
(a throttled request creates no job). Never after a read/write error, a timeout once the body
may have been sent, or a 5xx.
"""

from __future__ import annotations

import email.utils
import random
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

import httpx

#: Exceptions raised before a single byte of the request was sent.
NOT_SENT_ERRORS: tuple[type[Exception], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
)


@dataclass(frozen=True)
class RetryPolicy:
    """Capped exponential backoff with jitter, bounded in count and in total time."""

    max_retries: int = 4
    backoff_base: float = 0.5
    backoff_cap: float = 8.0
    max_retry_time: float = 60.0
    max_retry_after: float = 120.0
    #: The least a server's ``Retry-After`` may make a retry wait (``0`` would be a storm).
    min_retry_after: float = 0.25
    retry_statuses: frozenset[int] = field(
        default_factory=lambda: frozenset({429, 500, 502, 503, 504})
    )

    def backoff(self, attempt: int, rng: random.Random | None = None) -> float:
        """Delay before retry number ``attempt`` (0-based): base·2^n, capped, times 0.5..1."""
        raw = min(self.backoff_cap, self.backoff_base * (2.0**attempt))
        return raw * (0.5 + 0.5 * (rng or random).random())


NO_RETRY = RetryPolicy(max_retries=0)


def parse_retry_after(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """Seconds the server asks us to wait: ``retry-after-ms``, then ``Retry-After``.

    ``Retry-After`` may be a number of seconds or an HTTP date. Unparseable values give None.
    """
    ms = headers.get("retry-after-ms")
    if ms:
        try:
            return max(0.0, float(ms) / 1000.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


class RetryState:
    """Tracks one logical request across attempts and decides whether to retry."""

    def __init__(
        self, policy: RetryPolicy, *, idempotent: bool, rng: random.Random | None = None
    ) -> None:
        self.policy = policy
        self.idempotent = idempotent
        self.attempts = 0
        self.waited = 0.0
        self._rng = rng

    def _next(self, hint: float | None) -> float | None:
        if self.attempts >= self.policy.max_retries:
            return None
        if hint is not None and hint > self.policy.max_retry_after:
            return None
        if hint is not None:
            hint = max(hint, self.policy.min_retry_after)
        delay = hint if hint is not None else self.policy.backoff(self.attempts, self._rng)
        if self.waited + delay > self.policy.max_retry_time:
            return None
        self.attempts += 1
        self.waited += delay
        return delay

    def on_exception(self, exc: Exception) -> float | None:
        """Delay before retrying after a transport error, or None to give up."""
        if isinstance(exc, NOT_SENT_ERRORS):
            return self._next(None)
        if self.idempotent and isinstance(exc, httpx.TransportError):
            return self._next(None)
        return None

    def on_status(self, status: int, headers: Mapping[str, str]) -> float | None:
        """Delay before retrying after an error status, or None to give up."""
        if status not in self.policy.retry_statuses:
            return None
        if not self.idempotent and status != 429:
            return None
        return self._next(parse_retry_after(headers))
