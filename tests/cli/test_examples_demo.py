"""The committed sample inputs are what the generator makes; the demo runs and cleans up."""

from __future__ import annotations

import csv
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str) -> object:
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_examples_are_reproducible(tmp_path: Path) -> None:
    make_examples = _load("make_examples")
    assert make_examples.main(["--out", str(tmp_path)]) == 0  # type: ignore[attr-defined]
    for name in ("sov.csv", "stores.csv"):
        assert (tmp_path / name).read_bytes() == (ROOT / "examples" / name).read_bytes(), name


def test_examples_have_the_promised_mess() -> None:
    with (ROOT / "examples" / "sov.csv").open(newline="") as fh:
        sov = list(csv.DictReader(fh))
    assert 1900 <= len(sov) <= 2100
    streets = [r["Street Address"] for r in sov if r["Street Address"]]
    assert any(s.isupper() for s in streets)
    assert any(s.islower() for s in streets)
    assert sum(1 for r in sov if r["Street Address"] and not r["Zip"]) > 20
    coords_only = [r for r in sov if not r["Street Address"] and not r["City"] and r["Latitude"]]
    nothing = [r for r in sov if not r["Street Address"] and not r["Latitude"] and not r["City"]]
    assert len(coords_only) > 10
    assert 1 <= len(nothing) <= 40
    assert any(not r["Loc #"] for r in sov)
    with (ROOT / "examples" / "stores.csv").open(newline="") as fh:
        stores = list(csv.DictReader(fh))
    assert 450 <= len(stores) <= 550
    phones = [r["phone"] for r in stores if r["phone"]]
    assert all(re.fullmatch(r"\(\d{3}\) 555-01\d\d", p) for p in phones)  # fictional range


@pytest.mark.slow
def test_demo_writes_enriched_files_and_stops_the_emulator(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "demo.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "source PG: " in done.stderr
    assert "attribute websites: " in done.stderr
    for name, source in (("sov.enriched.csv", "sov.csv"), ("stores.enriched.csv", "stores.csv")):
        with (tmp_path / name).open(newline="") as out, (ROOT / "examples" / source).open() as src:
            assert sum(1 for _ in csv.reader(out)) == sum(1 for _ in csv.reader(src))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sov.enriched.csv", "stores.enriched.csv"]
    match = re.search(r"emulator: http://127\.0\.0\.1:(\d+)", done.stdout)
    assert match, done.stdout
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", int(match.group(1)))) != 0  # nothing listens
