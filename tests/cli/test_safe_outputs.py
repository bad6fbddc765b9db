"""Outputs safe to open: no live formulas in XLSX, escaped ones in CSV, changes counted."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bulk_enrich.cli.writers import WriteSettings, write_table

from .conftest import KEY, write_csv

Run = Callable[..., tuple[int, str, str]]

HEADER = ["Loc #", "Building", "Street Address", "City", "State", "Zip", "Lat", "Long", "Notes"]
LONG = "x" * 40_000
ROWS = [
    ["F1", "=1+1", "100 Main St", "Boston", "MA", "02110", "", "", '=HYPERLINK("http://x","y")'],
    ["F2", "+cmd|'/C calc'!A0", "5 Elm St", "Austin", "TX", "", "", "", "@SUM(A1:A2)"],
    ["F3", "-neg", "", "", "", "", "41.8781", "-87.6298", "\tTabbed"],
    ["F4", "ctrl\x01char", "1 Market St", "San Francisco", "CA", "94105", "", "", LONG],
]


def _run(run_cli: Run, emulator: Any, src: Path, out: Path, *extra: str) -> str:
    code, _, err = run_cli(
        "ping", "enhance", str(src), "-o", str(out), "--sources", "PG",
        "--base-url", emulator.base_url, "--api-key", KEY, *extra,
    )  # fmt: skip
    assert code == 0, err
    return err


def test_xlsx_text_is_never_a_formula_and_limits_are_reported(
    emulator: Any, tmp_path: Path, run_cli: Run
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    src = write_csv(tmp_path / "sov.csv", HEADER, ROWS)
    out = tmp_path / "out.xlsx"
    err = _run(run_cli, emulator, src, out)
    sheet = openpyxl.load_workbook(out).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert cells
    assert all(cell.data_type != "f" for cell in cells)
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [v[:2] for v in values] == [[r[0], r[1].replace("\x01", "")] for r in ROWS]
    assert values[0][8] == ROWS[0][8]  # the same text, as a string
    assert values[1][1] == "+cmd|'/C calc'!A0"
    assert values[3][8] == LONG[:32_767]
    assert "changed on the way out: 1 texts cut to XLSX's 32,767 characters" in err
    assert "1 texts with control characters XLSX cannot hold, removed" in err


def test_csv_escapes_formula_like_text_unless_raw(
    emulator: Any, tmp_path: Path, run_cli: Run
) -> None:
    src = write_csv(tmp_path / "sov.csv", HEADER, ROWS)
    out = tmp_path / "out.csv"
    err = _run(run_cli, emulator, src, out)
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert [r[1] for r in rows[1:]] == ["'=1+1", "'+cmd|'/C calc'!A0", "'-neg", "ctrl\x01char"]
    assert rows[1][8] == "'" + ROWS[0][8]
    assert rows[2][8] == "'@SUM(A1:A2)"
    assert rows[3][8] == "'\tTabbed"
    assert rows[3][7] == "-87.6298"  # a number is not a formula: kept
    assert "formula-like texts escaped" in err
    raw = tmp_path / "raw.csv"
    err = _run(run_cli, emulator, src, raw, "--csv-formulas", "raw")
    with raw.open(encoding="utf-8", newline="") as fh:
        assert [r[1] for r in list(csv.reader(fh))[1:]] == [r[1] for r in ROWS]
    assert "changed on the way out" not in err


def test_csv_dialect_follows_the_input_and_flags(tmp_path: Path) -> None:
    settings = WriteSettings(encoding="cp1252", delimiter=";", newline="\r\n")
    out = tmp_path / "o.csv"
    write_table(out, ["a", "b"], [["é", "€ \u4e00"], ["=x", "1"]], settings=settings)
    assert out.read_bytes() == b"a;b\r\n\xe9;\x80 ?\r\n'=x;1\r\n"
    assert sorted(settings.changes.values()) == [1, 1]  # one unencodable, one escaped


def test_output_line_endings_and_encoding_from_the_cli(
    emulator: Any, tmp_path: Path, run_cli: Run
) -> None:
    src = tmp_path / "crlf.csv"
    src.write_bytes(b"id;address\r\n1;1 Main St, Boston, MA 02110\r\n")
    out = tmp_path / "out.csv"
    _run(run_cli, emulator, src, out, "--output-encoding", "utf-8-sig")
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfid,address,input_form,")
    assert data.count(b"\r\n") == 2
    assert b"\n" not in data.replace(b"\r\n", b"")
    _run(run_cli, emulator, src, out, "--output-delimiter", ";")
    assert out.read_bytes().startswith(b"id;address;input_form;")


def test_a_blank_or_repeated_header_is_written_as_the_input_had_it(
    emulator: Any, tmp_path: Path, run_cli: Run
) -> None:
    src = tmp_path / "blank.csv"
    src.write_text('id,address,,address\n1,"1 Main St, Boston, MA",x,y\n', encoding="utf-8")
    out = tmp_path / "out.csv"
    _run(run_cli, emulator, src, out)
    assert out.read_text(encoding="utf-8").startswith("id,address,,address,input_form,PG.")
    jsonl = tmp_path / "out.jsonl"
    _run(run_cli, emulator, src, jsonl)  # JSON needs unique keys: the reader's names
    assert '"column_3": "x", "address_2": "y"' in jsonl.read_text(encoding="utf-8")
