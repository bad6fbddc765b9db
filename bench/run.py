"""``make bench``: bulk-enrich against the naive strategy, near the server's own limit.

Runs the emulator in its own process on 127.0.0.1 and four scenarios, each for bulk-enrich and
for a naive baseline (``bench/naive.py``): end to end CSV -> CSV, polling, memory, client CPU.
Prints a table and, for the full run, writes ``bench/results.json`` and ``bench/RESULTS.md``.

    .venv/bin/python bench/run.py            # full run (under 10 minutes on 2 cores)
    .venv/bin/python bench/run.py --quick    # small sizes, about a minute (CI smoke test)
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import logging
import math
import os
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import itertools

from bench import datagen, machine, report
from bench.emulator_proc import Emulator
from bench.scenarios import (
    BULK,
    FLOOR,
    NAIVE,
    POLL_SPREAD,
    MemoryScenario,
    Plan,
    cpu_side_by_side,
    end_to_end,
    per_million,
    polling_with,
    profiles,
)

BENCH_DIR = Path(__file__).resolve().parent
SCENARIOS = ("e2e-ping", "e2e-place", "polling", "memory", "profile")
log = logging.getLogger("bench")

#: Peak RSS bulk-enrich may reach converting a result, and how much it may grow from the
#: smaller to the larger result ("flat").
RSS_LIMIT_MB = 150.0
RSS_FLAT_GROWTH = 1.2


def _mb(n: float | None) -> str:
    return "-" if n is None else f"{n / 1e6:,.0f} MB" if n >= 1e6 else f"{n / 1e3:,.0f} kB"


def _row(
    scenario: str,
    metric: str,
    bulk: float | None,
    naive: float | None,
    unit: str = "",
    digits: int = 2,
    target: str = "",
    met: bool | None = None,
    show_ratio: bool = True,
) -> dict[str, Any]:
    return {
        "scenario": scenario,
        "metric": metric,
        BULK: bulk,
        NAIVE: naive,
        "bulk_text": report.fmt(bulk, unit, digits),
        "naive_text": report.fmt(naive, unit, digits),
        "ratio_text": report.ratio(naive, bulk) if show_ratio else "-",
        "target": target,
        "met": met,
    }


def build_rows(results: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Table rows and the target verdicts from the scenario results."""
    rows: list[dict[str, Any]] = []
    targets: list[dict[str, Any]] = []
    sc = results["scenarios"]
    for api, label, unit in (("ping", "Ping", "locations"), ("place", "Place", "places")):
        e2e = sc.get(f"e2e-{api}")
        if not e2e or "median" not in e2e:
            continue
        med = e2e["median"]
        name = f"1. end to end, {label} {e2e['count']:,} {unit}"
        b, n = med[BULK], med[NAIVE]
        busy = b["server_busy"]
        ratio_ok = b["ratio"] is not None and b["ratio"] <= 1.05
        rows.append(_row(name, "wall time", b["wall"], n["wall"], " s", 1))
        rows.append(
            _row(
                name,
                "server's own processing time",
                busy,
                n["server_busy"],
                " s",
                1,
                show_ratio=False,
            )
        )
        if b.get("before_first_job") is not None and n.get("before_first_job") is not None:
            rows.append(
                _row(name, "client time before the first job / after the last", None, None)
                | {
                    "bulk_text": f"{b['before_first_job']:.1f} s / {b['after_last_job']:.1f} s",
                    "naive_text": f"{n['before_first_job']:.1f} s / {n['after_last_job']:.1f} s",
                    "ratio_text": "-",
                }
            )
        rows.append(
            _row(
                name,
                "wall / server time (limit 1.0)",
                b["ratio"],
                n["ratio"],
                target="<= 1.05",
                met=ratio_ok,
            )
        )
        rows.append(_row(name, "client CPU (user+sys)", b["cpu"], n["cpu"], " s", 1))
        rows.append(_row(name, "client peak RSS", b["max_rss_mb"], n["max_rss_mb"], " MB", 0))
        rows.append(
            _row(name, "jobs / status requests", None, None, show_ratio=False)
            | {
                "bulk_text": f"{b['jobs']:.0f} / {b['status_polls']:.0f}",
                "naive_text": f"{n['jobs']:.0f} / {n['status_polls']:.0f}",
            }
        )
        targets.append(
            {"target": f"end-to-end ratio <= 1.05 ({label})", "figure": b["ratio"], "met": ratio_ok}
        )
    poll = sc.get("polling")
    if poll and "jobs" in poll:
        jobs = poll["jobs"]
        for entry in jobs:
            t = entry["job_time"]
            b, n = entry[BULK], entry[NAIVE]
            limit = max(0.5, 0.1 * t)
            ok = b.get("all_met", b["latency_max"] <= limit)
            name = f"2. polling, {t:g} s job"
            rows.append(
                _row(
                    name,
                    "detection latency (median)",
                    b["latency"],
                    n["latency"],
                    " s",
                    2,
                    f"<= {limit:g} s, every run",
                    ok,
                )
            )
            rows.append(_row(name, "status requests", b["polls"], n["polls"], "", 0))
            targets.append(
                {
                    "target": f"detection latency <= max(0.5 s, 10 % of job) ({t:g} s job)",
                    "figure": {"worst": b["latency_max"], "median": b["latency"]},
                    "met": ok,
                }
            )
        log_ok = _logarithmic([e["job_time"] for e in jobs], [e[BULK]["polls"] for e in jobs])
        if log_ok is not None:
            rows[-1]["target"] = "O(log T) polls"
            rows[-1]["met"] = log_ok
            targets.append(
                {
                    "target": "status requests grow as O(log T)",
                    "figure": [e[BULK]["polls"] for e in jobs],
                    "met": log_ok,
                }
            )
    mem = sc.get("memory")
    if mem and "runs" in mem:
        by_fmt: dict[str, list[dict[str, Any]]] = {}
        for entry in mem["runs"]:
            by_fmt.setdefault(entry["format"], []).append(entry)
        for fmt, entries in by_fmt.items():
            entries.sort(key=lambda e: e["count"])
            small, large = entries[0][BULK]["max_rss_mb"], entries[-1][BULK]["max_rss_mb"]
            flat = large <= small * RSS_FLAT_GROWTH
            for e in entries:
                b, n = e[BULK], e[NAIVE]
                ok = b["max_rss_mb"] <= RSS_LIMIT_MB and flat
                rows.append(
                    _row(
                        f"3. memory, {e['count']:,} locations -> {fmt}",
                        f"peak RSS (result file {_mb(e['result_bytes'])})",
                        b["max_rss_mb"],
                        n["max_rss_mb"] if n else None,
                        " MB",
                        0,
                        f"<= {RSS_LIMIT_MB:g} MB, flat",
                        ok,
                    )
                )
                if not n:
                    rows[-1]["naive_text"] = "not run"
            targets.append(
                {
                    "target": f"peak RSS <= {RSS_LIMIT_MB:g} MB and flat ({fmt})",
                    "figure": [e[BULK]["max_rss_mb"] for e in entries],
                    "met": all(e[BULK]["max_rss_mb"] <= RSS_LIMIT_MB for e in entries) and flat,
                }
            )
    for api, label in (("ping", "locations"), ("place", "places")):
        e2e = sc.get(f"e2e-{api}")
        if not e2e or "median" not in e2e:
            continue
        b = per_million(e2e["median"][BULK]["cpu"], e2e["count"])
        n = per_million(e2e["median"][NAIVE]["cpu"], e2e["count"])
        ok = None
        target = ""
        if api == "ping" and b is not None and n is not None:
            ok = b <= n / 2
            target = "<= half of naive"
            targets.append(
                {
                    "target": "client CPU <= half the naive baseline's (Ping)",
                    "figure": [b, n],
                    "met": ok,
                }
            )
        rows.append(
            _row("4. client CPU", f"user+sys per 1,000,000 {label}", b, n, " s", 1, target, ok)
        )
    cpu = sc.get("cpu")
    if cpu:
        count = f"{cpu['count']:,}"
        floor = f"the floor client (csv and json calls only) for {count}, in bulk-enrich's place"
        counts = {k: v / 1e9 for k, v in (cpu.get("instructions") or {}).items() if v}
        measured = [
            (f"user+sys for {count} locations (beside the memory runs)", cpu, " s"),
            (floor, {BULK: cpu[FLOOR], NAIVE: cpu[NAIVE]}, " s"),
        ]
        if BULK in counts and NAIVE in counts:  # perf could count them
            measured.append((f"instructions (perf, user space) for {count}", counts, " G"))
            if FLOOR in counts:
                measured.append((floor, {BULK: counts[FLOOR], NAIVE: counts[NAIVE]}, " G"))
        for metric, values, unit in measured:
            rows.append(_row("4. client CPU", metric, values[BULK], values[NAIVE], unit, 1))
    return rows, targets


