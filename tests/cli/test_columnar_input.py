"""The column-wise first stage gives exactly what the row-wise one gives, or the same error.

Each input is prepared twice, with polars (when the code chooses it) and with the row-wise
reader forced; the two :class:`Prepared` (items with their key order and value types, ids,
spooled records, forms, skipped rows, copies and keys) or the two error messages must match.
"""

from __future__ import annotations

import csv
import json
import math
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest
from bulk_enrich import batches
from bulk_enrich.cli import prepare as prepare_module
from bulk_enrich.cli import read_csv
from bulk_enrich.cli.columnar_keys import normalize_series
from bulk_enrich.cli.columnar_rows import PY_SPACE
from bulk_enrich.cli.errors import UsageError
from bulk_enrich.cli.options import build_options
from bulk_enrich.cli.parser import build_parser
from bulk_enrich.cli.ping_api import PingApi
from bulk_enrich.cli.place_api import PlaceApi
from bulk_enrich.cli.readers import scan_bytes, scan_file
from bulk_enrich.resultcache import normalize_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# --cache: the location keys are kept (for the cache) and compared too.
CACHE_ARGS = ["--cache", "unused.sqlite", "--cache-max-age", "30d"]
PING_ARGS = [
    "--api-key",
    "k",
    "--base-url",
    "http://127.0.0.1:9",
    "--sources",
    "PG,PH",
]
PLACE_ARGS = ["--api-key", "k", "--base-url", "http://127.0.0.1:9", "--org", "o"]
PLACE_ARGS += ["--attributes", "website"]


def _prepare(
    path: Path, kind: str, extra: list[str], work: Path, cache: bool = True
) -> dict[str, Any] | str:
    if kind == "ping":
        argv = ["ping", "enhance", str(path), "-o", str(work / "out.csv"), *PING_ARGS]
    else:
        argv = ["places", "enrich", str(path), "-o", str(work / "out.csv"), *PLACE_ARGS]
    if cache:  # without --cache the location keys serve dedupe only, and are not kept
        argv += CACHE_ARGS
    options = build_options(build_parser().parse_args([*argv, *extra]))
    api = PingApi(options) if kind == "ping" else PlaceApi(options)
    try:
        prepared = prepare_module.prepare(api, options.run, work / "spool")
    except UsageError as exc:
        return f"{type(exc).__name__}: {exc}"
    try:
        return {
            # json keeps key order and tells 1 from 1.0 from "1"
            "sent": json.dumps(list(prepared.sent)),
            "sent_ids": prepared.sent_ids,
            "rows": json.dumps(list(prepared.rows.replay())),
            "skipped": list(prepared.skipped.items()),
            "forms": list(prepared.forms.items()),
            "copies": list(prepared.reuse.copies.items()),
            "keys": list(prepared.reuse.keys.items()),
            "newline": prepared.newline,
            "sha256": prepared.sha256,
            "columns": prepared.columns,
            "header": getattr(prepared.table, "header", None),
        }
    finally:
        prepared.rows.close()


