"""Polling schedule and retry policy (pure logic)."""

from __future__ import annotations

import email.utils
import itertools
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from bulk_enrich.engine.chunking import Chunk
from bulk_enrich.engine.effects import Call, Sleep, Steps
from bulk_enrich.engine.polling import FinishEstimate, PollSchedule, RunPace
from bulk_enrich.engine.retry import RetryPolicy, RetryState, parse_retry_after
from bulk_enrich.engine.scheduler import Coordinator
from bulk_enrich.engine.waiting import wait_steps

#: Job lengths the latency bound is checked on, and the round trip of one status request.
JOB_TIMES = (0.3, 3.0, 30.0, 120.0, 3600.0)
RTT = 0.02


def limit(job_time: float) -> float:
    """The target: the client knows a job is done within max(0.5 s, 10 % of its time)."""
    return max(0.5, 0.1 * job_time)


def finish_times(job_time: float, n: int = 40) -> list[float]:
    """Finish times spread over [T, 1.25 T), so they land at every phase between two polls."""
    return [job_time * (1 + 0.25 * i / n) for i in range(n)]


@dataclass
class Status:
    terminal: bool
    retry_after: float | None = None
    state: str = "IN_PROGRESS"
    failed: bool = False
    completed: int = 0
    total: int = 1
    message: str | None = None
    processing_seconds: float | None = None


@dataclass
class FakeServer:
    """A job created at time 0 that finishes at ``finish``, on a fake clock; no real waits."""

    finish: float
    rtt: float = RTT
    retry_after: float | None = None
    now: float = 0.0
    polls: int = 0
    sleeps: list[float] = field(default_factory=list)
    #: With ``items``, answers report progress: nothing done until ``begin``, then a steady
    #: pace that ends at ``finish`` (or would end at ``pace_end``, stopping at ``stall_at``
    #: of the items until ``finish``).
    items: int = 0
    begin: float = 0.0
    pace_end: float | None = None
    stall_at: float = 1.0

    def clock(self) -> float:
        return self.now

    def status(self) -> Status:
        """Answer a status request: half the round trip there, half back."""
        self.polls += 1
        self.now += self.rtt / 2
        done = self.now >= self.finish
        progress = self.progress()
        self.now += self.rtt / 2
        return Status(
            terminal=done,
            retry_after=None if done else self.retry_after,
            completed=self.items if done else progress,
            total=self.items or 1,
        )

    def progress(self) -> int:
        if not self.items:
            return 0
        end = self.finish if self.pace_end is None else self.pace_end
        share = min(max((self.now - self.begin) / (end - self.begin), 0.0), self.stall_at)
        return int(self.items * share)

    def poll(self) -> Steps[Status]:
        return (yield Call("GET", "status", "status"))  # type: ignore[no-any-return]

    def drive(self, steps: Steps[Any]) -> Any:
        value: Any = None
        while True:
            try:
                effect = steps.send(value)
            except StopIteration as stop:
                return stop.value
            if isinstance(effect, Sleep):
                self.sleeps.append(effect.seconds)
                self.now += effect.seconds
                value = None
            else:
                value = self.status()


def wait_for(
    finish: float,
    schedule: PollSchedule | None = None,
    *,
    since: float | None = 0.0,
    start: float = 0.0,
    retry_after: float | None = None,
    **progress: Any,
) -> FakeServer:
    """Wait (``waiting.wait_steps``, as ``Job.wait`` does) for a job done at ``finish``."""
    server = FakeServer(finish, retry_after=retry_after, now=start, **progress)
    steps = wait_steps(
        server.poll,
        Status(terminal=False),  # as after submission: the first poll comes after a delay
        schedule=schedule or PollSchedule(),
        timeout=None,
        job_id="job",
        since=since,
        clock=server.clock,
    )
    server.drive(steps)
    return server