#: Jobs shorter than this sit on the 0.5 s latency floor, where any schedule polls at a fixed
#: interval; the O(log T) verdict looks at the longer ones.
LOG_VERDICT_FROM_S = 2.0


def _logarithmic(times: Sequence[float], polls: Sequence[float]) -> bool | None:
    """Whether polls grow no faster than log T: polls per unit of log T, step by step, must not
    grow (50 % and one poll of slack) from one step to the next. A fixed or capped interval adds
    polls in proportion to T, so its rate per unit of log T multiplies with each longer job."""
    pairs = [(t, n) for t, n in zip(times, polls, strict=True) if t >= LOG_VERDICT_FROM_S]
    if len(pairs) < 3:
        return None
    rates = [(b[1] - a[1]) / math.log(b[0] / a[0]) for a, b in itertools.pairwise(pairs)]
    return all(
        later <= 1.5 * max(earlier, 1.0) + 1 / math.log(pairs[i + 2][0] / pairs[i + 1][0])
        for i, (earlier, later) in enumerate(itertools.pairwise(rates))
    )


def _runs_text(results: dict[str, Any], name: str) -> str:
    e2e = results["scenarios"].get(name)
    if not e2e:
        return "not run"
    done = {k: len(v) for k, v in e2e["runs"].items()}
    text = f"{done[BULK]} bulk-enrich / {done[NAIVE]} naive"
    skipped = sum((e2e.get("skipped") or {}).values())
    if skipped:
        text += f" ({skipped} more planned, skipped to stay within the time budget)"
    return text


