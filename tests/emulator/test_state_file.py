"""``--state PATH``: an emulator process restarted on the same file keeps its Ping jobs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from bulk_enrich import PingData

KEY = "emulator-key"


@contextmanager
def emulator_process(state: Path, data_dir: Path) -> Iterator[str]:
    """A separate emulator process on a free loopback port; stopped on exit."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bulk_enrich_emulator", "--port", "0", "--rate", "200",
         "--queue-delay", "0.02", "--state", str(state), "--data-dir", str(data_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        assert line.startswith("emulator listening on http://127.0.0.1:"), line
        yield line.rsplit(" ", 1)[1]
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()


def jobs_created(base_url: str) -> int:
    stats = httpx.get(f"{base_url}/_emulator/stats", timeout=30).json()
    return int(stats["jobs_created"])


def test_a_restarted_emulator_lets_resume_jobs_finish_with_no_new_job(tmp_path: Path) -> None:
    state, data = tmp_path / "state.sqlite", tmp_path / "data"
    locs = [{"id": f"l{i}", "address": f"{i} Main St, Springfield, IL 62701"} for i in range(30)]
    created: dict[int, str] = {}
    with emulator_process(state, data) as url, PingData(api_key=KEY, base_url=url) as ping:
        run = ping.iter_enhance_many(
            locs, sources=["PG"], chunk_size=10, on_job_created=created.__setitem__
        )
        with run:
            next(run)  # the first chunk is done; every job was submitted before it
        assert sorted(created) == [0, 1, 2]
        assert jobs_created(url) == 3
    with emulator_process(state, data) as url, PingData(api_key=KEY, base_url=url) as ping:
        results = ping.enhance_many(locs, sources=["PG"], chunk_size=10, resume_jobs=created)
        assert jobs_created(url) == 0
    assert list(results) == [loc["id"] for loc in locs]
    assert all(r.is_success for r in results.values())
    assert results.jobs == [created[i] for i in range(3)]
