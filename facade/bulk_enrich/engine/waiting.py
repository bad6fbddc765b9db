"""Waiting for one job or batch on the adaptive schedule (shared by both APIs, sync and async)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from bulk_enrich.engine.effects import Sleep, Steps, bounded
from bulk_enrich.engine.polling import FinishEstimate, PollSchedule
from bulk_enrich.errors import JobFailed, WaitTimeout, shown
from bulk_enrich.logs import get_logger

log = get_logger("bulk_enrich.wait")


class Waitable(Protocol):
    """What waiting needs from a status."""

    @property
    def state(self) -> str: ...

    @property
    def terminal(self) -> bool: ...

    @property
    def failed(self) -> bool: ...

    @property
    def completed(self) -> int: ...

    @property
    def total(self) -> int: ...

    @property
    def retry_after(self) -> float | None: ...

    @property
    def message(self) -> str | None: ...

    @property
    def processing_seconds(self) -> float | None:
        """The job's processing time as the server reports it (None: not reported)."""
        ...


S = TypeVar("S", bound=Waitable)


def wait_steps(
    poll: Callable[[], Steps[S]],
    status: S | None,
    *,
    schedule: PollSchedule,
    timeout: float | None,
    on_progress: Callable[[int, int], Any] | None = None,
    on_status: Callable[[S], Any] | None = None,
    job_id: str,
    kind: str = "job",
    since: float | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> Steps[S]:
    """Poll until terminal on ``schedule``: each delay relative to the job's running time.

    ``since`` is when the job was created or first seen by this client, on ``clock`` (default:
    now); the schedule's delays are relative to the time elapsed since then. A server's
    ``Retry-After`` replaces the next delay. Raises ``WaitTimeout`` when ``timeout`` runs out
    (nothing is cancelled) and ``JobFailed`` with the server's message when the job failed.
    """
    started = clock()
    since = started if since is None else since
    deadline = None if timeout is None else started + timeout
    # A poll in flight is due by the deadline too (on the transport's clock).
    due = None if timeout is None else time.monotonic() + timeout
    if status is None:
        status = yield from bounded(poll(), due)
    last: tuple[int, int] | None = None
    polls = 0
    estimate = FinishEstimate(schedule.early_polls)
    while True:
        estimate.observe(clock(), status.completed, status.total)
        if on_status is not None:
            on_status(status)
        if on_progress is not None and (status.completed, status.total) != last:
            last = (status.completed, status.total)
            on_progress(status.completed, status.total)
        if status.terminal:
            break
        now = clock()
        delay = _next_delay(schedule, estimate, status, polls, now - since, now)
        if deadline is not None:
            if deadline <= now:
                raise _unfinished(kind, timeout, status, job_id)
            delay = min(delay, deadline - now)
        yield Sleep(delay)
        status = yield from bounded(poll(), due)
        polls += 1
    log.info("%s %s %s after %d polls, %.2fs", kind, job_id, status.state, polls, clock() - started)
    if status.failed:
        raise JobFailed(f"{kind} failed: {shown(status.message or status.state)}", job_id=job_id)
    return status


def _next_delay(
    schedule: PollSchedule,
    estimate: FinishEstimate,
    status: Waitable,
    polls: int,
    running: float,
    now: float,
) -> float:
    """The schedule's delay (the server's Retry-After replaces it), cut short when reported
    progress predicts an earlier finish."""
    delay = schedule.delay(polls, running, status.retry_after)
    return delay if status.retry_after is not None else estimate.shorten(delay, now)


def _unfinished(kind: str, timeout: float | None, status: Waitable, job_id: str) -> WaitTimeout:
    return WaitTimeout(
        f"{kind} not finished after {timeout}s (status {status.state}, "
        f"{status.completed}/{status.total}); it keeps running; wait again to resume",
        job_id=job_id,
    )
