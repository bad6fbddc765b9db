"""Helpers for CLI tests: sample inputs and running ``bulk-enrich`` in-process or as a process."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from bulk_enrich.cli import main

KEY = "emulator-key"

SOV_HEADER = ["Loc #", "Building", "Street Address", "City", "State", "Zip", "Lat", "Long", "TIV"]
SOV_ROWS = [
    ["L1", "Main Plant", "100 MAIN ST", "Boston", "MA", "02110", "", "", "1000000"],
    ["L2", "Annex", "5 elm street", "austin", "tx", "", "", "", "250000"],
    ["", "No id", "9 Oak Ave", "Miami", "FL", "33101", "", "", "5"],
    ["L4", "Coords only", "", "", "", "", "41.8781", "-87.6298", "77"],
    ["L5", "Nothing usable", "", "", "", "", "", "", "12"],
    ["L6", "Tower", "1 Market St", "San Francisco", "CA", "94105", "37.79", "-122.39", "9"],
]


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    """Write a small CSV."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a CSV as dicts."""
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def sov_rows(count: int) -> list[list[str]]:
    """``count`` varied rows (cycling the sample rows with unique ids)."""
    rows = []
    for n in range(count):
        row = list(SOV_ROWS[n % len(SOV_ROWS)])
        row[0] = f"L{n:04d}"
        rows.append(row)
    return rows


@pytest.fixture
def sov_csv(tmp_path: Path) -> Path:
    """The small messy SOV."""
    return write_csv(tmp_path / "sov.csv", SOV_HEADER, SOV_ROWS)


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """Run ``bulk-enrich`` in-process; return (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse errors and --help
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run


def cli_process(*args: str, env: dict[str, str] | None = None) -> list[str]:
    """The argv that runs ``bulk-enrich`` as a separate process."""
    script = Path(sys.executable).parent / "bulk-enrich"
    if script.exists():
        return [str(script), *args]
    return [sys.executable, "-c", "import sys; from bulk_enrich.cli import main; sys.exit(main())",
            *args]  # fmt: skip


def run_process(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``bulk-enrich`` as a process and wait for it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PING_DATA", "PLACE_ENR"))}
    return subprocess.run(
        cli_process(*args), capture_output=True, text=True, timeout=timeout, env=env, check=False
    )