def notes(plan: Plan, results: dict[str, Any]) -> list[str]:
    """What the figures mean and how they were obtained."""
    out = [
        f"Emulator in its own process on 127.0.0.1, {plan.rate:,.0f} items/s in total for "
        "scenario 1; its CPU is never counted as the client's (each client is a child process "
        "reaped with os.wait4 by a small launcher).",
        "Server's own processing time: the union of the emulator's job start-to-finish "
        "intervals. The emulator processes jobs first come first served as one worker pool, "
        "so for a client that keeps its queue full this is items / rate; wall / server time "
        "is 1.0 for a perfect client.",
        f"Runs, interleaved bulk-enrich/naive, figures are medians: Ping end to end "
        f"{_runs_text(results, 'e2e-ping')}; Place {_runs_text(results, 'e2e-place')}; "
        f"polling {plan.poll_reps} per job length and strategy; memory 1 per size, format "
        "and strategy (peak RSS barely varies between runs).",
        "bulk-enrich end to end is the real CLI (`bulk-enrich ping enhance` / `places "
        "enrich`, default chunk size and concurrency). The naive client sends one job at a "
        f"time, of {plan.naive_ping_chunk:,} locations (Ping) or {plan.naive_chunk:,} places "
        f"(Place, the API's limit), polls every {plan.naive_poll:g} s, downloads each output "
        "whole and parses it with json.loads, holds everything, then writes CSV. Jobs that "
        "large are the naive strategy's best case: each job costs it up to one polling "
        "interval, so with bulk-enrich's chunk size it would take far longer than shown.",
        f"Polling: jobs of {', '.join(f'{t:g}' for t in plan.poll_times)} s at "
        f"{plan.poll_rate:g} locations/s, repetition k lengthened by "
        f"{100 * POLL_SPREAD:g}·k/{plan.poll_reps} % so runs meet each client's rhythm at "
        "different phases; latency = when the client knew minus when the emulator finished "
        "(epoch clocks of one machine); status requests as counted by the emulator. Every "
        "job had its own emulator; the long ones ran at once while the end-to-end runs went "
        "on, then the short ones ran at once.",
        "Memory: a finished job's result (sources PG,PH) downloaded and converted by a fresh "
        "process; bulk-enrich streams it to disk and converts it incrementally with the "
        "library (bench/lib_client.py: CSV in one pass, Parquet in two), the naive client "
        "reads the body whole and json.loads it. Each size's result was built by its own "
        "emulator. The memory, profile and CPU runs (and their emulators) ran from the start "
        "of the bench at the lowest CPU priority (nice 19, and their sessions' scheduling "
        "groups too), on CPU time the timed scenarios left idle: peak RSS, CPU time and "
        "instruction counts do not depend on waiting for the CPU (sharing caches may add a "
        "little CPU time). The smaller results were converted one at a time, then the "
        "profile and CPU runs went on, beside the largest result's conversions, two at a "
        "time."
        + (
            " Not run, to stay within the time budget: naive "
            + ", ".join(f"{n:,} -> {f}" for n, f in sorted(plan.memory_naive_skip))
            + " (its 100,000-location runs, and the peak RSS of its end-to-end run, already "
            "show its memory growing with the result)."
            if plan.memory_naive_skip
            else ""
        ),
        f"Verdicts: 'flat' means bulk-enrich's peak RSS grows by at most "
        f"{100 * (RSS_FLAT_GROWTH - 1):.0f} % from the smallest to the largest result; 'O(log "
        "T) polls' means, for the jobs of 2 s and more (shorter ones sit on the 0.5 s latency "
        "floor), the polls added per unit of log(job length) do not grow from one step to the "
        "next (50 % and one poll of slack); a fixed or capped interval fails this.",
        "Client CPU per million comes from the end-to-end runs (whole process: start-up, "
        "reading, building and gzipping requests, polling, downloading, parsing, writing). "
        f"The profiles ran separately on {plan.profile_count:,} locations with each thread's "
        "CPU clock (cProfile inflates many small calls, so shares are indicative). The "
        f"{plan.cpu_count:,}-location CPU figures come from one run each of bulk-enrich, the "
        "naive client and the floor client (bench/floor.py: the naive flow with nothing but "
        "csv.reader, json.dumps, json.loads and csv.writer doing the work, no checks, no "
        "per-row dicts), one after the other beside the memory runs: what a CPython client "
        "cannot go below without native code. CPU seconds on a shared machine change with "
        "what else runs (by a third between runs here); where perf may count them, the "
        "instructions each client executed in user space are reported too, and do not.",
        f"Load average at the start: {results['machine'].get('load_average', '?')}; at the "
        f"end: {results.get('load_end', '?')} (other work on the machine lengthens wall times).",
    ]
    return out + [f"scenario {k} FAILED: {v}" for k, v in results.get("errors", {}).items()]


