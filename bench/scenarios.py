"""The four scenarios, each run for bulk-enrich and for the naive strategy.

Every client runs as its own measured process; the emulator runs in yet another. Runs of the
two strategies alternate (bulk, naive, bulk, ...) so drifts in the machine hit both alike.
"""

from __future__ import annotations

import concurrent.futures as cf
import json
import logging
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import datagen
from bench.emulator_proc import (
    PING_KEY,
    PLACE_KEY,
    PLACE_ORG,
    Emulator,
    bulk_enrich_exe,
)
from bench.measure import (
    PYTHON,
    REPO,
    Measurement,
    child_env,
    lowest_priority,
    median,
    run_measured,
)

log = logging.getLogger("bench")
BULK, NAIVE = "bulk-enrich", "naive"
PING_SOURCES = "PG,PH"
PLACE_ATTRIBUTES = "websites,phoneNumbers"


@dataclass
class Plan:
    """Sizes and repetitions of one bench run."""

    quick: bool
    ping_count: int
    place_count: int
    rate: float
    ping_reps: dict[str, int]
    place_reps: dict[str, int]
    naive_chunk: int
    naive_ping_chunk: int
    naive_poll: float
    poll_times: tuple[float, ...]
    poll_rate: float
    poll_reps: int
    memory_sizes: tuple[int, ...]
    memory_formats: tuple[str, ...]
    memory_naive_skip: frozenset[tuple[int, str]]
    profile_count: int
    cpu_count: int
    timeout: float
    budget: float
    tail_reserve: float
    place_reserve: float
    notes: list[str] = field(default_factory=list)

    @classmethod
    def full(cls) -> Plan:
        """``make bench``: the sizes of the issue, within 10 minutes on 2 cores."""
        return cls(
            quick=False,
            ping_count=1_000_000,
            place_count=200_000,
            rate=20_000.0,
            ping_reps={BULK: 2, NAIVE: 1},
            place_reps={BULK: 3, NAIVE: 2},
            naive_chunk=50_000,
            naive_ping_chunk=200_000,
            naive_poll=5.0,
            poll_times=(0.3, 3.0, 30.0, 120.0),
            poll_rate=100.0,
            poll_reps=3,
            memory_sizes=(100_000, 1_000_000),
            memory_formats=("csv", "parquet"),
            memory_naive_skip=frozenset({(1_000_000, "csv"), (1_000_000, "parquet")}),
            profile_count=5_000,
            cpu_count=100_000,
            timeout=420.0,
            budget=575.0,
            tail_reserve=190.0,
            place_reserve=130.0,
        )

    @classmethod
    def small(cls) -> Plan:
        """``make bench-quick``: the same machinery at small sizes (about a minute)."""
        return cls(
            quick=True,
            ping_count=20_000,
            place_count=5_000,
            rate=20_000.0,
            ping_reps={BULK: 1, NAIVE: 1},
            place_reps={BULK: 1, NAIVE: 1},
            naive_chunk=50_000,
            naive_ping_chunk=50_000,
            naive_poll=5.0,
            poll_times=(0.3, 3.0),
            poll_rate=100.0,
            poll_reps=1,
            memory_sizes=(5_000, 20_000),
            memory_formats=("csv", "parquet"),
            memory_naive_skip=frozenset(),
            profile_count=10_000,
            cpu_count=5_000,
            timeout=120.0,
            budget=100.0,
            tail_reserve=35.0,
            place_reserve=15.0,
        )


def interleave(reps: dict[str, int]) -> list[str]:
    """``{bulk: 3, naive: 2}`` -> bulk, naive, bulk, naive, bulk."""
    order: list[str] = []
    left = dict(reps)
    while any(left.values()):
        for strategy in (BULK, NAIVE):
            if left.get(strategy, 0) > 0:
                order.append(strategy)
                left[strategy] -= 1
    return order


