"""Crash and resume: the CLI as a real process, SIGKILLed at a chosen point, then rerun.

Kill points are found by watching the journal, the output directory and the emulator's
counters; the process is frozen (SIGSTOP) the moment the point is seen, the state is read,
then it is killed (SIGKILL), so what was on disk and on the server at the kill is known.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bulk_enrich.cli.journal import journal_path, parts_dir
from bulk_enrich_emulator import EmulatorConfig, FaultConfig, running

from faults.matrix import cli_args
from faults.support import write_input

POINTS = ("before first job", "between chunks", "mid-download", "while writing output")
#: How slow the emulator is made so each point has a window to land in.
DOWNLOAD_OPS = {"ping": "download_bulk_enhance_output", "places": "list_jobs"}
CREATE_OPS = {"ping": "start_bulk_enhance", "places": "create_batch"}


def cli_command(*args: str) -> list[str]:
    script = Path(sys.executable).parent / "bulk-enrich"
    if script.exists():
        return [str(script), *args]
    return [
        sys.executable,
        "-c",
        "import sys; from bulk_enrich.cli import main; sys.exit(main())",
        *args,
    ]


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("PING_DATA", "PLACE_ENR"))}


@dataclass
class CrashOutcome:
    """One kill and resume."""

    api: str
    point: str
    landed: str  # where the kill really landed (the point, or "missed: ...")
    chunks: int
    jobs_created: int
    recorded_at_kill: int
    output_at_kill: str  # "absent", "complete" (the rename had happened) or "partial"
    identical: bool
    stray_temp_files: int
    resume_exit: int
    resume_stderr: str

    @property
    def duplicates(self) -> int:
        return self.jobs_created - self.chunks


def _recorded(journal: Path) -> dict[str, str]:
    try:
        chunks: dict[str, str] = json.loads(journal.read_text())["chunks"]
        return chunks
    except (FileNotFoundError, ValueError, KeyError):
        return {}


def _created(stats: dict[str, Any], api: str) -> int:
    return int(stats["jobs_created"] if api == "ping" else stats["batches_created"])


def _output_temps(work: Path, out: Path) -> list[Path]:
    """Temporary files of the output being written (not of the journal): beside it, or the
    first pass in its parts directory."""
    beside = [
        p
        for p in work.iterdir()
        if p.name.startswith(f".{out.name}.") and ".journal." not in p.name
    ]
    parts = parts_dir(out)
    return beside + list(parts.glob(".first-pass.*")) + list(parts.glob("first-pass.*"))


def crash_and_resume(
    api: str, point: str, *, n: int, chunk: int, work: Path, reference: bytes, seed: int = 0
) -> CrashOutcome:
    """Start the CLI, kill it at ``point``, rerun it to the end, compare with ``reference``."""
    rng = random.Random(seed)
    work.mkdir(parents=True, exist_ok=True)
    src = write_input(work / f"crash-{api}.csv", api, n)
    out = work / f"crash-{api}.out.csv"
    journal = journal_path(out)
    chunks = -(-n // chunk)
    # Slow enough that each job takes a visible time; downloads slowed for "mid-download".
    settings: dict[str, Any] = {
        "rate": 400.0 if point != "while writing output" else 50_000.0,
        "queue_delay": 0.0,
        "seed": seed,
    }
    faults = FaultConfig()
    if point == "mid-download":
        faults = FaultConfig(latency=0.4, operations=frozenset({DOWNLOAD_OPS[api]}))
    with running(EmulatorConfig(**settings, faults=faults)) as emu:
        args = [*cli_args(api, src, out, emu.base_url, chunk), "--concurrency", "1", "-q"]
        proc = subprocess.Popen(
            cli_command(*args),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        target = rng.randint(1, max(1, chunks - 1))
        landed = "missed: the run ended first"
        output_at_kill = "absent"
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and proc.poll() is None:
                stats = emu.stats()
                requests = stats["requests"]
                if point == "before first job":
                    hit = journal.exists() and not requests.get(CREATE_OPS[api])
                elif point == "between chunks":
                    hit = len(_recorded(journal)) >= target
                elif point == "mid-download":
                    hit = requests.get(DOWNLOAD_OPS[api], 0) >= 1
                else:
                    hit = len(_recorded(journal)) == chunks and (
                        bool(_output_temps(work, out)) or out.exists()
                    )
                if hit:
                    if point == "between chunks":
                        time.sleep(rng.uniform(0.0, 0.05))
                    proc.send_signal(signal.SIGSTOP)
                    time.sleep(0.05)  # let requests already at the server settle
                    landed = point
                    break
                time.sleep(0.001)
            at_kill = emu.stats()
            recorded = len(_recorded(journal))
            if _created(at_kill, api) > recorded:
                landed = "missed: a job-creating request was in flight"
            if out.exists():
                output_at_kill = "complete" if out.read_bytes() == reference else "partial"
        finally:
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
            proc.communicate(timeout=30)
        if point == "before first job" and recorded:
            landed = "missed: the first job was already recorded"
        emu.configure(rate=50_000.0)
        emu.set_faults(FaultConfig())
        done = subprocess.run(
            cli_command(*cli_args(api, src, out, emu.base_url, chunk), "-q"),
            capture_output=True,
            text=True,
            timeout=120,
            env=_env(),
            check=False,
        )
        stats = emu.stats()
    stray = [p for p in work.iterdir() if p.name.startswith(f".{out.name}.")]
    return CrashOutcome(
        api=api,
        point=point,
        landed=landed,
        chunks=chunks,
        jobs_created=_created(stats, api),
        recorded_at_kill=recorded,
        output_at_kill=output_at_kill,
        identical=out.exists() and out.read_bytes() == reference,
        stray_temp_files=len(stray),
        resume_exit=done.returncode,
        resume_stderr=done.stderr.strip()[-500:],
    )


def leftovers(work: Path, api: str) -> list[str]:
    """Journal or parts directory left after a finished run (there should be none)."""
    out = work / f"crash-{api}.out.csv"
    return [p.name for p in (journal_path(out), parts_dir(out)) if p.exists()]
