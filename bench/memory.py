"""Scenario 3, memory: peak RSS of converting a finished job's result."""

from __future__ import annotations

import concurrent.futures as cf
import json
import logging
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.emulator_proc import (
    PING_KEY,
    Emulator,
)
from bench.measure import (
    PYTHON,
    REPO,
    background_child,
    child_env,
    run_measured,
)
from bench.plan import (
    BULK,
    NAIVE,
    PING_SOURCES,
    Plan,
)

log = logging.getLogger("bench")


def _submit_job(emu: Emulator, count: int, log_dir: Path) -> str:
    """Run one Ping job of ``count`` locations to completion on ``emu``, the client that
    submits it at the lowest priority (like everything in :class:`MemoryScenario`)."""
    argv = [PYTHON, "-m", "bench.lib_client", "ping-poll", "--count", str(count)]
    argv += ["--sources", PING_SOURCES, "--base-url", emu.url, "--api-key", PING_KEY]
    argv += ["--timeout", "1500"]
    log_dir.mkdir(parents=True, exist_ok=True)
    with open(log_dir / f"memory-setup-{count}.err", "wb") as err:
        done = subprocess.run(
            argv,
            cwd=str(REPO),
            env=child_env(),
            stdout=subprocess.PIPE,
            stderr=err,
            start_new_session=True,
            preexec_fn=background_child,
            timeout=1800,
            check=False,
        )
    if done.returncode != 0:
        raise RuntimeError(f"setup job of {count:,} locations failed (see {err.name})")
    return str(json.loads(done.stdout)["job_id"])


def _convert(
    plan: Plan, work: Path, url: str, job: str, n: int, fmt: str, strategy: str
) -> dict[str, Any]:
    module = "bench.lib_client" if strategy == BULK else "bench.naive"
    target = work / f"mem-{n}-{strategy}.{fmt}"
    argv = [
        PYTHON,
        "-m",
        module,
        "ping-download",
        "--base-url",
        url,
        "--api-key",
        PING_KEY,
        "--job",
        job,
        "--format",
        fmt,
        "-o",
        str(target),
    ]
    m = run_measured(
        argv,
        timeout=plan.timeout,
        log_path=work / "logs" / f"mem-{n}-{fmt}-{strategy}",
        background=True,
    )
    info = json.loads(m.stdout.strip().splitlines()[-1])
    size = target.stat().st_size
    target.unlink(missing_ok=True)
    log.info(
        "memory, %s locations to %s, %s: peak RSS %.0f MB (wall %.1f s)",
        f"{n:,}",
        fmt,
        strategy,
        m.max_rss_mb,
        m.wall,
    )
    return {
        **m.summary(),
        "rows": info["rows"],
        "result_bytes": info["result_bytes"],
        "output_bytes": size,
    }


class MemoryScenario:
    """Peak RSS of the process that downloads a finished job's result and converts it.

    Everything here runs at the lowest priority (:func:`bench.measure.lowest_priority`),
    on CPU time the timed scenarios running meanwhile leave idle: peak RSS does not depend on
    it. :meth:`prepare` starts one emulator per result size and has each produce its result,
    in parallel (a job's result is built on one core); :meth:`run` converts each result with
    both strategies; :meth:`close` stops the emulators.
    """

    def __init__(self, plan: Plan, work: Path) -> None:
        self.plan = plan
        self.work = work
        self.emus = {
            n: Emulator(work / "logs", rate=1_000_000.0, background=True) for n in plan.memory_sizes
        }
        self.jobs: dict[int, cf.Future[str]] = {}
        self._pool = cf.ThreadPoolExecutor(len(self.emus))

    def prepare(self) -> None:
        """Start the emulators and, on each, one job whose result is the size's (not waited)."""
        for n, emu in self.emus.items():
            emu.start()
            self.jobs[n] = self._pool.submit(_submit_job, emu, n, self.work / "logs")

    def run(self, alongside: Callable[[], Any] | None = None) -> tuple[dict[str, Any], Any]:
        """Convert every result with both strategies; returns the runs and ``alongside()``'s value.

        The largest result takes its emulator a core for a minute or more to build: meanwhile
        the smaller results' conversions, then ``alongside()``, run one at a time on the other
        core; the largest result's conversions then run two at a time, longest first.
        """
        plan, work = self.plan, self.work
        cases = [(n, fmt) for n in plan.memory_sizes for fmt in plan.memory_formats]
        sizes = sorted(plan.memory_sizes)
        with cf.ThreadPoolExecutor(1) as lane, cf.ThreadPoolExecutor(2) as pool:
            if not self.jobs:
                self.prepare()
            futures: dict[tuple[int, str, str], cf.Future[dict[str, Any]]] = {}
            side = None
            for n in sizes:
                if n == sizes[-1] and alongside is not None:
                    side = lane.submit(alongside)
                job = self.jobs[n].result()  # the largest: while the lane works
                order = sorted(
                    (
                        (fmt, strategy)
                        for fmt in plan.memory_formats
                        for strategy in (BULK, NAIVE)
                        if strategy == BULK or (n, fmt) not in plan.memory_naive_skip
                    ),
                    key=lambda c: CONVERSION_ORDER.index(c),
                )
                for fmt, strategy in order:
                    futures[(n, fmt, strategy)] = (pool if n == sizes[-1] else lane).submit(
                        _convert, plan, work, self.emus[n].url, job, n, fmt, strategy
                    )
            out: list[dict[str, Any]] = []
            for n, fmt in cases:
                entry: dict[str, Any] = {"count": n, "format": fmt}
                for strategy in (BULK, NAIVE):
                    fut = futures.get((n, fmt, strategy))
                    entry[strategy] = fut.result() if fut is not None else None
                    if fut is not None:
                        entry["result_bytes"] = entry[strategy]["result_bytes"]
                out.append(entry)
            other = side.result() if side is not None else None
        return {"runs": out}, other

    def close(self) -> None:
        """Stop the emulators (a job still being prepared then fails, ending its thread)."""
        self._pool.shutdown(wait=False, cancel_futures=True)
        for emu in self.emus.values():
            emu.stop()
        self._pool.shutdown(wait=True)


#: Longest conversions first, so that two at a time end close together.
CONVERSION_ORDER = [("parquet", BULK), ("csv", NAIVE), ("csv", BULK), ("parquet", NAIVE)]


def memory(
    plan: Plan, work: Path, alongside: Callable[[], Any] | None = None
) -> tuple[dict[str, Any], Any]:
    """:class:`MemoryScenario` from start to end."""
    scenario = MemoryScenario(plan, work)
    try:
        return scenario.run(alongside)
    finally:
        scenario.close()