def busy_seconds(stats: dict[str, Any], api: str | None = None) -> float | None:
    """Seconds the emulator spent processing: the union of its jobs' start-finish intervals."""
    intervals = sorted(
        (j["started_at"], j["finished_at"])
        for j in (stats.get("jobs") or {}).values()
        if j.get("started_at") is not None
        and j.get("finished_at") is not None
        and (api is None or j.get("api") == api)
    )
    if not intervals:
        return None
    total = 0.0
    cur_start, cur_end = intervals[0]
    for start, end in intervals[1:]:
        if start > cur_end:
            total += cur_end - cur_start
            cur_start, cur_end = start, end
        else:
            cur_end = max(cur_end, end)
    return float(total + (cur_end - cur_start))


def count_rows(path: Path) -> int:
    """Data rows of a CSV written by either client (values hold no newlines)."""
    lines = 0
    with open(path, "rb") as fh:
        while block := fh.read(1 << 22):
            lines += block.count(b"\n")
    return max(lines - 1, 0)


# --- argv of each client ---------------------------------------------------------------------


def ping_argv(
    strategy: str, plan: Plan, url: str, inp: Path, out: Path, naive_poll: float | None = None
) -> list[str]:
    """CSV -> CSV for Ping.Data: the real CLI, or the naive client."""
    if strategy == BULK:
        return [
            bulk_enrich_exe(),
            "ping",
            "enhance",
            str(inp),
            "-o",
            str(out),
            "--sources",
            PING_SOURCES,
            "--base-url",
            url,
            "--api-key",
            PING_KEY,
            "--quiet",
        ]
    return [
        PYTHON,
        "-m",
        "bench.naive",
        "ping",
        str(inp),
        "-o",
        str(out),
        "--sources",
        PING_SOURCES,
        "--base-url",
        url,
        "--api-key",
        PING_KEY,
        "--chunk-size",
        str(plan.naive_ping_chunk),
        "--poll",
        str(naive_poll or plan.naive_poll),
    ]


def place_argv(strategy: str, plan: Plan, url: str, inp: Path, out: Path) -> list[str]:
    """CSV -> CSV for Place Enrichment: the real CLI, or the naive client."""
    if strategy == BULK:
        return [
            bulk_enrich_exe(),
            "places",
            "enrich",
            str(inp),
            "-o",
            str(out),
            "--org",
            PLACE_ORG,
            "--attributes",
            PLACE_ATTRIBUTES,
            "--base-url",
            url,
            "--api-key",
            PLACE_KEY,
            "--quiet",
        ]
    return [
        PYTHON,
        "-m",
        "bench.naive",
        "places",
        str(inp),
        "-o",
        str(out),
        "--org",
        PLACE_ORG,
        "--attributes",
        PLACE_ATTRIBUTES,
        "--base-url",
        url,
        "--api-key",
        PLACE_KEY,
        "--chunk-size",
        str(plan.naive_chunk),
        "--poll",
        str(plan.naive_poll),
    ]


# --- 1. end to end ---------------------------------------------------------------------------


