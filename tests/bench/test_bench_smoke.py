"""``make bench-quick`` still works: every scenario runs and reports both strategies.

Only that the bench works is checked, never its times.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from bench.measure import PYTHON, REPO, child_env
from bench.scenarios import BULK, NAIVE


def _run_bench(tmp_path: Path, *extra: str) -> tuple[subprocess.CompletedProcess[str], dict]:
    out = tmp_path / "results"
    proc = subprocess.run(
        [
            PYTHON,
            str(REPO / "bench" / "run.py"),
            "--quick",
            "--work",
            str(tmp_path / "work"),
            "--out",
            str(out),
            *extra,
        ],
        cwd=REPO,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=840,  # a loaded 2-core machine; the run itself takes about a minute
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc, json.loads((out / "results.json").read_text())


@pytest.mark.timeout(900)
def test_quick_end_to_end_ping_reports_both_strategies(tmp_path: Path) -> None:
    proc, results = _run_bench(tmp_path, "--only", "e2e-ping")
    e2e = results["scenarios"]["e2e-ping"]
    for strategy in (BULK, NAIVE):
        (run,) = e2e["runs"][strategy]
        assert run["rows"] == e2e["count"]
        assert run["server_busy"] > 0
        assert run["cpu"] > 0
        assert run["max_rss_mb"] > 0
        assert run["stages"]["seconds"]["startup"] > 0  # run under the stage sampler
    assert e2e["runs"][BULK][0]["jobs"] > e2e["runs"][NAIVE][0]["jobs"]  # chunked vs one job
    assert "wall / server time (limit 1.0)" in proc.stdout
    markdown = (tmp_path / "results" / "RESULTS.md").read_text()
    assert markdown.startswith("# Benchmark results")
    assert "## Where the client's CPU goes, per stage" in markdown


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_quick_bench_runs_every_scenario(tmp_path: Path) -> None:
    proc, results = _run_bench(tmp_path)
    assert results["errors"] == {}
    scenarios = {"e2e-ping", "e2e-place", "polling", "memory", "profile", "cpu", "import"}
    assert set(results["scenarios"]) == scenarios
    imported = results["scenarios"]["import"]
    assert set(imported["statements"]) == {"import bulk_enrich", "from bulk_enrich import PingData"}
    assert all(0 < s["median_ms"] < 10_000 for s in imported["statements"].values())
    assert any(r["scenario"] == "5. import time" for r in results["rows"])
    for entry in results["scenarios"]["polling"]["jobs"]:
        for strategy in (BULK, NAIVE):
            assert entry[strategy]["polls"] >= 1
            assert entry[strategy]["latency"] > -0.05  # known after the emulator finished
    for entry in results["scenarios"]["memory"]["runs"]:
        assert entry["result_bytes"] > 0
        assert entry[BULK]["rows"] == entry[NAIVE]["rows"] == entry["count"]
    for strategy in (BULK, NAIVE):
        assert results["profiles"][strategy]["by_tottime"]
    cpu = results["scenarios"]["cpu"]
    assert cpu[BULK] > 0
    assert cpu[NAIVE] > 0
    assert cpu["floor"] > 0
    targets = {t["target"] for t in results["targets"]}
    assert "client CPU <= 0.25 x the naive baseline's (Ping)" in targets
    assert "client CPU <= 0.35 x the naive baseline's (Place)" in targets
    assert "naive / bulk" in proc.stdout
