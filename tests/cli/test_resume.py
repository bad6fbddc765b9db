"""Killed or interrupted runs resume from the journal: no chunk is submitted twice, and the
output is byte-identical to an uninterrupted run's."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from bulk_enrich.cli.journal import journal_path, parts_dir

from .conftest import KEY, SOV_HEADER, cli_process, run_process, sov_rows, write_csv

ROWS = 60
CHUNK = 15
CHUNKS = ROWS // CHUNK


def _args(emulator: Any, src: Path, out: Path) -> list[str]:
    # The sample rows repeat their addresses: --no-dedupe keeps one location per row sent
    # (50 of the 60 rows have something to locate: four chunks).
    return [
        "ping", "enhance", str(src), "-o", str(out), "--sources", "PG,PH",
        "--base-url", emulator.base_url, "--api-key", KEY, "--no-dedupe",
        "--chunk-size", str(CHUNK), "--concurrency", "1", "--progress", "none",
    ]  # fmt: skip


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _wait_for_first_job(
    proc: subprocess.Popen[str], journal: Path, timeout: float = 60
) -> dict[str, str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"the run ended early with {proc.returncode}")
        try:
            chunks: dict[str, str] = json.loads(journal.read_text())["chunks"]
        except (FileNotFoundError, ValueError, KeyError):
            chunks = {}
        if chunks:
            return chunks
        time.sleep(0.005)
    raise AssertionError("no job was recorded in time")


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_interrupted_run_resumes_without_resubmitting(
    emulator_factory: Any, tmp_path: Path, sig: signal.Signals
) -> None:
    # 1 location/s: the first job (15 locations) takes 15 s, so the run is still waiting on
    # it, with no second job submitted (--concurrency 1), when the signal lands, however slowly
    # a loaded machine schedules this test after the job is recorded.
    emulator = emulator_factory(rate=1.0, queue_delay=0.0)
    src = write_csv(tmp_path / "sov.csv", SOV_HEADER, sov_rows(ROWS))
    out = tmp_path / "resumed.csv"
    journal = journal_path(out)

    proc = subprocess.Popen(
        cli_process(*_args(emulator, src, out)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # A suite started in the background (``cmd &``) inherits SIGINT ignored: the CLI under
        # test gets the default disposition back, as in a terminal.
        preexec_fn=_default_sigint,
    )
    try:
        recorded = _wait_for_first_job(proc, journal)
        proc.send_signal(sig)
        _, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if sig == signal.SIGINT:
        assert proc.returncode == 130, stderr
        assert "run the same command again to resume" in stderr
        assert "Traceback" not in stderr
    else:
        assert proc.returncode == -signal.SIGKILL
    assert not out.exists()
    kept = json.loads(journal.read_text())["chunks"]
    assert kept == recorded == {"0": kept["0"]}
    assert emulator.stats()["jobs_created"] == 1

    emulator.configure(rate=20_000.0)
    done = run_process(*_args(emulator, src, out))
    assert done.returncode == 0, done.stderr
    assert "resuming: 1 recorded job(s)" in done.stderr
    stats = emulator.stats()
    assert stats["jobs_created"] == CHUNKS  # chunk 0 was reattached, not submitted again
    assert stats["downloads"].get(kept["0"]) == 1
    assert not journal.exists()
    assert not parts_dir(out).exists()

    reference = tmp_path / "uninterrupted.csv"
    done = run_process(*_args(emulator, src, reference))
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == reference.read_bytes()