def end_to_end(
    plan: Plan,
    work: Path,
    emu: Emulator,
    api: str,
    may_run: Callable[[float], bool] = lambda expected: True,
) -> dict[str, Any]:
    """CSV to enriched CSV at ``plan.rate``: wall time over the server's own busy time.

    The first run of each strategy always happens; a further one only if ``may_run(expected
    seconds)`` agrees (the time budget of ``make bench``).
    """
    count = plan.ping_count if api == "ping" else plan.place_count
    inp = (
        datagen.locations_csv(work / "data", count)
        if api == "ping"
        else datagen.places_csv(work / "data", count)
    )
    argv_of = ping_argv if api == "ping" else place_argv
    reps = plan.ping_reps if api == "ping" else plan.place_reps
    emu.configure(rate=plan.rate, mode="rate")
    runs: dict[str, list[dict[str, Any]]] = {BULK: [], NAIVE: []}
    skipped: dict[str, int] = {BULK: 0, NAIVE: 0}
    for i, strategy in enumerate(interleave(reps)):
        if runs[strategy] and not may_run(runs[strategy][-1]["wall"] + 3.0):
            log.info("end to end, %s, %s: run %d skipped (time budget)", api, strategy, i + 1)
            skipped[strategy] += 1
            continue
        emu.reset()
        out = work / f"e2e-{api}-{strategy}-{i}.csv"
        cpu0 = emu.cpu_seconds()
        log.info("end to end, %s, %s, %s items: run %d", api, strategy, f"{count:,}", i + 1)
        m = run_measured(
            argv_of(strategy, plan, emu.url, inp, out),
            timeout=plan.timeout,
            log_path=work / "logs" / f"e2e-{api}-{strategy}-{i}",
        )
        stats = emu.stats()
        busy = busy_seconds(stats)
        span_info = stats.get("span") or {}
        span = span_info.get("seconds")
        rows = count_rows(out)
        out.unlink(missing_ok=True)
        polls = sum((stats.get("status_polls") or {}).values())
        run = {
            **m.summary(),
            "server_busy": busy,
            "server_span": span,
            # Client time outside the server's span: reading and preparing before the first
            # job started, finishing (downloads, writing) after the last one ended.
            "before_first_job": span_info["start"] - m.started if span_info else None,
            "after_last_job": m.finished - span_info["end"] if span_info else None,
            "ratio": m.wall / busy if busy else None,
            "rows": rows,
            "jobs": stats.get("jobs_created", 0) + stats.get("batches_created", 0),
            "status_polls": polls,
            "requests": sum((stats.get("requests") or {}).values()),
            "emulator_cpu": emu.cpu_seconds() - cpu0,
        }
        log.info(
            "  wall %.1f s, server busy %s s, ratio %s, cpu %.1f s, rss %.0f MB, rows %s",
            m.wall,
            f"{busy:.1f}" if busy else "?",
            f"{run['ratio']:.2f}" if run["ratio"] else "?",
            m.cpu,
            m.max_rss_mb,
            f"{rows:,}",
        )
        if rows != count:
            raise RuntimeError(f"{strategy} wrote {rows:,} rows for {count:,} inputs ({api})")
        runs[strategy].append(run)
    return {"count": count, "runs": runs, "skipped": skipped, "median": _medians(runs)}


def _medians(runs: dict[str, list[dict[str, Any]]]) -> dict[str, dict[str, float | None]]:
    keys = (
        "before_first_job",
        "after_last_job",
        "wall",
        "cpu",
        "user",
        "system",
        "max_rss_mb",
        "server_busy",
        "ratio",
        "status_polls",
        "requests",
        "jobs",
        "emulator_cpu",
    )
    out: dict[str, dict[str, float | None]] = {}
    for strategy, items in runs.items():
        out[strategy] = {
            k: (median([r[k] for r in items if r.get(k) is not None]) if items else None)
            for k in keys
        }
    return out


# --- 2. polling ------------------------------------------------------------------------------


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


# --- 3. memory -------------------------------------------------------------------------------


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
            preexec_fn=lowest_priority,
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


# --- 4. CPU profile --------------------------------------------------------------------------


def profiles(plan: Plan, work: Path, emu: Emulator | None = None) -> dict[str, Any]:
    """Where each client's CPU goes: Ping CSV -> CSV under cProfile (thread CPU time).

    The clock is each thread's CPU time, so other processes sharing the CPU do not distort it.
    """
    if emu is None:
        with Emulator(work / "logs", rate=1_000_000.0, background=True) as own:
            return profiles(plan, work, own)
    inp = datagen.locations_csv(work / "data", plan.profile_count)
    emu.configure(rate=1_000_000.0, mode="rate")
    result: dict[str, Any] = {}
    for strategy in (BULK, NAIVE):
        emu.reset()
        out = work / f"profile-{strategy}.csv"
        prof = work / f"profile-{strategy}.json"
        # Polling does not cost CPU; the naive client polls every 0.5 s here to save time.
        argv = ping_argv(strategy, plan, emu.url, inp, out, naive_poll=0.5)
        target = "bulk_enrich.cli:main" if strategy == BULK else "bench.naive:main"
        args = argv[3:] if strategy == NAIVE else argv[1:]
        log.info("profile, %s, %s locations", strategy, f"{plan.profile_count:,}")
        m = run_measured(
            [PYTHON, "-m", "bench.profile_run", str(prof), target, "--", *args],
            timeout=plan.timeout,
            env=child_env(),
            log_path=work / "logs" / f"profile-{strategy}",
            background=True,
        )
        out.unlink(missing_ok=True)
        result[strategy] = {**json.loads(prof.read_text()), "wall": m.wall, "cpu": m.cpu}
    return result


