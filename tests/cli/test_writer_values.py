"""The exact text and types the writers give each kind of value, so a fast path cannot drift.

CSV cells skip :func:`text_value` for ``str``, ``None``, ``int``, finite ``float`` and
``bool``; Parquet columns are built from buffers rather than ``pyarrow.array``. Both are pinned
here against literal expectations and against the slow, obvious reference.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from bulk_enrich.cli import writers
from bulk_enrich.cli.writers import text_value, write_table
from hypothesis import given, settings
from hypothesis import strategies as st

UTC = dt.UTC
CET = dt.timezone(dt.timedelta(hours=1))


class Level(enum.IntEnum):
    LOW = 1


class Shade(str, enum.Enum):  # noqa: UP042 (str() is not the value, unlike StrEnum)
    DARK = "dark"


#: (value, its CSV text) for every kind a row may hold.
CSV_TEXT: list[tuple[Any, str]] = [
    ("plain", "plain"),
    ("", ""),
    (None, ""),
    (True, "true"),
    (False, "false"),
    (0, "0"),
    (-42, "-42"),
    (2**70, "1180591620717411303424"),
    (0.1, "0.1"),
    (1e-7, "1e-07"),
    (1e16, "1e+16"),
    (-0.0, "-0.0"),
    (50.94, "50.94"),
    (123456789.12345679, "123456789.12345679"),
    (float("nan"), ""),
    (float("inf"), "inf"),
    (float("-inf"), "-inf"),
    ({"a": [1, {"b": None}], "c": "é"}, '{"a": [1, {"b": null}], "c": "é"}'),
    ({"x": float("nan"), 3: float("inf")}, '{"x": null, "3": null}'),
    (["cafe", "bar"], '["cafe", "bar"]'),
    ((1, 2.5), "[1, 2.5]"),
    ([], "[]"),
    ({"when": dt.date(2024, 2, 3)}, '{"when": "2024-02-03"}'),
    (dt.date(2024, 2, 3), "2024-02-03"),
    (dt.datetime(2024, 2, 3, 4, 5, 6), "2024-02-03T04:05:06"),
    (dt.datetime(2024, 2, 3, 4, 5, 6, 7, tzinfo=UTC), "2024-02-03T04:05:06.000007+00:00"),
    (Decimal("1.10"), "1.10"),
    (Level.LOW, "1"),
    (Shade.DARK, "Shade.DARK"),
]


def csv_line(cells: list[Any], delimiter: str = ",") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerow(cells)
    return out.getvalue()


@pytest.mark.parametrize(("value", "text"), CSV_TEXT, ids=[repr(v) for v, _ in CSV_TEXT])
def test_text_value_of_each_kind(value: Any, text: str) -> None:
    assert text_value(value) == text


def test_csv_file_text_of_each_kind(tmp_path: Path) -> None:
    columns = [f"c{i}" for i in range(len(CSV_TEXT))]
    path = tmp_path / "out.csv"
    assert write_table(path, columns, iter([[v for v, _ in CSV_TEXT]] * 2)) == 2
    expected = csv_line(columns) + csv_line([t for _, t in CSV_TEXT]) * 2
    assert path.read_bytes() == expected.encode("utf-8")


def test_csv_quoting_of_strings_and_json(tmp_path: Path) -> None:
    row = ['Café "Zur Post", Köln', "two\nlines", "tab\there", {"q": 'say "hi"'}]
    path = tmp_path / "out.csv"
    write_table(path, ["a", "b", "c", "d"], [row])
    assert path.read_bytes().decode("utf-8") == (
        'a,b,c,d\n"Café ""Zur Post"", Köln","two\nlines",tab\there,"{""q"": ""say \\""hi\\""""}"\n'
    )


def test_tsv_text(tmp_path: Path) -> None:
    path = tmp_path / "out.tsv"
    write_table(path, ["a", "b", "c", "d"], [["x\ty", 1.5, True, None]])
    assert path.read_text() == 'a\tb\tc\td\n"x\ty"\t1.5\ttrue\t\n'


def test_single_empty_cell_row(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    write_table(path, ["a"], [[None], [""], [float("nan")]])
    assert path.read_text() == 'a\n""\n""\n""\n'


_json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=5),
)
CELLS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(),
    st.text(),
    st.dates(),
    st.datetimes(timezones=st.sampled_from([None, UTC, CET])),
    st.decimals(allow_nan=False),
    st.sampled_from([Level.LOW, Shade.DARK]),
    st.recursive(
        _json_leaf,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3),
            st.dictionaries(st.text(max_size=3), inner, max_size=3),
        ),
        max_leaves=6,
    ),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(CELLS, min_size=1, max_size=8))
def test_csv_cells_write_what_text_value_gives(row: list[Any]) -> None:
    assert csv_line(writers._csv_cells(row)) == csv_line([text_value(v) for v in row])
