"""What the report's figures mean and how they were obtained (the notes under the table)."""

from __future__ import annotations

from typing import Any

from bench.plan import BULK, NAIVE, Plan
from bench.polling import POLL_SPREAD
from bench.rows import RSS_FLAT_GROWTH
from bench.stages import INTERVAL as STAGE_INTERVAL


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
    limits = place_limits(results)
    return out + ([limits] if limits else []) + _method_notes(plan, results)


def place_limits(results: dict[str, Any]) -> str:
    """What kept bulk-enrich's Place run from the server's pace, largest part first."""
    e2e = results["scenarios"].get("e2e-place")
    if not e2e or not e2e["runs"].get(BULK):
        return ""
    b = e2e["median"][BULK]
    if b.get("server_span") is None or b.get("before_first_job") is None:
        return ""
    parts = {
        "the server idle between jobs within its span (jobs not queued back to back)": (
            b["server_span"] - (b["server_busy"] or 0.0)
        ),
        "the client before the first job (start-up, reading and checking the input, "
        "pre-flight requests)": b["before_first_job"],
        "the client after the last job (the last results fetched, decoded and written)": b[
            "after_last_job"
        ],
    }
    ranked = [name for name, secs in sorted(parts.items(), key=lambda kv: -kv[1]) if secs > 0]
    text = (
        "Place end to end: of bulk-enrich's wall time beyond the server's own processing "
        "time, the largest part is " + ", then ".join(ranked) + "."
    )
    cores = int(results["machine"].get("nproc") or 1)
    busy_cpu = (b.get("cpu") or 0.0) + (b.get("emulator_cpu") or 0.0)
    if b.get("wall") and busy_cpu >= 0.75 * cores * b["wall"]:
        text += (
            " The machine's CPU limits it too: the client and the emulator together kept "
            f"the {cores} cores mostly busy"
        )
        if (b.get("emulator_cpu") or 0.0) > (b.get("server_busy") or 0.0):
            text += (
                ", the emulator using more CPU than its own processing time lasted (it "
                "builds every result page on request: the row 'emulator CPU')"
            )
        text += "."
    return text


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
        "Client CPU per million and per stage come from the end-to-end runs, each client "
        f"run under the stage sampler (bench/stages.py): {1 / STAGE_INTERVAL:g} times a "
        "second it reads the CPU "
        "clock of each of the client's Python threads and charges what the thread used since "
        "to the stage its stack is in, by module and function (bench/stagemap.py); CPU of "
        "threads outside Python (a native library's pool) goes to the stage of the thread "
        "waiting on that library. The sampler's own CPU is subtracted from the client's and "
        "shown apart. Start-up counts the interpreter's start and every import, lazy ones "
        "during the run included; a run of fewer than a million items is scaled to a million "
        "with its start-up counted once, as a run of a million pays it; 'other' also holds "
        "the CPU of threads that ended between "
        "two samples. Shares from sampling are statistical: a stage that runs briefly is "
        "measured less exactly than a long one.",
        f"The cProfile tables ran separately on {plan.profile_count:,} locations with each "
        "thread's CPU clock (cProfile inflates many small calls, so shares are indicative). "
        f"The {plan.cpu_count:,}-location CPU figures come from one run each of bulk-enrich, "
        "the naive client and the floor client (bench/floor.py: the naive flow with nothing "
        "but csv.reader, json.dumps, json.loads and csv.writer doing the work, no checks, no "
        "per-row dicts), one after the other beside the memory runs: what a CPython client "
        "cannot go below without native code. CPU seconds on a shared machine change with "
        "what else runs; where perf may count them, the instructions each client executed in "
        "user space are reported too, and do not.",
        "Import time: `import bulk_enrich` and `from bulk_enrich import PingData`, each timed "
        "inside a fresh interpreter (its own start-up not counted), median of "
        f"{(results['scenarios'].get('import') or {}).get('reps', '?')} runs, before any "
        "other scenario starts.",
        f"Load average at the start: {results['machine'].get('load_average', '?')}; at the "
        f"end: {results.get('load_end', '?')} (other work on the machine lengthens wall times).",
    ]
    return out + [f"scenario {k} FAILED: {v}" for k, v in results.get("errors", {}).items()]