@pytest.fixture
def both(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """``run(path, kind, extra) -> (fast, row_wise, columnar_used)``."""
    used: list[bool] = []
    real = prepare_module.fill_columns

    def spy(*args: Any) -> bool:
        result = real(*args)
        used.append(result)
        return result

    monkeypatch.setattr(prepare_module, "fill_columns", spy)
    count = iter(range(10**6))

    def run(
        path: Path, kind: str = "ping", extra: list[str] | None = None, cache: bool = True
    ) -> tuple[Any, Any, bool]:
        used.clear()
        work = tmp_path / f"w{next(count)}"
        fast = _prepare(path, kind, extra or [], work, cache)
        columnar = any(used)
        with monkeypatch.context() as patch:
            patch.setattr(batches, "fast_available", lambda: False)
            slow = _prepare(path, kind, extra or [], work, cache)
        return fast, slow, columnar

    return run


HEADER = "id,address,city,state,postal_code,latitude,longitude\n"
PLACE_HEADER = "place_id,name,full_address,address,city,state,zip,country,phone,website,category"
PLACE_HEADER += ",latitude,longitude\n"

#: (name, text, kind, extra args, whether the column-wise path must be taken)
CASES: list[tuple[str, str, str, list[str], bool]] = [
    ("plain", HEADER + "L1,1 Main St,Boston,MA,02110,42.1,-71.2\n", "ping", [], True),
    # Nothing to locate in any column (found by tests/property: polars refuses a sum of none).
    ("only an id", "Loc #\r\nL1\r\n", "ping", [], True),
    (
        "quoted",
        HEADER + 'L1,"1 Main St, Apt ""4""\nrear",Boston,MA,02110,42.1,-71.2\n'
        'L2,"2 Elm, Unit 5",Austin,TX,78701,,\n',
        "ping",
        [],
        True,
    ),
    (
        "crlf",
        HEADER.replace("\n", "\r\n") + 'L1,"a\r\nb",Boston,MA,2110,42,-71\r\nL2,x,B,MA,,,\r\n',
        "ping",
        [],
        True,
    ),
    ("bom", "\ufeff" + HEADER + "L1,1 Main St,Boston,MA,02110,42.1,-71.2\n", "ping", [], True),
    (
        "blank lines",
        HEADER + "\nL1,1 Main St,Boston,MA,02110,,\n\n\nL2,2 Elm,Austin,TX,78701,,\n\n",
        "ping",
        [],
        True,
    ),
    (
        "blank crlf lines",
        (HEADER + "\nL1,1 Main,Boston,MA,,,\n\n").replace("\n", "\r\n"),
        "ping",
        [],
        True,
    ),
    ("whitespace line", HEADER + "L1,1 Main,Boston,MA,,,\n   \nL2,x,,,,,\n", "ping", [], False),
    ("quoted empty line", HEADER + 'L1,1 Main,Boston,MA,,,\n""\nL2,x,,,,,\n', "ping", [], False),
    ("all empty row", HEADER + "L1,1 Main,Boston,MA,,,\n,,,,,,\nL2,x,,,,,\n", "ping", [], False),
    ("short rows", HEADER + "L1,1 Main St,Boston\nL2\n,2 Elm\n", "ping", [], True),
    ("long blank extras", HEADER + "L1,1 Main St,Boston,MA,,,,, \n", "ping", [], False),
    ("long extras", HEADER + "L1,1 Main St,Boston,MA,,,,x\n", "ping", [], False),
    (
        "title rows",
        "My portfolio\nas of today,,\n" + HEADER + "L1,1 Main St,Boston,MA,02110,,\n",
        "ping",
        [],
        True,
    ),
    (
        "header row",
        'title,"multi\nline"\n' + HEADER + "L1,1 Main St,Boston,MA,02110,,\n",
        "ping",
        ["--header-row", "3"],
        True,
    ),
    ("duplicate ids", HEADER + "L1,1 Main,Boston,MA,,,\nL2,x,,,,,\nL1,y,,,,,\n", "ping", [], False),
    ("bad latitude", HEADER + "L1,1 Main,Boston,MA,,abc,2\nL2,x,,,,,\n", "ping", [], False),
    ("latitude range", HEADER + "L1,1 Main,Boston,MA,,91,2\n", "ping", [], False),
    ("longitude inf", HEADER + "L1,1 Main,Boston,MA,,1,-inf\n", "ping", [], False),
    ("dup after bad", HEADER + "L1,,,,,1,1\nL1,,,,,x,1\n", "ping", [], False),
    (
        "numbers",
        HEADER + 'L1,,,,," 40.5 ",-7e1\nL2,,,,,+.5,5.\nL3,,,,,"33,5",1_0\nL4,,,,,-0.0,0\n'
        "L5,,,,,0.00001,1e-7\nL6,,,,,33.123456789,-71.12345678\nL7,,,,,١٢,1\n",
        "ping",
        [],
        True,
    ),
    (
        "zips",
        "id,street,city,state,zip,country\n"
        "1,1 Main,Boston,MA,2110,\n2,1 Main,Boston,MA,21101234,\n3,1 Main,Boston,MA,2110-1234,\n"
        "4,1 Main,Paris,,750,France\n5,1 Main,Boston,ma,123456789,U.S.A.\n"
        "6,1 Main,Boston,,0211,\n7,1 Main,Boston,ZZ,2110,\n"
        "8,x,Boston,MA,\uff10\uff12\uff11\uff11,\n"
        "9,x,B,MA,12,us\n10,x,B,MA,02110-12345,US\n",
        "ping",
        [],
        True,
    ),
    (
        "forms",
        "id,address,street,address 2,city,state,zip,county,country,lat,lon\n"
        "1,1 Main St Boston MA,,,,,,,,,\n2,,1 Main St,,,,,,,,\n3,,,Suite 4,,,,,,,\n"
        "4,,,,Boston,,,,,,\n5,,,,,,,,,1,2\n6,,,,,,,,,1,\n7,,,,,,,Suffolk,US,,\n"
        "8,,1 Main,Fl 2,Boston,MA,02110,Suffolk,USA,42,-71\n9,A,B,C,,,,,,,\n",
        "ping",
        [],
        True,
    ),
    (
        "address as street",
        "id,address,city,state\n1,1 Main St,Boston,MA\n2,1 Main St,,\n3,,Boston,\n4,,,\n",
        "ping",
        [],
        True,
    ),
    (
        "unicode",
        HEADER + "L1,1 Straße,Zürich,,8001,,\nL2,\u00a01 Main\u2003,São Paulo,SP,,,\n"
        "L3,İstanbul Cd.,ISTANBUL,,,,\nL4,1 MAIN STRASSE,zürich,,8001,,\nL5,\x1f x \x1c,B,MA,,,\n"
        "L6,O'Neil St.,St. Louis,MO,63101,,\nL7,o neil st,st louis,MO,63101,,\n",
        "ping",
        [],
        True,
    ),
    ("nothing", HEADER + "L1,,,,,,\nL2, ,\t,,,,\n", "ping", [], True),
    (  # all ASCII (fewer characters to strip): the separators str.strip strips too
        "ascii separators",
        HEADER + "L1,\x1f 1 Main \x1c,\x0bBoston\x0c,MA,\x1d02110\x1e,,\nL2,\x1c,,,,,\n",
        "ping",
        [],
        True,
    ),
    ("header only", HEADER, "ping", [], False),
    ("long cell", HEADER + "L1," + "a" * 5000 + ",B,MA,,,\n", "ping", [], True),
    ("too long cell", HEADER + "L1," + "a" * 200_000 + ",B,MA,,,\n", "ping", [], False),
    # More bytes than the csv module's limit on a field, but fewer characters.
    ("long multibyte cell", HEADER + "L1," + "é" * 70_000 + ",B,MA,,,\n", "ping", [], True),
    ("quote inside field", HEADER + 'L1,5" pipe St,B,MA,,,\nL2,x",B,MA,,,\n', "ping", [], False),
    ("broken quote", HEADER + 'L1,"1 Main"x,B,MA,,,\n', "ping", [], False),
    ("unclosed quote", HEADER + 'L1,"1 Main,B,MA,,,\n', "ping", [], False),
    ("space before quote", HEADER + 'L1, "1 Main",B,MA,,,\n', "ping", [], False),
    ("lone cr", HEADER.replace("\n", "\r") + "L1,1 Main,B,MA,,,\r", "ping", [], False),
    ("cr in quotes", HEADER + 'L1,"1\rMain",B,MA,,,\n', "ping", [], False),
    ("nul", HEADER + "L1,1\x00Main,B,MA,,,\n", "ping", [], True),
    (
        "duplicates",
        HEADER
        + "L1,1 Main St.,Boston,MA,02110,42.1,-71.2\nL2,1 main st,BOSTON,ma,02110,42.10,-71.2\n"
        "L3,1 Main St,Boston,MA,02110,42.1000000001,-71.2\nL4,,,,,,\n"
        "L5,1 Main St,Boston,MA,2110,,\n",
        "ping",
        [],
        True,
    ),
    (  # one layout: the items stay made as read, the copies and keys of others left out
        "duplicates of one layout",
        HEADER + "L1,1 Main St.,Boston,MA,02110,42.1,-71.2\n"
        "L2,1 main st,BOSTON,ma,02110,42.10,-71.2\n"
        "L3,2 Elm,Zürich,MA,02110,42.1,-71.2\nL4,2 ELM,zürich,ma,02110,42.1,-71.2\n"
        "L5,3 Oak,Austin,TX,78701,30.1,-97.7\nL6,2 elm,ZÜRICH,MA,02110,42.1,-71.2\n",
        "ping",
        [],
        True,
    ),
    (  # distinct coordinates, but rounded to 7 decimals (as keys hold them) the same
        "coordinates past 7 decimals",
        HEADER + "L1,1 Main,Boston,MA,,42.12345678,-71.5\nL2,1 Main,Boston,MA,,42.12345681,-71.5\n"
        "L3,1 Main,Boston,MA,,0.00001,-71.5\nL4,1 Main,Boston,MA,,0.000010,-71.5\n",
        "ping",
        [],
        True,
    ),
    (
        "same coordinates",
        HEADER + "L1,1 Main,Boston,MA,,42.5,-71.5\nL2,2 Main,Boston,MA,,42.5,-71.5\n"
        "L3,1 MAIN,boston,ma,,42.50,-71.5\n",
        "ping",
        [],
        True,
    ),
    ("no dedupe", HEADER + "L1,1 Main,B,MA,,,\nL2,1 Main,B,MA,,,\n", "ping", ["--no-dedupe"], True),
    (
        "empty ids",
        HEADER + ",1 Main,B,MA,,,\n  ,2 Main,B,MA,,,\nrow-1,3 Main,B,MA,,,\n",
        "ping",
        [],
        False,
    ),
    (
        "numbered",
        HEADER + "x,1 Main,B,MA,,,\nx,2 Main,B,MA,,,\n",
        "ping",
        ["--id-column", "-"],
        True,
    ),
    ("semicolons", HEADER.replace(",", ";") + 'L1;"1 Main; rear";B;MA;;;\n', "ping", [], True),
    ("duplicate headers", "id,city,city,,state\nL1,Boston,Cambridge,x,MA\n", "ping", [], True),
    (
        "places",
        PLACE_HEADER + "P1,Joe's Diner,,1 Main St,Boston,MA,2110,us,555,x.com,Diner,42,-71\n"
        "P2,,,1 Main St,Boston,MA,02110,US,,,,,\n"
        "P3,Cafe,1 Main St Boston,,,,,United States,,,,,\n"
        "P4,Cafe,,,Boston,,,USA,,,,,\n"
        "P5,Cafe,,,,,,,,,,1,2\n"
        "P6,Café Zoë,,,,CA,90001,,,,,,\n"
        "P7,joes diner,,1 main st,boston,ma,02110,US,555,x.com,diner,42.0,-71\n"
        "P8,Cafe,,,,,,,,,,,\n",
        "places",
        [],
        True,
    ),
    ("places bad", PLACE_HEADER + "P1,A,,,,,,,,,,1,\nP2,B,,,,,,,,,,x,1\n", "places", [], False),
]


@pytest.mark.parametrize("cache", [True, False], ids=["cache", "no cache"])
@pytest.mark.parametrize(
    ("name", "text", "kind", "extra", "columnar"), CASES, ids=[c[0] for c in CASES]
)
def test_same_as_row_wise(
    both: Any,
    tmp_path: Path,
    name: str,
    text: str,
    kind: str,
    extra: list[str],
    columnar: bool,
    cache: bool,
) -> None:
    path = tmp_path / ("in.tsv" if "\t" in text.splitlines()[0] else "in.csv")
    path.write_bytes(text.encode("utf-8"))
    fast, slow, used = both(path, kind, extra, cache)
    assert fast == slow
    assert used is columnar


@pytest.mark.parametrize("apart", [True, False])
def test_no_key_is_made_when_coordinates_tell_the_rows_apart(
    both: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, apart: bool
) -> None:
    """Without --cache the keys only find copies: none are made when no two rows can share
    one (each has coordinates, plainly written, and no two the same)."""
    from bulk_enrich.cli import columnar_keys

    made: list[int] = []
    real = columnar_keys.key_expr
    monkeypatch.setattr(columnar_keys, "key_expr", lambda kinds: made.append(1) or real(kinds))
    # (decimals a double does not hold exactly, as most coordinates)
    second = "45.167101,-111.969615" if apart else "45.167101,-71.81924"
    path = tmp_path / "in.csv"
    path.write_text(
        HEADER + "L1,1 Main,Boston,MA,,45.167101,-71.81924\n"
        f"L2,1 Main,Boston,MA,,{second}\nL3,2 Elm,Boston,MA,,33.768199,-111.969615\n"
    )
    fast, slow, used = both(path, "ping", [], False)
    assert fast == slow
    assert used
    assert bool(made) is not apart


def test_latin1_and_tsv_inputs(both: Any, tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes((HEADER + "L1,1 Rué,Zürich,,,,\n").encode("latin-1"))
    fast, slow, used = both(path, "ping", ["--encoding", "latin-1"])
    assert fast == slow
    assert not used
    tsv = tmp_path / "in.tsv"
    tsv.write_text(HEADER.replace(",", "\t") + "L1\t1 Main, rear\tB\tMA\t\t\t\n")
    fast, slow, used = both(tsv, "ping", [])
    assert fast == slow
    assert used
    assert isinstance(fast, dict)
    assert fast["sent"] != "[]"


CELL = st.sampled_from(
    ["", " ", "1 Main St.", "O'Neil", "Boston", "MA", "ma", "02110", "2110", "123456789",
     "2110-1234", "US", "us", "U.S.A.", "France", "42.5", "-71.25", "1e1", "91", "x", "ß",
     "Zürich", "a,b", 'say "hi"', "line\nbreak", "\u00a0pad\u2003", "_", "a__b", "..", "٣"]
)  # fmt: skip


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    rows=st.lists(st.lists(CELL, min_size=7, max_size=7), min_size=1, max_size=8),
    kind=st.sampled_from(["ping", "places"]),
)
def test_random_rows(both: Any, tmp_path: Path, rows: list[list[str]], kind: str) -> None:
    header = ["id", "street", "city", "state", "zip", "lat", "lon"]
    if kind == "places":
        header = ["name", "street", "city", "state", "zip", "country", "phone"]
    path = tmp_path / "random.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([header, *rows])
    fast, slow, _ = both(path, kind, [])
    assert fast == slow


def test_python_whitespace() -> None:
    assert set(PY_SPACE) == {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}


@given(st.lists(st.text(alphabet=st.characters(max_codepoint=127)), max_size=30))
def test_normalize_series(texts: list[str]) -> None:
    got = normalize_series(pl.Series(texts, dtype=pl.String)).to_list()
    assert got == [normalize_text(t) for t in texts]


@given(st.lists(st.floats(min_value=-180, max_value=180), max_size=30))
def test_float_text(numbers: list[float]) -> None:
    """polars writes a float as ``repr`` does where the key trusts it (1-7 plain decimals)."""
    texts = pl.Series(numbers, dtype=pl.Float64).cast(pl.String).to_list()
    for number, text in zip(numbers, texts, strict=True):
        if (
            (abs(number) >= 1e-4 or number == 0)
            and "e" not in text
            and len(text.split(".")[1]) <= 7
        ):
            assert text == repr(round(number, 7))


@given(
    st.lists(
        st.one_of(
            st.floats(-180, 180),
            st.integers(-1_800_000_000, 1_800_000_000).map(lambda m: m / 1e7),
            st.decimals(-180, 180, places=7).map(float),
        ),
        max_size=50,
    )
)
def test_seven_decimals(numbers: list[float]) -> None:
    """Where polars finds a coordinate of at most 7 decimals, Python's round agrees."""
    from bulk_enrich.cli.columnar_keys import seven_decimals

    for number in numbers:
        short = seven_decimals(np.array([number]))
        if short:
            assert round(number, 7) == number
        if number == round(number, 3):  # plainly few decimals: found
            assert short
    assert seven_decimals(np.array(numbers)) == all(round(n, 7) == n for n in numbers)


@given(
    st.from_regex(r"\A[+-]?(?:[0-9]{1,12}\.?[0-9]{0,12}|\.[0-9]{1,12})(?:[eE][+-]?[0-9]{1,3})?\Z")
)
def test_decimal_parsing(text: str) -> None:
    parsed = pl.Series([text]).cast(pl.Float64, strict=False).item()
    expected = float(text)
    assert parsed == expected or (
        parsed is not None and math.isnan(parsed) and math.isnan(expected)
    )
    assert parsed is None or math.copysign(1, parsed) == math.copysign(1, expected)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"a\r\nb",
        b"abc\r\nd",
        b"\xef\xbb\xbfa\nb",
        "é\r\n".encode("cp1252"),
        b"x" * 7 + b"\r\n",
    ],
)
def test_scan_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    """A file read whole scans as in blocks (a line break at a block's start included)."""
    monkeypatch.setattr(read_csv, "BLOCK_SIZE", 8)
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    assert scan_bytes(data) == scan_file(path)


@pytest.mark.parametrize("where", ["build", "dedupe_columns"])
def test_a_polars_failure_gives_way_to_the_row_wise_reader(
    both: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    from bulk_enrich.cli import columnar_prepare, columnar_rows

    def fails(*args: Any) -> Any:
        raise pl.exceptions.ComputeError("refused")

    target = columnar_rows if where == "build" else columnar_prepare
    monkeypatch.setattr(target, where, fails)
    path = tmp_path / "in.csv"
    path.write_text(
        HEADER + "L1,1 Main St,Boston,MA,02110,42.1,-71.2\nL2,1 Main St,Boston,MA,02110,,\n"
    )
    fast, slow, columnar = both(path)
    assert fast == slow  # nothing half done by the columnar attempt is left behind
    assert not columnar
