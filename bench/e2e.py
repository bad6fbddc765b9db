"""Scenario 1, end to end: CSV to enriched CSV, wall time over the server's own busy time."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import datagen
from bench.clients import ping_argv, place_argv, staged
from bench.emulator_proc import (
    Emulator,
)
from bench.measure import (
    median,
    run_measured,
)
from bench.plan import (
    BULK,
    NAIVE,
    Plan,
    busy_seconds,
    count_rows,
    interleave,
)

log = logging.getLogger("bench")


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
        stages_path = work / "logs" / f"e2e-{api}-{strategy}-{i}.stages.json"
        stages_path.unlink(missing_ok=True)
        cpu0 = emu.cpu_seconds()
        log.info("end to end, %s, %s, %s items: run %d", api, strategy, f"{count:,}", i + 1)
        m = run_measured(
            staged(strategy, argv_of(strategy, plan, emu.url, inp, out), stages_path),
            timeout=plan.timeout,
            log_path=work / "logs" / f"e2e-{api}-{strategy}-{i}",
        )
        stages = json.loads(stages_path.read_text())
        stats = emu.stats()
        busy = busy_seconds(stats)
        span_info = stats.get("span") or {}
        span = span_info.get("seconds")
        rows = count_rows(out)
        out.unlink(missing_ok=True)
        polls = sum((stats.get("status_polls") or {}).values())
        run = {
            **m.summary(),
            # The stage sampler's own CPU is the bench's, not the client's.
            "cpu": m.cpu - stages["sampler"],
            "stages": stages,
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
            run["cpu"],
            m.max_rss_mb,
            f"{rows:,}",
        )
        if rows != count:
            raise RuntimeError(f"{strategy} wrote {rows:,} rows for {count:,} inputs ({api})")
        runs[strategy].append(run)
    return {
        "count": count,
        "runs": runs,
        "skipped": skipped,
        "median": _medians(runs),
        "stages": {s: stage_medians(r) for s, r in runs.items()},
    }


def stage_medians(runs: list[dict[str, Any]]) -> dict[str, float] | None:
    """Median CPU seconds per stage (and of the sampler) over a strategy's runs."""
    if not runs:
        return None
    keys = [*runs[0]["stages"]["seconds"], "sampler"]
    return {
        k: median([r["stages"]["seconds"].get(k, r["stages"].get(k, 0.0)) for r in runs])
        for k in keys
    }


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
        "server_span",
    )
    out: dict[str, dict[str, float | None]] = {}
    for strategy, items in runs.items():
        out[strategy] = {
            k: (median([r[k] for r in items if r.get(k) is not None]) if items else None)
            for k in keys
        }
    return out
