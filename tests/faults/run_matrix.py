"""``make faults``: the whole reliability matrix, more repetitions and bigger runs than CI.

    .venv/bin/python tests/faults/run_matrix.py --full     # what make faults runs
    .venv/bin/python tests/faults/run_matrix.py --reps 1   # a quicker pass

Prints one table (Markdown): scenario, runs, locations, duplicates, lost, retries, outcome.
Every fault runs for both APIs in the three modes (library sync, library async, CLI); crash and
resume kills the CLI process at each point; a dead server must end in a clear error within the
retry budget; the hostile-server, secret-hygiene, transport and property suites run under
pytest (the property tests with more examples). Exit status 1 if any row failed.
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE.parent))

from faults.crash import POINTS, crash_and_resume, leftovers  # noqa: E402
from faults.matrix import FAULTS, MODES, dead_server, reference, run_scenario  # noqa: E402


@dataclass
class Row:
    """One line of the table."""

    scenario: str
    runs: int = 0
    locations: int = 0
    duplicates: int = 0
    lost: int = 0
    retries: int = 0
    resumes: int = 0
    failures: list[str] = field(default_factory=list)
    note: str = ""

    @property
    def outcome(self) -> str:
        if self.failures:
            return "FAIL: " + "; ".join(self.failures[:3])
        return "pass" + (f" ({self.note})" if self.note else "")


def fault_rows(reps: int, n: int, chunk: int, work: Path, log: Callable[[str], None]) -> list[Row]:
    rows = []
    for name, fault in FAULTS.items():
        row = Row(name)
        for api in fault.apis:
            for mode in MODES:
                for rep in range(reps):
                    o = run_scenario(name, api, mode, n=n, chunk=chunk, work=work, seed=rep + 1)
                    row.runs += 1
                    row.locations += o.locations
                    row.duplicates += o.duplicates
                    row.lost += o.lost + o.duplicated_rows
                    row.retries += o.retries
                    row.resumes += o.attempts - 1
                    if not o.ok:
                        row.failures.append(f"{api}/{mode}#{rep}: {o.error or 'counts'}")
                    if o.faults == 0:
                        row.failures.append(f"{api}/{mode}#{rep}: no fault injected")
                    log(
                        f"  {name} {api} {mode} #{rep}: dup={o.duplicates} lost={o.lost} "
                        f"retries={o.retries} attempts={o.attempts} faults={o.faults}"
                    )
        row.note = f"{row.resumes} resumed runs"
        rows.append(row)
    return rows


def crash_rows(reps: int, work: Path, log: Callable[[str], None]) -> list[Row]:
    rows = []
    for point in POINTS:
        row = Row(f"CLI killed {point}")
        missed = 0
        strays = 0
        for api in ("ping", "places"):
            n, chunk = (4000, 2000) if point == "while writing output" else (400, 50)
            ref = reference(api, "cli", n, chunk, work / "ref")
            for rep in range(reps):
                run_dir = work / f"crash-{api}-{point[:8].replace(' ', '_')}-{rep}"
                o = crash_and_resume(
                    api, point, n=n, chunk=chunk, work=run_dir, reference=ref, seed=rep
                )
                row.runs += 1
                row.locations += n
                row.duplicates += o.duplicates
                row.lost += 0 if o.identical else n
                strays += o.stray_temp_files
                if o.landed != point:
                    missed += 1
                bad = []
                if o.output_at_kill == "partial":
                    bad.append("partial output at kill")
                if o.resume_exit != 0:
                    bad.append(f"resume exit {o.resume_exit}: {o.resume_stderr[-120:]}")
                if not o.identical:
                    bad.append("output differs")
                if o.duplicates:
                    bad.append(f"{o.duplicates} duplicate jobs (landed: {o.landed})")
                if leftovers(run_dir, api):
                    bad.append("journal or parts left")
                if bad:
                    row.failures.append(f"{api}#{rep}: " + ", ".join(bad))
                log(
                    f"  killed {point} {api} #{rep}: landed={o.landed} jobs={o.jobs_created}/"
                    f"{o.chunks} at_kill={o.output_at_kill} identical={o.identical}"
                )
        notes = []
        if missed:
            notes.append(f"{missed} kills missed the point")
        if strays:
            notes.append(f"{strays} stray .tmp files")
        row.note = ", ".join(notes)
        rows.append(row)
    return rows


def dead_rows(reps: int, work: Path, log: Callable[[str], None]) -> list[Row]:
    rows = []
    for kind, label in (
        ("5xx", "dead server: every status call 503"),
        ("refused", "dead server: connection refused"),
    ):
        row = Row(label)
        most = 0
        for api in ("ping", "places"):
            for mode in MODES:
                for rep in range(reps):
                    o = dead_server(api, mode, kind, work / f"dead-{kind}-{api}-{mode}-{rep}")
                    row.runs += 1
                    row.locations += 40
                    row.duplicates += max(0, o.jobs_created - (2 if kind == "5xx" else 0))
                    most = max(most, o.requests)
                    # pre-flight reads, 2 submissions, 1 poll + 4 retries per job at most
                    budget = (2 if api == "ping" else 1) + 2 + 2 * 5
                    if kind == "5xx" and o.requests > budget:
                        row.failures.append(f"{api}/{mode}: {o.requests} requests")
                    if not o.error or "Traceback" in o.error:
                        row.failures.append(f"{api}/{mode}: no clear error")
                    log(f"  {label} {api} {mode}: {o.requests} requests: {o.error[:90]}")
        row.lost = 0
        row.note = (
            f"clear error; at most {most} requests per run"
            if kind == "5xx"
            else ("clear error, nothing created")
        )
        rows.append(row)
    return rows


SUITES = [
    (
        "hostile server (names, origins, redirects, bodies, turns)",
        "tests/faults/test_hostile_server.py",
        "0 writes outside the directory, 0 requests to other origins",
    ),
    (
        "floods, drips, bombs and lies (gzip bombs, dripping answers, cut downloads, deep JSON)",
        "tests/faults/test_hostile_bodies.py",
        "peak under 100 MiB, every wait ended at its deadline, nothing bad kept",
    ),
    (
        "listings that never end (growing total, same page, past the end)",
        "tests/faults/test_hostile_pages.py",
        "no loop, resume map kept",
    ),
    (
        "one run per output (a second run, symlinks, input edited mid-run)",
        "tests/cli/test_one_run_per_output.py",
        "0 jobs from a second run",
    ),
    (
        "secret hygiene (DEBUG, errors at every stage)",
        "tests/faults/test_secret_hygiene.py",
        "0 key leaks",
    ),
    ("transport safety", "tests/faults/test_transport_safety.py", ""),
    ("bad input (hypothesis, 10x examples)", "tests/property", "no traceback, nothing sent"),
]


def suite_rows(log: Callable[[str], None]) -> list[Row]:
    rows = []
    env = {**os.environ, "BULK_ENRICH_PROPERTY_EXAMPLES": "400"}
    for label, path, note in SUITES:
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", path],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        summary = (done.stdout.strip().splitlines() or ["?"])[-1]
        log(f"  {label}: {summary} ({time.monotonic() - started:.0f}s)")
        row = Row(label, runs=_count(summary, "passed") + _count(summary, "xfailed"))
        row.note = ", ".join(p for p in (note, summary.split(" in ")[0]) if p)
        if done.returncode != 0:
            row.failures.append(summary)
        rows.append(row)
    return rows


def _count(summary: str, word: str) -> int:
    for part in summary.replace(",", " ,").split(","):
        bits = part.split()
        if len(bits) >= 2 and bits[1] == word and bits[0].isdigit():
            return int(bits[0])
    return 0


def table(rows: list[Row]) -> str:
    lines = [
        "| scenario | runs | locations | duplicates | lost | retries | outcome |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r.scenario} | {r.runs} | {r.locations:,} | {r.duplicates} | {r.lost} | "
            f"{r.retries:,} | {r.outcome} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--full", action="store_true", help="3 repetitions, 1,000 locations")
    parser.add_argument("--reps", type=int, help="repetitions per cell")
    parser.add_argument("--locations", type=int, help="locations per fault run")
    parser.add_argument("--chunk", type=int, default=100, help="chunk size of fault runs")
    parser.add_argument("--no-suites", action="store_true", help="skip the pytest suites")
    parser.add_argument("-v", "--verbose", action="store_true", help="a line per run")
    args = parser.parse_args(argv)
    reps = args.reps or (3 if args.full else 1)
    n = args.locations or (1000 if args.full else 300)
    logging.basicConfig(level=logging.CRITICAL)  # the facade's retry warnings are counted
    logging.getLogger("bulk_enrich").setLevel(logging.WARNING)
    logging.getLogger("bulk_enrich").propagate = False
    logging.getLogger("bulk_enrich").addHandler(logging.NullHandler())

    def log(text: str) -> None:
        if args.verbose:
            print(text, file=sys.stderr, flush=True)

    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bulk-enrich-faults-") as tmp:
        work = Path(tmp)
        rows = fault_rows(reps, n, args.chunk, work / "matrix", log)
        rows += crash_rows(reps, work / "crash", log)
        rows += dead_rows(reps, work / "dead", log)
    if not args.no_suites:
        rows += suite_rows(log)
    print(table(rows))
    total_dup = sum(r.duplicates for r in rows)
    total_lost = sum(r.lost for r in rows)
    failed = [r for r in rows if r.failures]
    print(
        f"\n{sum(r.runs for r in rows)} runs in {time.monotonic() - started:.0f}s: "
        f"{total_dup} duplicated jobs, {total_lost} lost or duplicated rows, "
        f"{len(failed)} failing scenario(s)"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
