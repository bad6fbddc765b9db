"""Adaptive polling schedule (pure).

The wait before the next status poll is relative to how long the job has been running: quick
first polls (0.1 s, growing ×1.6), then never more than ``max(0.4 s, 9 % of the elapsed
time)``. A job that finishes at any moment is seen at most about 9 % of its running time later
(0.4 s for jobs under 4.4 s), plus one request's round trip, and a job of ``T`` seconds costs
O(log T) polls: the poll times grow geometrically (×1.09), about 27 more polls per tenfold of
``T`` (about 50 polls for 120 s, 90 for an hour). A server's ``Retry-After`` on a status
answer replaces the next delay.

When the status reports progress (items done of the total), :class:`FinishEstimate` predicts
when the job will finish from the pace of the last two answers that showed it moving, and a
delay that would overshoot that moment is cut short to poll just after it: a long job is then
seen done within a fraction of a second instead of up to 9 % of its time. At most
``PollSchedule.early_polls`` delays per job are cut short, so a wrong prediction (a job that
stalls near the end) costs a few polls, never a poll storm. A job whose own answers show no
pace yet (one answer with progress: a short job, or one polled rarely) is predicted from the
pace of the run's earlier jobs when the caller knows it (:class:`RunPace`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PollSchedule:
    """When to poll a running job next, from the polls done and the time it has been running.

    The delay after ``polls`` polls, when the job has been running ``elapsed`` seconds (since it
    was created, or since this client first saw it), is ``initial · factor^polls``, but never
    more than ``max(min_interval, fraction · elapsed)``, nor more than ``max_delay`` when it is
    set (a cap makes the poll count linear in the job's length past it; the default has none).
    A server's ``Retry-After`` replaces that delay, whether longer or shorter, kept between
    ``min_interval`` and ``max_hint`` (``Retry-After: 0`` on every answer is no storm).

    ``fraction`` is the latency bound for long jobs: keep it a little below the share you
    accept, since one request's round trip comes on top. ``min_interval`` is the bound for
    short jobs, and how often they are polled at most once the first quick polls are done.
    """

    initial: float = 0.1
    factor: float = 1.6
    fraction: float = 0.09
    min_interval: float = 0.4
    max_delay: float | None = None
    max_hint: float = 300.0
    #: Delays per job that a progress-based prediction may cut short (0: never).
    early_polls: int = 3

    def __post_init__(self) -> None:
        if not (self.initial > 0 and self.factor >= 1 and self.min_interval > 0):
            raise ValueError("PollSchedule needs initial > 0, factor >= 1, min_interval > 0")
        if not self.fraction > 0:
            raise ValueError("PollSchedule needs fraction > 0")
        if self.max_delay is not None and not self.max_delay > 0:
            raise ValueError("PollSchedule needs max_delay > 0 (or None for no cap)")
        if self.max_hint < 0:
            raise ValueError("PollSchedule needs max_hint >= 0")
        if self.early_polls < 0:
            raise ValueError("PollSchedule needs early_polls >= 0")

    def delay(self, polls: int, elapsed: float, retry_after: float | None = None) -> float:
        """Seconds to wait before the next poll.

        ``polls``: status polls done so far; ``elapsed``: seconds the job has been running now;
        ``retry_after``: the server's ``Retry-After`` on the last status answer, if any.
        """
        if retry_after is not None:  # the server's hint, kept between min_interval and max_hint
            return min(max(retry_after, self.min_interval), self.max_hint)
        bound = max(self.min_interval, self.fraction * max(elapsed, 0.0))
        if self.max_delay is not None:
            bound = min(bound, self.max_delay)
        try:
            return min(bound, self.initial * self.factor ** max(polls, 0))
        except OverflowError:  # grown far past any bound
            return bound

    def poll_times(self, seconds: float) -> list[float]:
        """When the polls of a job watched from time 0 happen in the first ``seconds``.

        Each poll's answer is taken as instant (for documentation and tests).
        """
        times: list[float] = []
        t = self.delay(0, 0.0)
        while t <= seconds:
            times.append(t)
            t += self.delay(len(times), t)
        return times

    def polls_within(self, seconds: float) -> int:
        """How many polls happen in the first ``seconds`` (for documentation and tests)."""
        return len(self.poll_times(seconds))


class FinishEstimate:
    """When a running job will finish, predicted from the progress its status answers report.

    Feed every answer to :meth:`observe`; :meth:`shorten` then cuts a schedule's delay that
    would overshoot the predicted finish to land just after it. The pace is taken between the
    last two answers whose count of items done differs, so time spent queued before the job
    started does not slow the prediction down. At most ``budget`` delays are cut short.
    """

    #: The poll aims this much after the predicted finish: a share of the time left, plus a
    #: fixed margin for the server's own bookkeeping.
    SLACK_SHARE = 0.02
    SLACK_SECONDS = 0.05

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self._moved: tuple[float, int] | None = None  # (time, done) of the previous change
        self._pace: float | None = None  # items per second
        self._last: tuple[float, int, int] | None = None  # (time, done, total)

    def observe(self, now: float, done: int, total: int) -> None:
        """Record an answer seen at ``now``: ``done`` of ``total`` items processed."""
        if total <= 0 or done < 0:
            return
        if self._moved is not None and done < self._moved[1]:  # went back: start over
            self._moved, self._pace = None, None
        if self._moved is None or done != self._moved[1]:
            if self._moved is not None and now > self._moved[0] and self._moved[1] > 0:
                self._pace = (done - self._moved[1]) / (now - self._moved[0])
            self._moved = (now, done)
        self._last = (now, done, total)

    @property
    def pace(self) -> float | None:
        """Items per second between the last two answers that showed the job moving."""
        return self._pace

    def time_left(self, now: float, hint: float | None = None) -> float | None:
        """Seconds until the predicted finish (0 if it is past), or None without a pace.

        ``hint`` (items per second, e.g. :attr:`RunPace.pace`) stands in for the job's own pace
        while it has none, once an answer showed the job started (some items done)."""
        if self._last is None:
            return None
        seen, done, total = self._last
        pace = self._pace
        if pace is None and done > 0:
            pace = hint
        if pace is None or pace <= 0:
            return None
        return max(0.0, (total - done) / pace - (now - seen))

    def shorten(self, delay: float, now: float, hint: float | None = None) -> float:
        """``delay``, or a shorter one ending just after the predicted finish (within budget);
        ``hint`` as in :meth:`time_left`."""
        left = self.time_left(now, hint)
        if left is None or self.budget <= 0:
            return delay
        target = left * (1 + self.SLACK_SHARE) + self.SLACK_SECONDS
        if target >= delay:
            return delay
        self.budget -= 1
        return target


class RunPace:
    """How fast a run's jobs process their items, learned from the jobs that finished.

    A finished job's pace is its items over the processing time the server reports for it
    (a duration on the server's clock, so no clock skew enters), else the pace its own
    answers showed. The last finished job's pace is kept: the run's later jobs (same options,
    same server) are predicted from it.
    """

    def __init__(self) -> None:
        self.pace: float | None = None

    def learn(self, total: int, seconds: float | None, own: float | None) -> None:
        """Record a finished job: ``total`` items, ``seconds`` of processing the server
        reported (None if not), ``own``: the pace its answers showed (None if none)."""
        if seconds is not None and seconds > 0 and total > 0:
            self.pace = total / seconds
        elif own is not None and own > 0:
            self.pace = own