class StubBackend:
    fetch_failed = False

    def submit_steps(self, chunk: Chunk) -> Steps[str | None]:
        raise AssertionError("answered by the test")

    def poll_steps(self, chunk: Chunk, job_id: str) -> Steps[Any]:
        return iter(())  # type: ignore[return-value]  # closed unrun; the test answers

    def fetch_steps(self, chunk: Chunk, job_id: str, status: Any) -> Steps[Any]:
        return iter(())  # type: ignore[return-value]

    def results(
        self, chunk: Chunk, job_id: str | None, artifact: Any, failure: str | None
    ) -> Iterator[tuple[str, Any]]:
        return iter(())

    def release(self, chunk: Chunk) -> None:
        pass


def coordinate(finish: float, schedule: PollSchedule | None = None, **progress: Any) -> FakeServer:
    """Run one job through the multi-job scheduler (``pipeline.Coordinator``) on a fake clock."""
    server = FakeServer(finish, **progress)
    coord = Coordinator(
        [Chunk(0, 0, 1)],
        StubBackend(),
        schedule=schedule,
        clock=server.clock,
        max_wait=None,
    )
    coord.on_done(0, "submit", "job")
    while not coord.is_ready(0) and coord.runs[0].phase != "fetching":
        wake = coord.next_wakeup()
        assert wake is not None
        server.now += wake
        for index, kind, _ in coord.next_actions():
            assert kind == "poll"
            coord.on_done(index, kind, server.status())
    return server


@pytest.mark.parametrize("job_time", JOB_TIMES)
@pytest.mark.parametrize("waiter", [wait_for, coordinate], ids=["wait", "coordinator"])
def test_a_finished_job_is_known_within_10_percent_of_its_time(
    job_time: float, waiter: Callable[[float], FakeServer]
) -> None:
    for finish in finish_times(job_time):
        server = waiter(finish)
        latency = server.now - finish
        assert 0 <= latency <= limit(finish), (finish, latency, server.polls)


@pytest.mark.parametrize("job_time", [30.0, 120.0, 3600.0])
@pytest.mark.parametrize("waiter", [wait_for, coordinate], ids=["wait", "coordinator"])
def test_reported_progress_lets_a_long_job_be_seen_done_at_once(
    job_time: float, waiter: Callable[..., FakeServer]
) -> None:
    for finish in finish_times(job_time, n=10):
        for begin in (0.0, finish / 2):  # started at once, or queued for half its time
            blind = waiter(finish)
            server = waiter(finish, items=10_000, begin=begin)
            latency = server.now - finish
            assert 0 <= latency <= 0.1 + 0.03 * (finish - begin) + 2 * RTT, (finish, latency)
            assert latency < blind.now - finish or latency < 0.5
            assert server.polls <= blind.polls + 1, (server.polls, blind.polls)


def test_a_wrong_prediction_costs_a_few_polls_never_a_storm() -> None:
    # Progress runs at a pace that would end at 100 s, then stalls at 99 % until 3600 s.
    steady = PollSchedule()
    blind = wait_for(3600.0)
    stalled = wait_for(3600.0, items=10_000, pace_end=100.0, stall_at=0.99, schedule=steady)
    assert stalled.polls <= blind.polls + steady.early_polls
    assert stalled.polls > blind.polls  # the predictions were tried
    assert stalled.now - 3600.0 <= limit(3600.0)
    off = wait_for(120.0, items=10_000, schedule=PollSchedule(early_polls=0))
    assert off.polls == wait_for(120.0).polls  # early_polls=0: the plain schedule
    assert off.sleeps == wait_for(120.0).sleeps


def test_the_bound_holds_between_every_two_polls_up_to_a_day() -> None:
    # A job finishing just after one poll is seen on the next: every gap (plus one round trip)
    # must fit the bound for a job as long as the time of the first of the two polls.
    times = PollSchedule().poll_times(86_400.0)
    for before, after in itertools.pairwise(times):
        assert after - before + RTT <= limit(before), (before, after)


def test_polls_grow_with_the_log_of_the_job_time() -> None:
    schedule = PollSchedule()
    counts = {t: wait_for(t).polls for t in (36.0, 360.0, 3600.0, 36_000.0)}
    assert counts[3600.0] < 100
    per_decade = [counts[10 * t] - counts[t] for t in (36.0, 360.0, 3600.0)]
    # A constant number of polls more per tenfold (about 27 at 9 %), not ten times as many.
    assert all(20 <= n <= 30 for n in per_decade), counts
    # The same as the schedule's own count with instant answers, give or take the round trips.
    assert all(abs(counts[t] - schedule.polls_within(t)) <= 3 for t in counts), counts
    # No fixed cap: the delay keeps growing with the job's age.
    assert schedule.delay(500, 3600.0) == pytest.approx(0.09 * 3600)


