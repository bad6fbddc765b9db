"""The bench's building blocks: they must measure what they claim (never speed itself)."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pytest

from bench import datagen, report
from bench.emulator_proc import PING_KEY, PLACE_KEY, PLACE_ORG, Emulator
from bench.measure import PYTHON, ClientFailed, run_measured
from bench.profile_run import main as profile_main
from bench.rows import build_rows, logarithmic
from bench.scenarios import BULK, NAIVE, busy_seconds, count_rows, interleave
from bench.stagemap import STAGES


def test_inputs_are_deterministic_and_well_formed(tmp_path: Path) -> None:
    a = datagen.location_rows(500)
    assert a == datagen.location_rows(500)
    assert a != datagen.location_rows(500, seed=9)
    assert len({r[0] for r in a}) == 500
    path = datagen.locations_csv(tmp_path, 300)
    with open(path, newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == list(datagen.LOCATION_COLUMNS)
    assert len(rows) == 300
    assert all(-90 <= float(r["latitude"]) <= 90 and r["address"] for r in rows)
    places = datagen.places_csv(tmp_path, 50)
    with open(places, newline="") as fh:
        prow = list(csv.DictReader(fh))
    assert list(prow[0]) == list(datagen.PLACE_COLUMNS)
    assert len(prow) == 50
    assert count_rows(path) == 300


def test_runs_alternate_between_strategies() -> None:
    assert interleave({BULK: 3, NAIVE: 2}) == [BULK, NAIVE, BULK, NAIVE, BULK]
    assert interleave({BULK: 1, NAIVE: 0}) == [BULK]


def test_server_time_is_the_union_of_job_intervals() -> None:
    jobs = {
        "a": {"started_at": 0.0, "finished_at": 2.0, "api": "ping"},
        "b": {"started_at": 1.0, "finished_at": 3.0, "api": "ping"},  # overlaps a
        "c": {"started_at": 10.0, "finished_at": 11.5, "api": "ping"},  # after a gap
        "d": {"started_at": 4.0, "finished_at": None, "api": "ping"},  # unfinished: ignored
    }
    assert busy_seconds({"jobs": jobs}) == pytest.approx(4.5)
    assert busy_seconds({"jobs": {}}) is None


def test_logarithmic_poll_growth_is_told_from_linear() -> None:
    times = [0.3, 3.0, 30.0, 120.0]
    assert logarithmic(times, [3, 8, 13, 16]) is True
    assert logarithmic(times, [1, 1, 7, 25]) is False  # a fixed 5 s interval
    assert logarithmic(times[:2], [3, 8]) is None


def test_measurement_sees_the_childs_cpu_and_memory(tmp_path: Path) -> None:
    code = "x = bytearray(120 * 1024 * 1024)\nsum(range(3_000_000))\nprint('ok')"
    m = run_measured([PYTHON, "-c", code], timeout=60, log_path=tmp_path / "child")
    assert m.stdout.strip() == "ok"
    assert m.max_rss_mb >= 120
    assert m.cpu > 0
    assert m.wall > 0
    with pytest.raises(ClientFailed, match="exit 3"):
        run_measured([PYTHON, "-c", "raise SystemExit(3)"], timeout=60, log_path=tmp_path / "f")
    with pytest.raises(ClientFailed, match="timed out"):
        run_measured(
            [PYTHON, "-c", "import time; time.sleep(30)"], timeout=0.5, log_path=tmp_path / "t"
        )


def test_profile_covers_worker_threads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    module = tmp_path / "busy_mod.py"
    module.write_text(
        "import threading\n"
        "def spin_in_thread():\n"
        "    return sum(i * i for i in range(400_000))\n"
        "def main(argv):\n"
        "    t = threading.Thread(target=spin_in_thread)\n"
        "    t.start(); t.join()\n"
        "    return 0\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    out = tmp_path / "prof.json"
    assert profile_main([str(out), "busy_mod:main"]) == 0
    data = json.loads(out.read_text())
    names = [r["function"] for r in data["by_cumtime"]]
    assert any("spin_in_thread" in n for n in names)
    assert data["profiled_seconds"] > 0
    sys.modules.pop("busy_mod", None)


def _fake_results() -> dict:
    e2e = {
        "count": 1000,
        "median": {
            BULK: {
                "wall": 1.1,
                "server_busy": 1.0,
                "ratio": 1.1,
                "cpu": 3.0,
                "max_rss_mb": 60.0,
                "jobs": 5,
                "status_polls": 9,
            },
            NAIVE: {
                "wall": 6.0,
                "server_busy": 1.0,
                "ratio": 6.0,
                "cpu": 5.0,
                "max_rss_mb": 90.0,
                "jobs": 1,
                "status_polls": 2,
            },
        },
    }
    poll = {
        "jobs": [
            {
                "job_time": t,
                BULK: {"latency": 0.2, "latency_max": 0.3, "polls": p},
                NAIVE: {"latency": 2.5, "latency_max": 4.0, "polls": q},
            }
            for t, p, q in ((0.3, 3, 1), (3.0, 6, 2), (30.0, 9, 7), (120.0, 12, 25))
        ]
    }
    mem = {
        "runs": [
            {
                "count": n,
                "format": "csv",
                "result_bytes": n * 900,
                BULK: {"max_rss_mb": 60.0 + n / 1e5},
                NAIVE: {"max_rss_mb": n / 1e3},
            }
            for n in (100_000, 1_000_000)
        ]
    }
    e2e["stages"] = {
        BULK: dict.fromkeys(STAGES, 0.0) | {"startup": 0.5, "write": 0.5, "decode": 2.0},
        NAIVE: dict.fromkeys(STAGES, 0.0) | {"write": 0.2, "decode": 4.8, "sampler": 0.01},
    }
    return {
        "mode": "quick",
        "duration_s": 12.0,
        "machine": {
            "date": "d",
            "nproc": 2,
            "memory": "1Gi",
            "cpu_model": "cpu",
            "python": "3.11",
            "platform": "linux",
            "load_average": "0",
        },
        "scenarios": {"e2e-ping": e2e, "polling": poll, "memory": mem},
        "notes": ["a note"],
    }


def test_table_shows_both_strategies_ratios_and_verdicts(tmp_path: Path) -> None:
    results = _fake_results()
    rows, targets = build_rows(results)
    results["rows"], results["targets"] = rows, targets
    verdicts = {t["target"]: t["met"] for t in targets}
    assert verdicts["end-to-end ratio <= 1.05 (Ping)"] is False  # 1.1
    assert verdicts["detection latency <= max(0.5 s, 10 % of job) (30 s job)"] is True
    assert verdicts["status requests grow as O(log T)"] is True
    assert verdicts["peak RSS <= 150 MB and flat (csv)"] is True  # 61 -> 70 MB
    assert verdicts["client CPU <= 0.25 x the naive baseline's (Ping)"] is False  # 3.0 vs 5.0
    figures = {t["target"]: t["figure"] for t in targets}
    # per million, start-up once: (3.0 - 0.5) x 1,000 + 0.5 and 5.0 x 1,000 (no start-up)
    assert figures["client CPU <= 0.25 x the naive baseline's (Ping)"] == [2500.5, 5000.0]
    text = report.render_text(results)
    assert BULK in text
    assert NAIVE in text
    assert "5.5x" in text
    json_path, md_path = report.write(results, tmp_path)
    assert json.loads(json_path.read_text())["rows"]
    markdown = md_path.read_text()
    assert "| 1. end to end, Ping 1,000 locations | wall time | 1.1 s | 6.0 s | 5.5x |" in markdown
    assert "## Where the client's CPU goes, per stage" in markdown
    # 0.5 s of 3.0 s writing over 1,000 locations: 500 us per location
    assert "| joining and writing the output | 500.0 | 200.0 |" in markdown
    assert "| **total** | 3000.0 | 5000.0 |" in markdown


def test_naive_client_enriches_csv_to_csv(tmp_path: Path) -> None:
    inp = datagen.locations_csv(tmp_path, 250)
    places = datagen.places_csv(tmp_path, 120)
    with Emulator(tmp_path / "logs", rate=50_000.0) as emu:
        emu.configure(queue_delay=0.01)
        out = tmp_path / "out.csv"
        run_measured(
            [
                PYTHON,
                "-m",
                "bench.naive",
                "ping",
                str(inp),
                "-o",
                str(out),
                "--base-url",
                emu.url,
                "--api-key",
                PING_KEY,
                "--chunk-size",
                "100",
                "--poll",
                "0.05",
            ],
            timeout=120,
            log_path=tmp_path / "naive-ping",
        )
        stats = emu.stats()
        assert stats["jobs_created"] == 3  # one job per 100 locations, one at a time
        with open(out, newline="") as fh:
            rows = list(csv.DictReader(fh))
        assert [r["id"] for r in rows] == [f"L{i:07d}" for i in range(1, 251)]
        assert rows[0]["PG.is_success"] == "True"
        assert rows[0]["PG.latitude"]
        assert "PH.is_success" in rows[0]
        pout = tmp_path / "places.csv"
        run_measured(
            [
                PYTHON,
                "-m",
                "bench.naive",
                "places",
                str(places),
                "-o",
                str(pout),
                "--base-url",
                emu.url,
                "--api-key",
                PLACE_KEY,
                "--org",
                PLACE_ORG,
                "--chunk-size",
                "50",
                "--poll",
                "0.05",
            ],
            timeout=120,
            log_path=tmp_path / "naive-place",
        )
        with open(pout, newline="") as fh:
            prow = list(csv.DictReader(fh))
        assert len(prow) == 120
        assert prow[0]["status"] == "completed"
        assert any(k.startswith("outputs.") for k in prow[0])
        assert emu.stats()["batches_created"] == 3


def test_log_verdict_passes_a_relative_schedule_and_fails_capped_or_fixed_ones() -> None:
    from bench.rows import logarithmic

    times = [0.3, 3.0, 30.0, 120.0]
    assert logarithmic(times, [3, 10, 36, 52]) is True  # 9 % of elapsed, 0.4 s floor
    assert logarithmic(times, [3, 7, 12, 18]) is False  # 1.6x up to a 15 s cap
    assert logarithmic(times, [2, 2, 8, 27]) is False  # every 5 s
    assert logarithmic([0.3, 3.0], [1, 2]) is None  # too few jobs past the floor
