"""The run's per-job deadline (``max_wait``), on the pure scheduler with a fake clock."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from bulk_enrich import WaitTimeout
from bulk_enrich.engine.chunking import Chunk
from bulk_enrich.engine.effects import Steps
from bulk_enrich.engine.polling import PollSchedule
from bulk_enrich.engine.scheduler import Coordinator


def never_run() -> Steps[Any]:
    """Operations are handed out but never driven here (the test answers for them)."""
    raise AssertionError("not driven")
    yield


class Backend:
    fetch_failed = False

    def submit_steps(self, chunk: Chunk) -> Steps[str | None]:
        return never_run()

    def poll_steps(self, chunk: Chunk, job_id: str) -> Steps[Any]:
        return never_run()

    def fetch_steps(self, chunk: Chunk, job_id: str, status: Any) -> Steps[Any]:
        return never_run()

    def results(
        self, chunk: Chunk, job_id: str | None, artifact: Any, failure: str | None
    ) -> Iterator[tuple[str, Any]]:
        return iter(())

    def release(self, chunk: Chunk) -> None:
        pass


class Status:
    terminal = False
    failed = False
    completed = 0
    total = 1
    retry_after = None
    message = None
    processing_seconds = None


def coordinator(now: list[float], **kw: Any) -> Coordinator:
    chunks = [Chunk(i, i, i + 1) for i in range(2)]
    return Coordinator(
        chunks, Backend(), schedule=PollSchedule(initial=1.0), clock=lambda: now[0], **kw
    )


def test_a_job_running_past_max_wait_fails_the_run_with_the_resume_map() -> None:
    now = [0.0]
    coord = coordinator(now, max_wait=100.0)
    coord.on_done(0, "submit", "job-a")
    now[0] = 50.0
    coord.on_done(1, "submit", "job-b")
    for _ in range(3):  # polls while within the deadline
        now[0] += 10.0
        for index, kind, steps in coord.next_actions():
            steps.close()
            coord.on_done(index, kind, Status())
    assert coord.failure is None
    wake = coord.next_wakeup()
    assert wake is not None
    assert wake <= 100.0 - now[0] + 0.01  # woken for the deadline
    now[0] = 100.5
    assert coord.next_actions() == []
    assert isinstance(coord.failure, WaitTimeout)
    assert coord.failure.job_id == "job-a"
    with pytest.raises(WaitTimeout) as caught:
        coord.raise_failure()
    assert caught.value.resume == {0: "job-a", 1: "job-b"}


def test_resumed_jobs_get_a_fresh_max_wait_and_none_means_no_limit() -> None:
    now = [1000.0]
    coord = coordinator(now, max_wait=100.0, resume={0: "job-a"})
    now[0] = 1099.0
    assert [kind for _, kind, _ in coord.next_actions()] == ["poll", "submit"]
    assert coord.failure is None
    unlimited = coordinator(now, max_wait=None)
    unlimited.on_done(0, "submit", "job-a")
    now[0] = 10.0**9
    assert unlimited.next_actions()
    assert unlimited.failure is None