def test_short_jobs_are_not_hammered() -> None:
    schedule = PollSchedule()
    assert schedule.delay(0, 0.0) == pytest.approx(0.1)
    assert all(schedule.delay(n, 0.0) >= 0.1 for n in range(50))
    assert all(schedule.delay(n, 0.0) == pytest.approx(0.4) for n in range(4, 50))
    assert wait_for(0.3).polls <= 3  # polls at 0.1, 0.26, 0.52 s
    assert wait_for(3.0).polls <= 10


def test_a_resumed_wait_counts_from_when_the_job_was_first_seen() -> None:
    # Seen at 0 s, waited on from 1000 s: after a few quick polls (the status it holds may be
    # old), the polls are ~9 % of the job's age apart, not of the time since the wait began.
    later = wait_for(1500.0, since=0.0, start=1000.0)
    fresh = wait_for(1500.0, since=None, start=1000.0)  # no since: counted from the wait
    assert later.sleeps[0] == pytest.approx(0.1)
    assert max(later.sleeps) > 0.09 * 1000
    assert max(fresh.sleeps) < 0.09 * 500 + 1
    assert later.polls < fresh.polls
    assert later.now - 1500.0 <= limit(1500.0)
    assert fresh.now - 1500.0 <= limit(500.0)


def test_server_retry_after_replaces_the_delay_within_bounds() -> None:
    schedule = PollSchedule()
    assert schedule.delay(0, 0.0, retry_after=7.0) == 7.0  # longer than the schedule's 0.1 s
    assert schedule.delay(40, 1000.0, retry_after=2.0) == 2.0  # shorter than its 90 s
    assert schedule.delay(0, 0.0, retry_after=10_000) == schedule.max_hint
    # A hint below the floor (0, negative) waits min_interval: Retry-After: 0 is no storm.
    assert schedule.delay(0, 0.0, retry_after=-1) == schedule.min_interval
    assert schedule.delay(5, 9.0, retry_after=0.0) == schedule.min_interval
    assert PollSchedule(max_delay=1.0).delay(0, 0.0, retry_after=5.0) == 5.0  # beats the cap
    server = wait_for(30.0, retry_after=5.0)
    assert server.sleeps[0] == pytest.approx(0.1)  # before any answer: the schedule's own
    assert all(s == 5.0 for s in server.sleeps[1:])
    assert server.polls == 7  # at 0.1, 5.1, ... 30.1 s


def test_max_delay_caps_every_wait() -> None:
    capped = PollSchedule(max_delay=5.0)
    assert all(capped.delay(n, t) <= 5.0 for n in range(100) for t in (0.0, 60.0, 3600.0))
    server = wait_for(3600.0, capped)
    assert max(server.sleeps) == pytest.approx(5.0)
    assert server.now - 3600.0 <= 5.0 + RTT
    assert server.polls > wait_for(3600.0).polls  # the cap costs polls, linear in time


def test_invalid_schedule_is_refused() -> None:
    for bad in (
        {"initial": 0},
        {"factor": 0.5},
        {"fraction": 0},
        {"min_interval": 0},
        {"max_delay": 0},
        {"max_hint": -1},
    ):
        with pytest.raises(ValueError, match="PollSchedule needs"):
            PollSchedule(**bad)
    assert PollSchedule().delay(10**6, 10.0) == pytest.approx(0.9)  # no overflow


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
    state = RetryState(RetryPolicy(max_retries=4), idempotent=True)
    assert state.on_status(503, {}) is not None
    assert state.on_exception(httpx.ReadTimeout("t")) is not None
    assert state.on_status(429, {"retry-after": "0.5"}) == 0.5
    assert state.on_status(429, {"retry-after": "0"}) == RetryPolicy().min_retry_after
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


