"""Running many chunks as server jobs: one scheduler, shared by the sync and async clients.

:class:`Coordinator` is pure (no I/O): it decides which chunk to submit, which job to poll and
when, which output to download, and reports progress. A driver executes the operations it hands
out, concurrently (threads for the sync client, tasks for the async one), and feeds the answers
back. Results are consumed chunk by chunk in input order while later chunks still process.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bulk_enrich.engine.chunking import Chunk, ChunkFeed
from bulk_enrich.engine.effects import Steps, bounded
from bulk_enrich.engine.polling import FinishEstimate, PollSchedule, RunPace
from bulk_enrich.engine.runs import DEFAULT_MAX_WAIT, Backend, Progress
from bulk_enrich.errors import BulkEnrichError, InvalidInputError, WaitTimeout, shown
from bulk_enrich.logs import get_logger

log = get_logger("bulk_enrich.engine.scheduler")

#: How many results the consumer handles between two checks on running operations.
PUMP_EVERY = 1024


@dataclass
class _Run:
    chunk: Chunk
    job_id: str | None = None
    phase: str = "pending"  # pending, submitting, active, fetching, ready, consumed
    busy: bool = False
    polls: int = 0
    next_poll: float = 0.0
    active_since: float = 0.0
    completed: int = 0
    status: Any = None
    artifact: Any = None
    failure: str | None = None
    estimate: FinishEstimate | None = None  # from the job's first status answer


Action = tuple[int, str, Steps[Any]]


class Coordinator:
    """Pure scheduler of a multi-chunk run.

    ``max_wait`` (seconds, None for no limit) bounds how long one job may stay unfinished,
    counted from its creation (or, for a resumed job, from the start of this run); past it the
    run fails with :class:`WaitTimeout` carrying the resume map, and the jobs are left running.
    Each job is polled on ``schedule``, its delays relative to the time since that same moment.

    ``chunks`` is the whole plan, or a :class:`ChunkFeed` that reads and checks the input as
    chunks are needed: then the first job is sent before the input is read to its end, and a
    bad item fails the run when it is reached (after the jobs in flight settle).
    """

    def __init__(
        self,
        chunks: Sequence[Chunk] | ChunkFeed,
        backend: Backend[Any],
        *,
        max_concurrency: int = 8,
        schedule: PollSchedule | None = None,
        resume: Mapping[int, str] | None = None,
        on_job_created: Callable[[int, str], Any] | None = None,
        on_progress: Callable[[Progress], Any] | None = None,
        clock: Callable[[], float] = time.monotonic,
        kind: str = "job",
        max_wait: float | None = DEFAULT_MAX_WAIT,
        batched: bool = False,
    ) -> None:
        if max_concurrency < 1:
            raise ValueError("max_concurrency must be at least 1")
        if max_wait is not None and not max_wait > 0:
            raise ValueError("max_wait must be positive (or None for no limit)")
        self.max_wait = max_wait
        #: Each ready chunk is consumed as one ``(job id, ResultBatch)`` instead of its rows.
        self.batched = batched
        self.backend = backend
        self.max_concurrency = max_concurrency
        self.schedule = schedule or PollSchedule()
        self.on_job_created = on_job_created
        self.on_progress = on_progress
        self.clock = clock
        self.kind = kind
        self.feed = chunks if isinstance(chunks, ChunkFeed) else None
        self.runs: list[_Run] = []
        self.total = 0
        self.failure: BaseException | None = None
        self.verified = False  # True once one submission succeeded (the key works)
        self.started = clock()
        self._last_progress: Progress | None = None
        self._pending_fetch: list[int] = []
        #: The pace of the run's finished jobs: a job polled once while running is polled
        #: again when it should be done, not a whole schedule's delay later.
        self.pace = RunPace()
        self._resume = dict(resume or {})
        if not isinstance(chunks, ChunkFeed):
            for chunk in chunks:
                self._add(chunk)
            self._check_resume()
            log.info(
                "%d %s(s) planned for %d items (%d resumed)",
                len(self.runs),
                kind,
                self.total,
                len(self._resume),
            )

    def _add(self, chunk: Chunk) -> None:
        run = _Run(chunk)
        job_id = self._resume.get(chunk.index)
        if job_id is not None:
            run.job_id, run.phase = job_id, "active"
            run.next_poll = run.active_since = self.clock()
        self.runs.append(run)
        self.total += len(chunk)

    def _check_resume(self) -> None:
        for index in self._resume:
            if not 0 <= index < len(self.runs):
                raise InvalidInputError(f"resume: no chunk {index} (there are {len(self.runs)})")

    @property
    def planned(self) -> bool:
        """True once every chunk is known (always, unless the input is read as it is sent)."""
        return self.feed is None or self.feed.done

    def plan_next(self) -> bool:
        """Read the input as far as the next chunk; False when there is none (or it failed)."""
        if self.feed is None or self.feed.done or self.failure is not None:
            return False
        try:
            chunk = self.feed.next_chunk()
            if chunk is not None:
                self._add(chunk)
            if self.feed.done:
                self._check_resume()
        except Exception as exc:  # a bad item: stop sending, settle, then raise
            self.failure = exc
            log.error("reading the input: %s", exc)
            return False
        if self.feed.done:
            log.info("input read: %d items in %d %s(s)", self.total, len(self.runs), self.kind)
        return chunk is not None

    # -- state -------------------------------------------------------------------------------
    def job_ids(self) -> dict[int, str]:
        """Chunk index -> job id, for every job known so far."""
        return {r.chunk.index: r.job_id for r in self.runs if r.job_id is not None}

    def in_flight(self) -> int:
        return sum(1 for r in self.runs if r.phase in ("submitting", "active", "fetching"))

    def is_ready(self, index: int) -> bool:
        return self.runs[index].phase in ("ready", "consumed")

    def busy(self) -> bool:
        return any(r.busy for r in self.runs)

    # -- decisions ---------------------------------------------------------------------------
    def next_actions(self) -> list[Action]:
        """Operations to start now (each marks its chunk busy)."""
        if self.failure is not None:
            return []
        now = self.clock()
        actions: list[Action] = []
        for run in self.runs:
            if run.busy or run.phase != "active" or run.job_id is None:
                continue
            if self.max_wait is not None and now - run.active_since > self.max_wait:
                self._timed_out(run)
                return actions
            if run.next_poll > now:
                continue
            run.busy = True
            steps = self.backend.poll_steps(run.chunk, run.job_id)
            actions.append((run.chunk.index, "poll", bounded(steps, self._due(run, now))))
        submitting = sum(1 for r in self.runs if r.phase == "submitting")
        if not self.verified and submitting:
            return actions  # the first submission goes alone: a wrong key fails only once
        while True:  # read the input only as far as the free slots need
            free = self.max_concurrency - self.in_flight()
            pending = sum(1 for r in self.runs if r.phase == "pending")
            if pending >= (free if self.verified else 1) or not self.plan_next():
                break
        if self.failure is not None:
            return actions
        for run in self.runs:
            if free <= 0 or (not self.verified and submitting):
                break
            if run.phase == "pending":
                run.phase, run.busy = "submitting", True
                actions.append((run.chunk.index, "submit", self.backend.submit_steps(run.chunk)))
                free -= 1
                submitting += 1
        return actions

    def _due(self, run: _Run, now: float) -> float | None:
        """When ``run``'s job passes ``max_wait``, on the transport's clock (a poll in flight
        then ends too)."""
        if self.max_wait is None:
            return None
        return time.monotonic() + max(0.0, run.active_since + self.max_wait - now)

    def _timed_out(self, run: _Run) -> None:
        self.failure = WaitTimeout(
            f"chunk {run.chunk.index}: {self.kind} {shown(run.job_id)} not finished after "
            f"{self.max_wait:g}s (max_wait); it keeps running and can be resumed",
            job_id=run.job_id,
        )
        log.error("%s", self.failure)

    def next_wakeup(self) -> float | None:
        """Seconds until the next poll or deadline is due (None when nothing is scheduled)."""
        active = [r for r in self.runs if r.phase == "active" and not r.busy]
        due = [r.next_poll for r in active]
        if self.max_wait is not None:
            # Just past the deadline, so that next_actions sees it passed.
            due += [r.active_since + self.max_wait + 1e-3 for r in active]
        if not due:
            return None
        return max(0.0, min(due) - self.clock())

    # -- answers -----------------------------------------------------------------------------
    def on_done(self, index: int, kind: str, value: Any) -> None:
        run = self.runs[index]
        run.busy = False
        if kind == "submit":
            self.verified = True
            if value is None:  # nothing to send in this chunk
                run.phase, run.completed = "ready", len(run.chunk)
            else:
                run.job_id, run.phase = str(value), "active"
                run.active_since = self.clock()
                run.next_poll = run.active_since + self.schedule.delay(0, 0.0)
                log.info(
                    "chunk %d: %s %s created (%d items)",
                    index,
                    self.kind,
                    run.job_id,
                    len(run.chunk),
                )
                if self.on_job_created is not None:
                    self.on_job_created(index, run.job_id)
        elif kind == "poll":
            run.polls += 1
            run.status = value
            run.completed = min(int(value.completed or 0), len(run.chunk))
            if run.estimate is None:
                run.estimate = FinishEstimate(self.schedule.early_polls)
            run.estimate.observe(self.clock(), int(value.completed or 0), int(value.total or 0))
            if value.terminal:
                if not value.failed:
                    total = int(value.total or 0) or len(run.chunk)
                    self.pace.learn(total, value.processing_seconds, run.estimate.pace)
                if value.failed:
                    run.failure = value.message or f"{self.kind} failed"
                    log.warning(
                        "chunk %d: %s %s failed: %s", index, self.kind, run.job_id, run.failure
                    )
                run.phase = "fetching"
                run.busy = True
                self._pending_fetch.append(index)
            else:
                now = self.clock()
                delay = self.schedule.delay(run.polls, now - run.active_since, value.retry_after)
                if value.retry_after is None:
                    delay = run.estimate.shorten(delay, now, self.pace.pace)
                run.next_poll = now + delay
        elif kind == "fetch":
            run.artifact, run.phase, run.completed = value, "ready", len(run.chunk)
            log.info(
                "chunk %d: %s %s ready after %d polls", index, self.kind, run.job_id, run.polls
            )
        self._report()

    def take_fetches(self) -> list[Action]:
        """Fetch operations for chunks whose job just finished."""
        out: list[Action] = []
        for index in self._pending_fetch:
            run = self.runs[index]
            assert run.job_id is not None
            if run.failure is not None and not self.backend.fetch_failed:
                run.busy = False
                run.phase, run.completed = "ready", len(run.chunk)
                self._report()
                continue
            out.append(
                (index, "fetch", self.backend.fetch_steps(run.chunk, run.job_id, run.status))
            )
        self._pending_fetch.clear()
        return out

    def on_error(self, index: int, kind: str, exc: BaseException) -> None:
        """Record a fatal error; the driver stops starting work and raises it once idle."""
        run = self.runs[index]
        run.busy = False
        if kind == "submit" and run.phase == "submitting":
            run.phase = "pending"
        if self.failure is None and kind == "poll" and isinstance(exc, WaitTimeout):
            self._timed_out(run)  # the poll in flight was cut at max_wait
        elif self.failure is None:
            self.failure = exc
            log.error("chunk %d: %s failed: %s", index, kind, exc)

    def raise_failure(self) -> None:
        """Raise the recorded error, carrying the chunk -> job map for resuming."""
        exc = self.failure
        if exc is None:
            return
        if isinstance(exc, BulkEnrichError):
            exc.resume = self.job_ids()
            raise exc
        raise exc

    def consume(self, index: int) -> Iterator[tuple[str, Any]]:
        """Results of a ready chunk, in input order (as one batch when :attr:`batched`)."""
        run = self.runs[index]
        if self.batched:
            batch = self.backend.batch(run.chunk, run.job_id, run.artifact, run.failure)
            yield run.job_id or "", batch
        else:
            yield from self.backend.results(run.chunk, run.job_id, run.artifact, run.failure)
        run.phase = "consumed"
        run.artifact = None
        self.backend.release(run.chunk)

    def progress(self) -> Progress:
        done = sum(1 for r in self.runs if r.phase in ("ready", "consumed"))
        return Progress(
            sum(r.completed for r in self.runs), self.total, done, len(self.runs), self.planned
        )

    def _report(self) -> None:
        if self.on_progress is None:
            return
        p = self.progress()
        if p != self._last_progress:
            self._last_progress = p
            self.on_progress(p)

    def failed_jobs(self) -> dict[str, str]:
        return {r.job_id: r.failure for r in self.runs if r.job_id and r.failure is not None}

    # -- what a driver asks between two waits ---------------------------------------------
    def has(self, index: int) -> bool:
        """Whether chunk ``index`` exists (as far as the input was read)."""
        return index < len(self.runs)

    def waiting_for(self, index: int) -> bool:
        """True while chunk ``index`` is not ready to consume, or not planned yet while the
        input is still being read."""
        if index >= len(self.runs):
            return not self.planned
        return not self.is_ready(index)

    def idle_delay(self, block: bool) -> float | None:
        """With nothing in flight: raise a recorded failure, else how long to sleep (None:
        do not sleep)."""
        if self.failure is not None:
            self.raise_failure()
        return self.next_wakeup() if block else None

    def check_failure(self, *, busy: bool) -> None:
        """Raise a recorded failure once nothing is in flight any more."""
        if self.failure is not None and not busy:
            self.raise_failure()

    def finish(self) -> None:
        """After the last chunk was consumed: raise a failure of reading the input (seen after
        every chunk read was done), else log the run."""
        self.raise_failure()
        log.info(
            "run finished: %d items, %d chunks in %.2fs",
            self.total,
            len(self.runs),
            time.monotonic() - self.started,
        )
