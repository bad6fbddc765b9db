"""Polling schedule and retry policy (pure logic)."""

from __future__ import annotations

import email.utils
import random
import time

import httpx
import pytest
from bulk_enrich.polling import PollSchedule
from bulk_enrich.retry import RetryPolicy, RetryState, parse_retry_after


def cumulative(schedule: PollSchedule, n: int) -> list[float]:
    out, t = [], 0.0
    for i in range(n):
        t += schedule.delay(i)
        out.append(t)
    return out


def test_short_job_is_seen_within_about_half_a_second() -> None:
    times = cumulative(PollSchedule(), 5)
    # A job done at 0.3 s is seen on the first poll after 0.3 s.
    first_after = next(t for t in times if t >= 0.3)
    assert first_after <= 0.55


def test_long_job_is_polled_logarithmically_and_capped() -> None:
    schedule = PollSchedule()
    assert schedule.polls_within(60) + 1 <= 15
    assert all(schedule.delay(n) <= schedule.max_interval for n in range(100))
    assert schedule.delay(50) == schedule.max_interval
    # Ten times longer costs only a few more polls per minute at the cap, never more often.
    assert schedule.polls_within(600) < 60


def test_server_hint_overrides_the_schedule_within_bounds() -> None:
    schedule = PollSchedule()
    assert schedule.delay(0, hint=7.0) == 7.0
    assert schedule.delay(0, hint=10_000) == schedule.max_hint
    assert schedule.delay(0, hint=-1) == 0.0


def test_invalid_schedule_is_refused() -> None:
    with pytest.raises(ValueError, match="PollSchedule needs"):
        PollSchedule(initial=0)
    with pytest.raises(ValueError, match="PollSchedule needs"):
        PollSchedule(factor=0.5)


def test_retry_after_seconds_ms_and_http_date() -> None:
    assert parse_retry_after({"retry-after": "3"}) == 3.0
    assert parse_retry_after({"retry-after-ms": "250"}) == 0.25
    assert parse_retry_after({}) is None
    assert parse_retry_after({"retry-after": "soon"}) is None
    now = time.time()
    date = email.utils.formatdate(now + 30, usegmt=True)
    assert parse_retry_after({"retry-after": date}, now=now) == pytest.approx(30, abs=1.5)
    past = email.utils.formatdate(now - 30, usegmt=True)
    assert parse_retry_after({"retry-after": past}, now=now) == 0.0


def test_backoff_is_capped_exponential_with_jitter() -> None:
    policy = RetryPolicy(backoff_base=0.5, backoff_cap=8.0)
    rng = random.Random(1)
    delays = [policy.backoff(n, rng) for n in range(8)]
    for n, d in enumerate(delays):
        raw = min(8.0, 0.5 * 2**n)
        assert raw * 0.5 <= d <= raw


def test_get_is_retried_on_transient_failures_and_bounded() -> None:
    state = RetryState(RetryPolicy(max_retries=3), idempotent=True)
    assert state.on_status(503, {}) is not None
    assert state.on_exception(httpx.ReadTimeout("t")) is not None
    assert state.on_status(429, {"retry-after": "0.1"}) == 0.1
    assert state.on_status(503, {}) is None  # retries exhausted
    assert RetryState(RetryPolicy(), idempotent=True).on_status(400, {}) is None
    assert RetryState(RetryPolicy(), idempotent=True).on_status(501, {}) is None


def test_total_retry_time_is_bounded() -> None:
    state = RetryState(RetryPolicy(max_retries=10, max_retry_time=5), idempotent=True)
    assert state.on_status(503, {"retry-after": "4"}) == 4
    assert state.on_status(503, {"retry-after": "4"}) is None


def test_server_asking_too_long_is_not_retried() -> None:
    state = RetryState(RetryPolicy(max_retry_after=60), idempotent=True)
    assert state.on_status(429, {"retry-after": "3600"}) is None


def test_job_creating_post_is_retried_only_when_it_cannot_have_arrived() -> None:
    def post() -> RetryState:
        return RetryState(RetryPolicy(), idempotent=False)

    assert post().on_exception(httpx.ConnectError("refused")) is not None
    assert post().on_exception(httpx.ConnectTimeout("slow")) is not None
    assert post().on_status(429, {}) is not None  # refused: nothing was created
    assert post().on_exception(httpx.ReadTimeout("t")) is None
    assert post().on_exception(httpx.WriteError("reset")) is None
    assert post().on_exception(httpx.RemoteProtocolError("dropped")) is None
    for status in (500, 502, 503, 504):
        assert post().on_status(status, {}) is None