def back_to_back(report_time: bool, size: int = 10_000, pace: float = 20_000.0) -> list[int]:
    """Two jobs on one server worker: job 1 queued behind job 0 (created together at time 0,
    each ``size`` items at ``pace``), through the multi-job scheduler on a fake clock; the
    polls of job 1 after job 0 was seen done and job 1's latency. ``report_time``: finished jobs
    report their processing time (Ping's ``total_processing_time``)."""
    length = size / pace
    span = {0: (0.1, 0.1 + length), 1: (0.1 + length, 0.1 + 2 * length)}
    now = [0.0]
    coord = Coordinator(
        [Chunk(0, 0, size), Chunk(1, size, 2 * size)],
        StubBackend(),
        clock=lambda: now[0],
        max_wait=None,
        max_concurrency=2,
    )
    coord.on_done(0, "submit", "job-0")
    coord.on_done(1, "submit", "job-1")
    polls = {0: 0, 1: 0}
    seen_done: dict[int, float] = {}
    while len(seen_done) < 2:
        wake = coord.next_wakeup()
        assert wake is not None
        now[0] += wake
        for index, kind, _ in coord.next_actions():
            assert kind == "poll"
            polls[index] += 1
            begin, end = span[index]
            now[0] += RTT / 2
            done = min(size, max(0, int(size * (now[0] - begin) / length)))
            finished = now[0] >= end
            status = Status(
                terminal=finished,
                completed=size if finished else done,
                total=size,
                processing_seconds=length if finished and report_time else None,
            )
            now[0] += RTT / 2
            coord.on_done(index, kind, status)
            if finished:
                seen_done[index] = now[0]
    return [polls[1], round(seen_done[1] - span[1][1], 3)]


def test_a_job_is_polled_when_the_pace_of_the_runs_earlier_jobs_says_it_ends() -> None:
    # Job 1 (0.5 s of work, queued 0.5 s) is seen running once; the pace of job 0, from the
    # processing time the server reported, says when it ends: it is polled right then instead
    # of up to a whole min_interval later.
    polls, latency = back_to_back(report_time=True)
    blind_polls, blind_latency = back_to_back(report_time=False)
    schedule = PollSchedule()
    assert 0 <= latency <= FinishEstimate.SLACK_SECONDS + 0.02 * 0.5 + 2 * RTT
    assert polls <= blind_polls + 1
    assert blind_latency > latency  # without a pace the plain schedule is later
    assert blind_latency <= schedule.min_interval + RTT


def test_run_pace_learns_from_finished_jobs_only_sensible_answers() -> None:
    pace = RunPace()
    pace.learn(10_000, None, None)
    assert pace.pace is None
    pace.learn(10_000, 0.5, None)
    assert pace.pace == 20_000
    pace.learn(10_000, None, 5_000.0)  # no reported time: the job's own pace
    assert pace.pace == 5_000
    pace.learn(10_000, 0.0, None)  # nothing usable: the last pace stays
    assert pace.pace == 5_000
    estimate = FinishEstimate(budget=1)
    estimate.observe(1.0, 0, 10_000)
    assert estimate.time_left(1.0, hint=20_000) is None  # not started: no prediction
    estimate.observe(2.0, 5_000, 10_000)
    assert estimate.time_left(2.0, hint=20_000) == 0.25
    assert estimate.shorten(0.4, 2.0, hint=20_000) < 0.4
    assert estimate.shorten(0.4, 2.0, hint=20_000) == 0.4  # the budget is spent


def test_ping_status_reads_the_processing_time_of_a_finished_job() -> None:
    from bulk_enrich.ping.operations import parse_status

    def status(seconds: Any) -> float | None:
        data = {"request": {"status": "COMPLETE"}, "result": {"total_processing_time": seconds}}
        return parse_status("job", data).processing_seconds

    assert status(0.5) == 0.5
    assert status(3) == 3.0
    assert status(None) is None
    assert status(True) is None
    assert status(-1) is None
    assert status("0.5") is None
    assert parse_status("job", {"request": {"status": "QUEUED"}}).processing_seconds is None
