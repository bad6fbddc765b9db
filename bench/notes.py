"""What the report's figures mean and how they were obtained (the notes under the table)."""

from __future__ import annotations

from typing import Any

from bench.plan import BULK, NAIVE, Plan
from bench.polling import POLL_SPREAD
from bench.rows import RSS_FLAT_GROWTH


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
    ]
    return out + _method_notes(plan, results)


def _method_notes(plan: Plan, results: dict[str, Any]) -> list[str]:
    """How polling, memory and CPU were measured, the verdicts, the load, any failures."""
    out = [
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
        "Import time: `import bulk_enrich` and `from bulk_enrich import PingData`, each timed "
        "inside a fresh interpreter (its own start-up not counted), median of "
        f"{(results['scenarios'].get('import') or {}).get('reps', '?')} runs, before any "
        "other scenario starts.",
        f"Load average at the start: {results['machine'].get('load_average', '?')}; at the "
        f"end: {results.get('load_end', '?')} (other work on the machine lengthens wall times).",
    ]
    return out + [f"scenario {k} FAILED: {v}" for k, v in results.get("errors", {}).items()]
