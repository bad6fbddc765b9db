"""The input read ahead while a command sets up: handed over once, only if unchanged."""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path
from typing import Any

import pytest
from bulk_enrich.cli import columnar_prepare
from bulk_enrich.cli.columnar_prepare import read_ahead, reading_ahead

from .conftest import KEY, read_csv


def _csv(tmp_path: Path, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_text("id,address\n1,1 Main St Boston MA\n2,5 Elm St Austin TX\n")
    return path


def test_the_bytes_read_ahead_are_handed_over_once(tmp_path: Path) -> None:
    path = _csv(tmp_path)
    data = path.read_bytes()
    with reading_ahead(path):
        assert read_ahead(path) == (data, hashlib.sha256(data).hexdigest())
        assert read_ahead(path) is None  # taken
    assert read_ahead(path) is None
    assert not columnar_prepare._AHEAD
    assert not [t for t in threading.enumerate() if t.name == "bulk-enrich-read"]


def test_a_file_changed_since_it_was_read_is_not_handed_over(tmp_path: Path) -> None:
    path = _csv(tmp_path)
    with reading_ahead(path):
        columnar_prepare._AHEAD[path].join()
        path.write_text("id,address\n9,another file\n")
        os.utime(path, ns=(1, 1))
        assert read_ahead(path) is None


@pytest.mark.parametrize(
    ("name", "fmt"), [("in.xlsx", None), ("in.csv", "jsonl"), ("missing.csv", None)]
)
def test_other_inputs_are_not_read_ahead(tmp_path: Path, name: str, fmt: str | None) -> None:
    path = _csv(tmp_path, name) if name != "missing.csv" else tmp_path / name
    with reading_ahead(path, fmt):
        assert read_ahead(path) is None
    with reading_ahead(None):
        pass


def test_a_run_reads_its_input_once_ahead(
    emulator: Any, tmp_path: Path, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bulk_enrich.cli import prepare

    path = _csv(tmp_path)
    out = tmp_path / "out.csv"
    reads: list[str] = []
    real = columnar_prepare.whole_file

    def counted(file: Path) -> bytes | None:
        reads.append(threading.current_thread().name)
        return real(file)

    monkeypatch.setattr(columnar_prepare, "whole_file", counted)
    monkeypatch.setattr(prepare, "whole_file", counted)
    code, _, err = run_cli(
        "ping", "enhance", str(path), "-o", str(out), "--sources", "PG",
        "--api-key", KEY, "--base-url", emulator.base_url,
    )  # fmt: skip
    assert code == 0, err
    assert reads == ["bulk-enrich-read"]  # read once, by the read-ahead
    assert [row["id"] for row in read_csv(out)] == ["1", "2"]
    assert not columnar_prepare._AHEAD
