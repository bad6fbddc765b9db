"""Property-based tests of the input readers and validation (hypothesis).

For any CSV or XLSX input: no traceback reaches the user, every input error names the file
(and the row and column when it is about a row), and nothing is sent unless the whole input
validated. For any list of locations or places: validation returns or raises
``InvalidInputError`` naming each offending item, never anything else.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bulk_enrich import InvalidInputError
from bulk_enrich.cli.errors import InputError, UsageError
from bulk_enrich.cli.readers import open_table
from bulk_enrich.engine.inputs import normalize_locations, normalize_places
from faults.hostile import HostileServer
from faults.matrix import run_cli
from faults.support import serve
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

KEY = "property-test-key"
#: ``make faults`` raises this tenfold.
EXAMPLES = int(os.environ.get("BULK_ENRICH_PROPERTY_EXAMPLES", "40"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
HEADERS = [
    "Loc #",
    "id",
    "Street Address",
    "address",
    "City",
    "State",
    "Zip",
    "Lat",
    "Long",
    "Latitude",
    "Longitude",
    "TIV",
    "Building",
    "",
    "name",
    "Lat",
]
CELL = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "L1",
            "L2",
            "100 Main St",
            "Boston",
            "MA",
            "02110",
            "41.9",
            "-87.6",
            "91",
            "-181",
            "abc",
            "1e400",
            "nan",
            "NaN",
            "inf",
            "=1+2",
            '"quoted"',
            "a,b",
            "line\nbreak",
            "\u00e9\u00e8",
            "\ufeffbom",
            "0",
        ]
    ),
    st.text(max_size=12),
)


@pytest.fixture(scope="module")
def server() -> Iterator[HostileServer]:
    app = HostileServer()
    with serve(app) as served:
        app.base_url = served.base_url
        yield app


def _check_cli(server: HostileServer, src: Path, out: Path) -> None:
    before = len(server.requests)
    code, err = run_cli(
        [
            "ping",
            "enhance",
            str(src),
            "-o",
            str(out),
            "--sources",
            "PG",
            "--base-url",
            server.base_url,
            "--api-key",
            KEY,
            "--progress",
            "none",
            "-q",
        ]
    )
    assert "Traceback" not in err
    assert code in (0, 1, 2), err
    sent = len(server.requests) - before
    event(f"exit {code}")
    if code == 0:
        assert out.exists()
        return
    last = err.strip().splitlines()[-1]
    assert last.startswith("bulk-enrich: error:"), err
    assert code == 2, err  # the server answers everything: only the input can be at fault
    assert sent == 0, "a request was sent although the input did not validate"
    assert not out.exists()
    if src.name in last or "row " in last:
        assert src.name in last, last
    if " row " in last:
        assert "column" in last, f"a row error must name its column: {last}"


@SETTINGS
@given(
    header=st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8),
    rows=st.lists(st.lists(CELL, max_size=9), max_size=12),
)
def test_any_csv_gives_a_result_or_a_located_error(
    server: HostileServer, header: list[str], rows: list[list[str]]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.csv"
        with src.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            writer.writerows(rows)
        _check_cli(server, src, Path(tmp) / "out.csv")


XLSX_CELL = st.one_of(
    st.none(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.dates(),
    st.sampled_from(["L1", "L2", "100 Main St", "Boston", "MA", "02110", "91", "abc", ""]),
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FF), max_size=10),
)


@SETTINGS
@given(
    header=st.lists(
        st.one_of(st.sampled_from(HEADERS), st.none(), st.integers(0, 9)), min_size=1, max_size=7
    ),
    rows=st.lists(st.lists(XLSX_CELL, max_size=8), max_size=10),
)
def test_any_xlsx_gives_a_result_or_a_located_error(
    server: HostileServer, header: list[Any], rows: list[list[Any]]
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.xlsx"
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        book.save(src)
        _check_cli(server, src, Path(tmp) / "out.csv")


@settings(max_examples=EXAMPLES * 4, deadline=None)
@given(
    data=st.binary(max_size=400),
    suffix=st.sampled_from([".csv", ".tsv", ".jsonl", ".json", ".xlsx"]),
)
def test_readers_raise_only_input_errors_on_arbitrary_bytes(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"in{suffix}"
        path.write_bytes(data)
        problem: str | None = None
        try:
            table = open_table(path)
            for row in table.rows():
                assert len(row.values) == len(table.columns)
        except InputError as exc:
            problem = str(exc)
        except UsageError:
            problem = path.name
        assert problem is None or path.name in problem


def _check_problems(exc: InvalidInputError, count: int) -> None:
    assert exc.problems
    for index, _item_id, text in exc.problems:
        assert index is not None
        assert 0 <= index <= count
        assert text


LOCATION_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=8),
    st.lists(st.text(max_size=3), max_size=2),
)
LOCATION = st.dictionaries(
    st.sampled_from(
        [
            "id",
            "address",
            "latitude",
            "longitude",
            "city",
            "state",
            "postal_code",
            "country",
            "sources",
            "other",
        ]
    ),
    LOCATION_VALUE,
    max_size=6,
)


@settings(max_examples=EXAMPLES * 8, deadline=None)
@given(items=st.lists(st.one_of(LOCATION, st.integers(), st.none()), max_size=8))
def test_location_validation_names_every_offending_item(items: list[Any]) -> None:
    for on_invalid in ("raise", "fail"):
        try:
            out, rejected = normalize_locations(items, on_invalid=on_invalid)  # type: ignore[arg-type]
        except InvalidInputError as exc:
            _check_problems(exc, len(items))
            continue
        assert len(out) == len(items)
        ids = [loc["id"] for loc in out]
        assert len(set(ids)) == len(ids)
        assert set(rejected) <= set(ids)


@settings(max_examples=EXAMPLES * 5, deadline=None)
@given(
    items=st.lists(
        st.one_of(
            st.dictionaries(
                st.sampled_from(
                    [
                        "place_id",
                        "id",
                        "name",
                        "full_address",
                        "latitude",
                        "longitude",
                        "country_code",
                        "inputs",
                    ]
                ),
                LOCATION_VALUE,
                max_size=5,
            ),
            st.text(max_size=3),
        ),
        max_size=6,
    )
)
def test_place_validation_names_every_offending_item(items: list[Any]) -> None:
    try:
        out = normalize_places(items)
    except InvalidInputError as exc:
        _check_problems(exc, len(items))
        return
    assert len(out) == len(items)
