"""``cat sov.csv | bulk-enrich ping enhance - -o - > out.csv``, and its resume after a kill."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

from .conftest import KEY, SOV_HEADER, cli_process, sov_rows, write_csv

ROWS = 60
CHUNK = 15


def _args(emulator: Any) -> list[str]:
    return [
        "ping", "enhance", "-", "-o", "-", "--sources", "PG", "--no-dedupe",
        "--base-url", emulator.base_url, "--api-key", KEY,
        "--chunk-size", str(CHUNK), "--concurrency", "1", "--progress", "none",
    ]  # fmt: skip


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("PING_DATA", "PLACE_ENR"))}


def _pipe(emulator: Any, src: Path, cwd: Path) -> subprocess.Popen[bytes]:
    with src.open("rb") as stdin:
        return subprocess.Popen(
            cli_process(*_args(emulator)),
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
            env=_env(),
        )


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def test_stdin_to_stdout(emulator: Any, tmp_path: Path) -> None:
    src = write_csv(tmp_path / "sov.csv", SOV_HEADER, sov_rows(12))
    work = tmp_path / "work"
    work.mkdir()
    proc = _pipe(emulator, src, work)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    rows = _rows(out)
    assert [r["Loc #"] for r in rows] == [f"L{n:04d}" for n in range(12)]
    assert "rows written to stdout" in err.decode()
    assert list(work.iterdir()) == []  # no stand-in, journal or spool left behind


def test_a_killed_pipe_resumes_from_the_same_input(emulator_factory: Any, tmp_path: Path) -> None:
    # 25 locations/s: the first job (15 locations) takes about 0.6 s, so the run is still
    # waiting on it, with no second job submitted (--concurrency 1), when it is killed.
    emulator = emulator_factory(rate=25.0, queue_delay=0.0)
    src = write_csv(tmp_path / "sov.csv", SOV_HEADER, sov_rows(ROWS))
    work = tmp_path / "work"
    work.mkdir()
    journal = work / "bulk-enrich-stdout.csv.journal.json"
    proc = _pipe(emulator, src, work)
    try:
        deadline = time.monotonic() + 60
        while not (journal.exists() and json.loads(journal.read_text() or "{}").get("chunks")):
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            assert time.monotonic() < deadline, "no job was recorded in time"
            time.sleep(0.005)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert emulator.stats()["jobs_created"] == 1
    assert (work / "bulk-enrich-stdout.csv.parts" / "stdin.csv").read_bytes() == src.read_bytes()

    emulator.configure(rate=20_000.0)
    again = _pipe(emulator, src, work)
    out, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    assert "resuming: 1 recorded job(s)" in err.decode()
    rows = _rows(out)
    assert len(rows) == ROWS
    assert emulator.stats()["jobs_created"] == 4  # 50 of 60 rows to locate: the first reused
    assert list(work.iterdir()) == []
