"""Scenario 4, client CPU: the profiles and the side-by-side CPU and instruction counts."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench import datagen
from bench.clients import ping_argv
from bench.emulator_proc import (
    PING_KEY,
    Emulator,
)
from bench.measure import (
    PYTHON,
    child_env,
    run_measured,
)
from bench.plan import (
    BULK,
    FLOOR,
    NAIVE,
    PING_SOURCES,
    Plan,
    count_rows,
)

log = logging.getLogger("bench")


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


def per_million(value: float | None, count: int, once: float = 0.0) -> float | None:
    """A run's figure for ``count`` items scaled to one million items, ``once`` of it (the
    start-up: the interpreter and its imports) counted once, as a run of a million pays it."""
    return None if value is None else (value - once) * 1_000_000 / count + once


def seq(values: Sequence[float]) -> list[float]:
    """Round for the report."""
    return [round(v, 3) for v in values]
