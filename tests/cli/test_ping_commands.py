"""``ping status / download / datasources / usage`` and ``--help`` against the emulator."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bulk_enrich import PingData

from .conftest import KEY

Run = Callable[..., tuple[int, str, str]]


def _conn(emulator: Any) -> list[str]:
    return ["--base-url", emulator.base_url, "--api-key", KEY]


@pytest.fixture
def finished_job(emulator: Any) -> str:
    with PingData(api_key=KEY, base_url=emulator.base_url) as ping:
        job = ping.submit([{"id": "a", "address": "1 Main St, Boston, MA"}], sources=["PG"])
        job.wait(timeout=30)
        return str(job.id)


def test_status_text_and_json(emulator: Any, finished_job: str, run_cli: Run) -> None:
    code, out, err = run_cli("ping", "status", finished_job, *_conn(emulator))
    assert code == 0, err
    assert out.startswith(f"job {finished_job}: COMPLETE")
    assert "requested 1, completed 1" in out
    assert "output: " in out
    code, out, err = run_cli("ping", "status", finished_job, "--json", *_conn(emulator))
    assert code == 0, err
    assert json.loads(out)["request"]["status"] == "COMPLETE"
    assert KEY not in out


def test_status_of_unknown_job(emulator: Any, run_cli: Run) -> None:
    code, _, err = run_cli("ping", "status", "no-such-job", *_conn(emulator))
    assert code == 1
    assert err.startswith("bulk-enrich: error:")
    assert len(err.strip().splitlines()) == 1


def test_download(emulator: Any, finished_job: str, tmp_path: Path, run_cli: Run) -> None:
    code, out, err = run_cli("ping", "download", finished_job, "-d", str(tmp_path / "d"),
                             *_conn(emulator))  # fmt: skip
    assert code == 0, err
    paths = [Path(p) for p in out.split()]
    assert paths
    assert all(p.parent == tmp_path / "d" for p in paths)
    data = json.loads(paths[0].read_text())
    assert data["a"]["PG"]["is_success"] is True


def test_datasources(emulator: Any, run_cli: Run) -> None:
    code, out, err = run_cli("ping", "datasources", *_conn(emulator))
    assert code == 0, err
    codes = [line.split()[0] for line in out.splitlines()]
    assert "PG" in codes
    assert "PH" in codes
    code, out, _ = run_cli("ping", "datasources", "--json", *_conn(emulator))
    assert "PG" in json.loads(out)


def test_usage(emulator: Any, finished_job: str, run_cli: Run) -> None:
    code, out, err = run_cli("ping", "usage", "--start", "-1h", *_conn(emulator))
    assert code == 0, err
    assert out.startswith("usage ")
    code, out, _ = run_cli("ping", "usage", "--json", *_conn(emulator))
    assert "totals" in json.loads(out)


def test_environment_picks_documented_host(
    run_cli: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("PING_DATA_BASE_URL", raising=False)
    code, _, err = run_cli("ping", "datasources", "--environment", "moon", "--api-key", "k")
    assert code == 2
    assert "unknown environment 'moon'" in err


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["ping"],
        ["ping", "enhance"],
        ["ping", "status"],
        ["ping", "download"],
        ["ping", "datasources"],
        ["ping", "usage"],
        ["places"],
        ["places", "enrich"],
        ["places", "batch"],
        ["places", "batches"],
        ["places", "reprocess"],
        ["places", "results"],
    ],
)
def test_help_everywhere_has_examples(run_cli: Run, command: list[str]) -> None:
    code, out, _ = run_cli(*command, "--help")
    assert code == 0
    assert "example" in out
    assert "bulk-enrich" in out


def test_emulator_command_is_delegated(run_cli: Run) -> None:
    code, out, _ = run_cli("emulator", "--help")
    assert code == 0
    assert "bulk-enrich emulator" in out
    assert "--polls-to-complete" in out


def test_bad_usage_exits_2(run_cli: Run) -> None:
    assert run_cli("ping", "enhance", "x.csv")[0] == 2  # no -o / --sources
    assert run_cli("nope")[0] == 2
