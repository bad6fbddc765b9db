"""A statement of values as they really come, through the CLI: title rows, a header on row 3,
one-line addresses in the street column, coordinates only, ZIPs that lost their zeros,
formula-like text and duplicate buildings. Every locatable row is enriched, each distinct
location sent once, the input's cells come out unchanged and no formula is live."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .conftest import KEY

Run = Callable[..., tuple[int, str, str]]

openpyxl = pytest.importorskip("openpyxl")

TITLES = [["Statement of Values - renewal 2026"], ["Insured: Acme Holdings", None, "as of 1/1"]]
HEADER = ["Location #", "Building", "Street Address", "City", "State", "Zip", "Lat", "Long"]
DATA: list[list[Any]] = [
    ["M1", '=HYPERLINK("http://evil.test","x")', "100 Main St", "Boston", "MA", 2110, None, None],
    ["M2", "Store", "2182 Cedar Ln, New Orleans, LA 70112", None, None, None, None, None],
    ["M3", "+cmd|'/C calc'!A0", None, None, None, None, 41.8781, -87.6298],
    ["M4", "@SUM(1+1)", "100 MAIN ST.", "boston", "ma", 2110, None, None],  # M1 again
    ["M5", "Zip+4", "1 Elm St", "Boston", "MA", 21101234, None, None],
    ["M6", "-2+3", None, None, None, None, None, None],  # nothing to locate
    ["M7", "Warehouse", "2182 cedar ln,  new orleans, la 70112", None, None, None, None, None],
]
FORMS = ["structured", "one-line", "coordinates", "structured", "structured", "none", "one-line"]


def _workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [*TITLES, HEADER, *DATA]:
        sheet.append(row)
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, even when it looks like a formula
    book.save(path)
    return path


def _run(emulator: Any, run_cli: Run, src: Path, out: Path) -> str:
    code, _, err = run_cli(
        "ping", "enhance", str(src), "-o", str(out), "--sources", "PG,PH",
        "--base-url", emulator.base_url, "--api-key", KEY, "--progress", "none",
    )  # fmt: skip
    assert code == 0, err
    return err


def test_a_messy_sov_to_xlsx(emulator: Any, tmp_path: Path, run_cli: Run) -> None:
    src = _workbook(tmp_path / "sov.xlsx")
    out = tmp_path / "out.xlsx"
    err = _run(emulator, run_cli, src, out)
    assert "mapping: id <- 'Location #'" in err
    assert "saved 2 lookups: rows with a location an earlier row has" in err
    assert sum(job["size"] for job in emulator.stats()["jobs"].values()) == 4  # distinct
    sheet = openpyxl.load_workbook(out).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]  # no live formula
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    assert header[: len(HEADER)] == HEADER
    assert [list(r[: len(HEADER)]) for r in rows[1:]] == DATA  # input cells unchanged
    got = [dict(zip(header, r, strict=True)) for r in rows[1:]]
    assert [r["input_form"] for r in got] == FORMS
    for row, form in zip(got, FORMS, strict=True):
        assert row["PG.is_success"] is (form != "none"), row["Location #"]
    assert got[0]["PG.postal_code"] == "02110"  # sent with its leading zero back
    assert got[3]["PG.latitude"] == got[0]["PG.latitude"]  # the copy has its own result
    assert got[6]["PG.city"] == got[1]["PG.city"] == "New Orleans"


def test_a_messy_sov_to_csv(emulator: Any, tmp_path: Path, run_cli: Run) -> None:
    src = _workbook(tmp_path / "sov.xlsx")
    out = tmp_path / "out.csv"
    err = _run(emulator, run_cli, src, out)
    assert "formula-like texts escaped" in err
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert [r[1] for r in rows[1:]] == [
        "'" + DATA[0][1],
        "Store",
        "'+cmd|'/C calc'!A0",
        "'@SUM(1+1)",
        "Zip+4",
        "'-2+3",
        "Warehouse",
    ]
    assert [r[5] for r in rows[1:]] == ["2110", "", "", "2110", "21101234", "", ""]
    assert rows[3][7] == "-87.6298"  # a number, not a formula: as it was
