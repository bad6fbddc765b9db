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
import os
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import datagen, machine, report
from bench.emulator_proc import Emulator
from bench.import_time import import_times
from bench.notes import notes
from bench.rows import build_rows
from bench.scenarios import (
    MemoryScenario,
    Plan,
    cpu_side_by_side,
    end_to_end,
    polling_with,
    profiles,
)

BENCH_DIR = Path(__file__).resolve().parent
SCENARIOS = ("e2e-ping", "e2e-place", "polling", "memory", "profile", "import")
log = logging.getLogger("bench")


def run(plan: Plan, work: Path, wanted: Sequence[str]) -> dict[str, Any]:
    """Run the wanted scenarios; a scenario that fails is recorded and the others still run."""
    runner = _Runner(plan, work, wanted)
    results = runner.results
    if "import" in wanted:  # first, on a machine the other scenarios do not load yet
        runner.attempt("import", lambda: import_times(plan.quick))
    _generate_inputs(plan, work, wanted)
    runner.run_lanes()
    results["duration_s"] = time.monotonic() - runner.started
    rows, targets = build_rows(results)
    results["rows"] = rows
    results["targets"] = targets
    results["load_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    results["notes"] = notes(plan, results)
    return results


def _generate_inputs(plan: Plan, work: Path, wanted: Sequence[str]) -> None:
    log.info("generating inputs in %s", work / "data")
    if "e2e-ping" in wanted:
        datagen.locations_csv(work / "data", plan.ping_count)
    if "e2e-place" in wanted:
        datagen.places_csv(work / "data", plan.place_count)
    if "profile" in wanted:
        datagen.locations_csv(work / "data", plan.profile_count)


class _Runner:
    """One bench run's scenarios, their results and their time budget.

    Two lanes. The timed scenarios (end to end, polling) run in the foreground; the memory,
    profile and CPU scenarios, whose figures (peak RSS, CPU time, instructions) do not depend
    on waiting for the CPU, run from the start at the lowest priority, on CPU time the
    foreground leaves idle. The long polling jobs wait while the end-to-end runs go on.
    """

    def __init__(self, plan: Plan, work: Path, wanted: Sequence[str]) -> None:
        self.plan, self.work, self.wanted = plan, work, wanted
        self.started = time.monotonic()
        self.deadline = self.started + plan.budget
        self.results: dict[str, Any] = {
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
        self.mem: MemoryScenario | None = None
        self.e2e: Emulator | None = None

    def attempt(self, name: str, fn: Callable[[], Any]) -> Any:
        """Run one scenario, keeping its result, or its error if it fails."""
        try:
            value = fn()
        except Exception as exc:
            log.error("scenario %s failed: %s", name, exc)
            self.results["errors"][name] = "".join(traceback.format_exception_only(exc)).strip()
            log.debug("%s", traceback.format_exc())
            return None
        self.results["scenarios"][name] = value
        return value

    def may_run(self, reserve: float) -> Callable[[float], bool]:
        """Whether a run expected to take so long still leaves ``reserve`` seconds."""
        return lambda expected: time.monotonic() + expected + reserve <= self.deadline

    def run_lanes(self) -> None:
        """The foreground lane (polling around the end-to-end runs) and the background one."""
        wanted = self.wanted
        self.mem = MemoryScenario(self.plan, self.work) if "memory" in wanted else None
        self.e2e = Emulator(self.work / "logs", rate=self.plan.rate)
        try:
            with cf.ThreadPoolExecutor(1) as lane:
                if {"e2e-ping", "e2e-place"} & set(wanted):
                    self.e2e.start()  # first: its start-up does not wait behind the others'
                if self.mem is not None:
                    self.mem.prepare()
                background = lane.submit(self.background_lane)
                if "polling" in wanted:
                    self.attempt(
                        "polling",
                        lambda: polling_with(self.plan, self.work, 10.0, self.end_to_end_runs)[0],
                    )
                else:
                    self.end_to_end_runs()
                background.result()
        finally:
            self.e2e.stop()
            if self.mem is not None:
                self.mem.close()

    def profile(self) -> None:
        """The profiles, then the side-by-side CPU figures."""
        prof = self.attempt("profile", lambda: profiles(self.plan, self.work))
        if prof:
            self.results["profiles"] = prof
        self.attempt("cpu", lambda: cpu_side_by_side(self.plan, self.work))

    def background_lane(self) -> None:
        """Memory, with the profile and CPU runs alongside, at the lowest priority."""
        side = self.profile if "profile" in self.wanted else None
        mem = self.mem
        if mem is not None:
            self.attempt("memory", lambda: mem.run(alongside=side)[0])
        elif side is not None:
            side()

    def end_to_end_runs(self) -> None:
        """Ping, then Place, end to end, each within what the budget leaves."""
        plan, work, e2e, wanted = self.plan, self.work, self.e2e, self.wanted
        assert e2e is not None
        if "e2e-ping" in wanted:
            reserve = plan.tail_reserve + (plan.place_reserve if "e2e-place" in wanted else 0)
            may_run = self.may_run(reserve)
            self.attempt("e2e-ping", lambda: end_to_end(plan, work, e2e, "ping", may_run))
        if "e2e-place" in wanted:
            may_run = self.may_run(plan.tail_reserve)
            self.attempt("e2e-place", lambda: end_to_end(plan, work, e2e, "place", may_run))


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
