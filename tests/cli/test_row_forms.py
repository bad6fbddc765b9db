"""Per-row location forms, the header below title rows, id synonyms, restored ZIPs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bulk_enrich.cli.columns import find_header, normalize_header
from bulk_enrich.cli.errors import UsageError
from bulk_enrich.cli.forms import restore_zip
from bulk_enrich.cli.mapping import detect_mapping
from bulk_enrich.cli.readers import open_table
from bulk_enrich.cli.table import Row

from .conftest import KEY, read_csv

Run = Callable[..., tuple[int, str, str]]

TITLED = (
    "Statement of Values 2026,,,,,,,,\n"
    "Acme Insurance - prepared by J. Doe,,,,,,,,\n"
    "\n"
    "Location #,Building,Street Address,City,State,Zip,Lat,Long,TIV\n"
    "A1,Plant,100 Main St,Boston,MA,2110,,,100\n"
    'A2,Store,"2182 Cedar Ln, New Orleans, LA 70112",,,,,,200\n'
    "A3,Yard,,,,,41.8781,-87.6298,300\n"
    "A4,Empty,,,,,,,400\n"
    "A5,Zip4,1 Elm St,Boston,MA,2110-1234,,,500\n"
)


def test_the_header_is_found_below_title_rows(tmp_path: Path) -> None:
    src = tmp_path / "sov.csv"
    src.write_text(TITLED, encoding="utf-8")
    table = open_table(src)
    assert table.columns[:3] == ["Location #", "Building", "Street Address"]
    rows = list(table.rows())
    assert [r.values[0] for r in rows] == ["A1", "A2", "A3", "A4", "A5"]
    assert rows[0].where == "line 5"
    again = list(table.rows())  # a second read skips the titles too
    assert [r.values[0] for r in again] == ["A1", "A2", "A3", "A4", "A5"]


def test_header_row_overrides_and_is_checked(tmp_path: Path) -> None:
    src = tmp_path / "sov.csv"
    src.write_text(TITLED, encoding="utf-8")
    table = open_table(src, header_row=2)
    assert table.columns[0] == "Acme Insurance - prepared by J. Doe"
    with pytest.raises(UsageError, match=r"--header-row 3: sov\.csv has no header there"):
        open_table(src, header_row=3)  # a blank line


def test_find_header_prefers_the_row_naming_most_fields() -> None:
    rows = [["Portfolio"], ["", "Address", ""], ["Site ID", "Address", "City", "Zip"]]
    assert find_header(rows) == 2
    assert find_header([["a", "b"], ["c", "d"]]) == 0


@pytest.mark.parametrize(
    "header",
    ["Location #", "Loc No", "Site ID", "Building ID", "Bldg #", "Loc #", "Property ID"],
)
def test_id_synonyms(header: str) -> None:
    mapping = detect_mapping(Path("s.csv"), [header, "Address"], "ping")
    assert mapping.column("id") == header
    assert normalize_header("Loc #") == "loc_no"


def test_zip_and_zip4_get_their_zeros_back() -> None:
    assert restore_zip("2110", True, None, None) == "02110"
    assert restore_zip("21101234", True, "MA", None) == "02110-1234"
    assert restore_zip("21101234", True, None, None) == "21101234"  # not known to be US
    assert restore_zip("2110", False, "MA", None) == "02110"
    assert restore_zip("2110-1234", False, "ma", None) == "02110-1234"
    assert restore_zip("2110", False, "NSW", "Australia") == "2110"  # not US: kept
    assert restore_zip("110001", True, None, "IN") == "110001"
    mapping = detect_mapping(Path("s.xlsx"), ["id", "state", "zip"], "ping")
    assert mapping.location(Row(1, ["1", "NJ", 7030_1234.0], ""))["postal_code"] == "07030-1234"


def test_each_row_is_sent_in_the_richest_form_it_has() -> None:
    cols = ["id", "Street Address", "City", "State", "Zip", "Lat", "Lon"]
    mapping = detect_mapping(Path("s.csv"), cols, "ping")
    one_line = "2182 Cedar Ln, New Orleans, LA 70112"
    assert mapping.located(Row(1, ["1", one_line, "", "", "", "", ""], "")) == (
        {"id": "1", "address": one_line},
        "one-line",
    )
    assert mapping.located(Row(2, ["2", "1 Main St", "Boston", "MA", "", "", ""], "")) == (
        {"id": "2", "address_line_1": "1 Main St", "city": "Boston", "state": "MA"},
        "structured",
    )
    assert mapping.located(Row(3, ["3", "", "", "", "", "41.5", "-87.5"], ""))[1] == "coordinates"
    assert mapping.located(Row(4, ["4", "", "", "", "", "", ""], ""))[1] == "none"
    places = detect_mapping(Path("s.csv"), ["name", *cols[1:]], "places")
    job, form = places.place_located(Row(1, ["Cafe", one_line, "", "", "", "", ""], ""))
    assert (job["inputs"], form) == ({"name": "Cafe", "full_address": one_line}, "one-line")


def test_a_titled_sov_with_mixed_forms_is_enriched_row_by_row(
    emulator: Any, tmp_path: Path, run_cli: Run
) -> None:
    src = tmp_path / "sov.csv"
    src.write_text(TITLED, encoding="utf-8")
    out = tmp_path / "out.csv"
    args = ["ping", "enhance", str(src), "-o", str(out), "--sources", "PG"]
    code, _, err = run_cli(*args, "--base-url", emulator.base_url, "--api-key", KEY)
    assert code == 0, err
    assert "id <- 'Location #'" in err
    assert "rows per form: 2 structured, 1 one-line, 1 coordinates, 1 none" in err
    rows = read_csv(out)
    assert [r["input_form"] for r in rows] == [
        "structured",
        "one-line",
        "coordinates",
        "none",
        "structured",
    ]
    assert [r["PG.is_success"] for r in rows] == ["true", "true", "true", "false", "true"]
    assert rows[1]["PG.city"] == "New Orleans"
    assert rows[0]["PG.postal_code"] == "02110"  # the ZIP was sent with its zero
    assert [r["Zip"] for r in rows] == ["2110", "", "", "", "2110-1234"]  # input unchanged
    assert emulator.stats()["jobs_created"] == 1