def run(plan: Plan, work: Path, wanted: Sequence[str]) -> dict[str, Any]:
    """Run the wanted scenarios; a scenario that fails is recorded and the others still run."""
    started = time.monotonic()
    results: dict[str, Any] = {
        "mode": "quick" if plan.quick else "full",
        "machine": machine.describe(),
        "plan": {
            k: sorted(v) if isinstance(v, set | frozenset) else v
            for k, v in vars(plan).items()
            if k != "notes"
        },
        "scenarios": {},
        "errors": {},
        "profile_count": plan.profile_count,
    }

    def attempt(name: str, fn: Callable[[], Any]) -> Any:
        try:
            value = fn()
        except Exception as exc:
            log.error("scenario %s failed: %s", name, exc)
            results["errors"][name] = "".join(traceback.format_exception_only(exc)).strip()
            log.debug("%s", traceback.format_exc())
            return None
        results["scenarios"][name] = value
        return value

    deadline = started + plan.budget

    def may_run(reserve: float) -> Callable[[float], bool]:
        return lambda expected: time.monotonic() + expected + reserve <= deadline

    log.info("generating inputs in %s", work / "data")
    if "e2e-ping" in wanted:
        datagen.locations_csv(work / "data", plan.ping_count)
    if "e2e-place" in wanted:
        datagen.places_csv(work / "data", plan.place_count)
    if "profile" in wanted:
        datagen.locations_csv(work / "data", plan.profile_count)

    # Two lanes. The timed scenarios (end to end, polling) run in the foreground; the memory,
    # profile and CPU scenarios, whose figures (peak RSS, CPU time, instructions) do not depend
    # on waiting for the CPU, run from the start at the lowest priority, on CPU time the
    # foreground leaves idle. The long polling jobs wait while the end-to-end runs go on.
    mem = MemoryScenario(plan, work) if "memory" in wanted else None

    def profile() -> None:
        prof = attempt("profile", lambda: profiles(plan, work))
        if prof:
            results["profiles"] = prof
        attempt("cpu", lambda: cpu_side_by_side(plan, work))

    side = profile if "profile" in wanted else None

    def background_lane() -> None:
        if mem is not None:
            attempt("memory", lambda: mem.run(alongside=side)[0])
        elif side is not None:
            side()

    e2e = Emulator(work / "logs", rate=plan.rate)

    def end_to_end_runs() -> None:
        if "e2e-ping" in wanted:
            reserve = plan.tail_reserve + (plan.place_reserve if "e2e-place" in wanted else 0)
            attempt("e2e-ping", lambda: end_to_end(plan, work, e2e, "ping", may_run(reserve)))
        if "e2e-place" in wanted:
            attempt(
                "e2e-place",
                lambda: end_to_end(plan, work, e2e, "place", may_run(plan.tail_reserve)),
            )

    try:
        with cf.ThreadPoolExecutor(1) as lane:
            if {"e2e-ping", "e2e-place"} & set(wanted):
                e2e.start()  # first: its start-up does not wait behind the polling emulators'
            if mem is not None:
                mem.prepare()
            background = lane.submit(background_lane)
            if "polling" in wanted:
                attempt("polling", lambda: polling_with(plan, work, 10.0, end_to_end_runs)[0])
            else:
                end_to_end_runs()
            background.result()
    finally:
        e2e.stop()
        if mem is not None:
            mem.close()

    results["duration_s"] = time.monotonic() - started
    rows, targets = build_rows(results)
    results["rows"] = rows
    results["targets"] = targets
    results["load_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    results["notes"] = notes(plan, results)
    return results


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``--quick``, ``--only``, ``--out``, ``--work``."""
    parser = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (about a minute)")
    parser.add_argument(
        "--only",
        default=",".join(SCENARIOS),
        help=f"comma-separated scenarios to run (default all: {','.join(SCENARIOS)})",
    )
    parser.add_argument(
        "--out",
        type=Path,
        help="where results.json and RESULTS.md go (default bench/ for a full run of every "
        "scenario, else WORK/results)",
    )
    parser.add_argument(
        "--work",
        type=Path,
        default=BENCH_DIR / "out",
        help="scratch directory for inputs, outputs and logs (default bench/out)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    args = parser.parse_args(argv)
    wanted = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(wanted) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenario(s): {', '.join(sorted(unknown))}")
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(message)s",
        datefmt="%H:%M:%S",
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    plan = Plan.small() if args.quick else Plan.full()
    work: Path = args.work / ("quick" if args.quick else "full")
    work.mkdir(parents=True, exist_ok=True)
    results = run(plan, work, wanted)
    full_set = not args.quick and set(wanted) == set(SCENARIOS)
    out_dir: Path = args.out or (BENCH_DIR if full_set else work / "results")
    json_path, md_path = report.write(results, out_dir)
    print()
    print(report.render_text(results))
    print(f"\nwrote {json_path} and {md_path}")
    return 1 if results["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
