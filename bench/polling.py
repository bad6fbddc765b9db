"""Scenario 2, polling: detection latency and status requests per job length."""

from __future__ import annotations

import concurrent.futures as cf
import json
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.emulator_proc import (
    PING_KEY,
    Emulator,
)
from bench.measure import (
    PYTHON,
    median,
    run_measured,
)
from bench.plan import (
    BULK,
    NAIVE,
    Plan,
)

log = logging.getLogger("bench")


def _poll_argv(strategy: str, plan: Plan, url: str, count: int) -> list[str]:
    module = "bench.lib_client" if strategy == BULK else "bench.naive"
    argv = [
        PYTHON,
        "-m",
        module,
        "ping-poll",
        "--base-url",
        url,
        "--api-key",
        PING_KEY,
        "--count",
        str(count),
    ]
    if strategy == NAIVE:
        argv += ["--poll", str(plan.naive_poll)]
    return argv


#: Repetition k of a polling run uses a job ``1 + POLL_SPREAD * k / reps`` times the nominal
#: length, so that runs fall at different phases of each client's polling rhythm (with a fixed
#: length every run would see the same phase and the same latency).
POLL_SPREAD = 0.2


def _poll_once(
    plan: Plan, work: Path, emu: Emulator, strategy: str, job_time: float, tag: str
) -> dict[str, Any]:
    count = max(1, round(job_time * plan.poll_rate))
    m = run_measured(
        _poll_argv(strategy, plan, emu.url, count),
        timeout=job_time * 2 + 120,
        log_path=work / "logs" / f"poll-{tag}",
    )
    out = json.loads(m.stdout.strip().splitlines()[-1])
    stats = emu.stats()
    job = stats["jobs"][out["job_id"]]
    actual = job["finished_at"] - job["started_at"]
    latency = out["known_at"] - job["finished_at"]
    limit = max(0.5, 0.1 * actual)
    return {
        "job_time": actual,
        "latency": latency,
        "limit": limit,
        "met": latency <= limit,
        "polls": stats["status_polls"].get(out["job_id"], 0),
        "wall": m.wall,
        "cpu": m.cpu,
    }


#: Seconds between the starts of two polling clients (a client's start-up takes CPU that
#: would otherwise delay the others' polls).
POLL_STAGGER = 0.4


def _poll_alone(
    plan: Plan,
    work: Path,
    strategy: str,
    job_time: float,
    tag: str,
    ready: threading.Barrier,
    delay: float,
) -> dict[str, Any]:
    """Start an emulator, wait until every emulator of the group is up, then ``delay`` more
    seconds, then run one polling client against it."""
    with Emulator(work / "logs", rate=plan.poll_rate) as emu:
        ready.wait(timeout=120)
        time.sleep(delay)
        return _poll_once(plan, work, emu, strategy, job_time, tag)


def _log_poll(t: float, strategy: str, run: dict[str, Any]) -> None:
    log.info(
        "polling %g s (%.2f s), %s: latency %.2f s, %d polls",
        t,
        run["job_time"],
        strategy,
        run["latency"],
        run["polls"],
    )


def polling(plan: Plan, work: Path, long_from: float = 10.0) -> dict[str, Any]:
    """Detection latency and status requests for jobs of each length in ``plan.poll_times``."""
    return polling_with(plan, work, long_from, between=None)[0]


def polling_with(
    plan: Plan,
    work: Path,
    long_from: float,
    between: Callable[[], Any] | None,
) -> tuple[dict[str, Any], Any]:
    """:func:`polling`, running ``between()`` while the long jobs wait; returns both results.

    Every job has an emulator of its own (one emulator's single worker pool would queue them
    one behind the other). Jobs of ``long_from`` seconds and more start first, all at once,
    their clients started a little apart, and ``between()`` runs while they wait (a waiting
    client costs almost no CPU; only its polls' answers may come a little later). Then the
    shorter jobs run the same way.
    """
    short = [t for t in plan.poll_times if t < long_from]
    long = [t for t in plan.poll_times if t >= long_from]
    results: dict[float, dict[str, list[dict[str, Any]]]] = {
        t: {BULK: [], NAIVE: []} for t in plan.poll_times
    }

    def length(t: float, rep: int) -> float:
        return t * (1 + POLL_SPREAD * rep / plan.poll_reps)

    def start(pool: cf.ThreadPoolExecutor, times: list[float]) -> list[tuple[float, str, Any]]:
        tasks = [
            (t, strategy, rep)
            for t in times
            for rep in range(plan.poll_reps)
            for strategy in (BULK, NAIVE)
        ]
        ready = threading.Barrier(len(tasks))
        return [
            (
                t,
                strategy,
                pool.submit(
                    _poll_alone,
                    plan,
                    work,
                    strategy,
                    length(t, rep),
                    f"{t:g}-{strategy}-{rep}",
                    ready,
                    i * POLL_STAGGER,
                ),
            )
            for i, (t, strategy, rep) in enumerate(tasks)
        ]

    def collect(pending: list[tuple[float, str, Any]]) -> None:
        for t, strategy, fut in pending:
            run = fut.result()
            _log_poll(t, strategy, run)
            results[t][strategy].append(run)

    workers = 2 * plan.poll_reps * len(plan.poll_times)
    with cf.ThreadPoolExecutor(workers) as pool:
        pending_long = start(pool, long)
        if long:
            log.info("polling: %d jobs of %s s started", len(pending_long), long)
            time.sleep(len(pending_long) * POLL_STAGGER + 3.0)  # all clients started
        other = between() if between is not None else None
        collect(start(pool, short))
        collect(pending_long)
    out = []
    for t in plan.poll_times:
        entry: dict[str, Any] = {"job_time": t}
        for strategy in (BULK, NAIVE):
            runs = results[t][strategy]
            entry[strategy] = {
                "runs": runs,
                "latency": median([r["latency"] for r in runs]),
                "latency_max": max(r["latency"] for r in runs),
                "all_met": all(r["met"] for r in runs),
                "polls": median([r["polls"] for r in runs]),
                "job_time": median([r["job_time"] for r in runs]),
            }
        out.append(entry)
    return {"rate": plan.poll_rate, "reps": plan.poll_reps, "jobs": out}, other