FLOOR = "floor"


def cpu_side_by_side(plan: Plan, work: Path) -> dict[str, Any]:
    """User+system CPU of bulk-enrich, the naive client and the floor client (``bench/floor.py``)
    converting the same :attr:`Plan.cpu_count` locations, one after the other, against an
    emulator fast enough that none of them waits long; with ``perf`` on the machine, also the
    instructions each executed in user space (``instructions``), which, unlike CPU seconds on a
    shared machine, do not change with what else runs."""
    inp = datagen.locations_csv(work / "data", plan.cpu_count)
    cpu: dict[str, Any] = {"count": plan.cpu_count, "instructions": {}}
    perf = _usable_perf()
    with Emulator(work / "logs", rate=1_000_000.0, background=True) as emu:
        for strategy in (BULK, NAIVE, FLOOR):
            emu.reset()
            out = work / f"cpu-{strategy}.csv"
            if strategy == FLOOR:
                argv = [PYTHON, "-m", "bench.floor", str(inp), "-o", str(out)]
                argv += ["--base-url", emu.url, "--api-key", PING_KEY, "--sources", PING_SOURCES]
            else:
                argv = ping_argv(strategy, plan, emu.url, inp, out, naive_poll=0.2)
            counted = work / f"cpu-{strategy}.perf"
            if perf is not None:
                argv = [perf, "stat", "-x,", "-e", "instructions:u", "-o", str(counted), *argv]
            log.info("client CPU, %s, %s locations", strategy, f"{plan.cpu_count:,}")
            logs = work / "logs" / f"cpu-{strategy}"
            m = run_measured(
                argv, timeout=plan.timeout, env=child_env(), log_path=logs, background=True
            )
            rows = count_rows(out)
            out.unlink(missing_ok=True)
            if rows != plan.cpu_count:
                raise RuntimeError(f"{strategy} wrote {rows:,} rows, not {plan.cpu_count:,}")
            cpu[strategy] = m.cpu
            cpu["instructions"][strategy] = _instructions(counted)
    return cpu


def _usable_perf() -> str | None:
    """``perf``, if it is installed and may count this user's instructions."""
    perf = shutil.which("perf")
    if perf is None:
        return None
    probe = [perf, "stat", "-x,", "-e", "instructions:u", "-o", os.devnull, "true"]
    try:
        done = subprocess.run(probe, capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return perf if done.returncode == 0 else None


def _instructions(path: Path) -> float | None:
    """The user-space instruction count ``perf stat -x,`` wrote to ``path`` (None if none)."""
    try:
        lines = path.read_text().splitlines()
    except OSError:
        return None
    finally:
        path.unlink(missing_ok=True)
    for line in lines:
        fields = line.split(",")
        if len(fields) > 2 and fields[2].startswith("instructions") and fields[0].isdigit():
            return float(fields[0])
    return None  # not supported here (e.g. no access to the counters)


def per_million(value: float | None, count: int) -> float | None:
    """Scale a per-run figure to one million items."""
    return None if value is None else value * 1_000_000 / count


def seq(values: Sequence[float]) -> list[float]:
    """Round for the report."""
    return [round(v, 3) for v in values]


__all__ = ["BULK", "FLOOR", "NAIVE", "Measurement", "Plan"]
