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
import json
import math
import textwrap
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from bulk_enrich.cli import write_parquet, write_text
from bulk_enrich.cli.readers import open_table
from bulk_enrich.cli.writers import ColumnTypes, text_value, value_kind, write_table
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.probes import python_probe

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
    assert csv_line(write_text.csv_cells(row)) == csv_line([text_value(v) for v in row])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abc"), CELLS), max_size=12))
def test_column_types_agree_with_value_kind(cells: list[tuple[str, Any]]) -> None:
    fast = ColumnTypes()
    for column, value in cells:
        fast.observe(column, value)
    expected: dict[str, set[str]] = {}
    for column, value in cells:
        if value_kind(value) != "null":
            expected.setdefault(column, set()).add(value_kind(value))
    assert fast._kinds == expected


def test_column_types_observe_row_from_a_dict() -> None:
    types = ColumnTypes()
    row = {"n": 1, "x": 2.5, "s": None, "b": True, "j": [1], "d": dt.date(2024, 1, 1)}
    types.observe_row(row, row.values())
    types.observe_row(row, {**row, "n": 1.5, "s": float("nan")}.values())
    assert {c: types.kind(c) for c in row} == {
        "n": "float",
        "x": "float",
        "s": "null",
        "b": "bool",
        "j": "json",
        "d": "date",
    }


# --------------------------------------------------------------------------- Parquet

#: Column name -> its values, one per row.
PARQUET_DATA: dict[str, list[Any]] = {
    "s": ["a", None, "", "z" * 300, "\x00nul"],
    "f": [1.5, None, float("nan"), 2, float("-inf")],
    "i": [1, None, -(2**63), 2**63 - 1, 0],
    "b": [True, None, False, None, True],
    "d": [
        dt.date(2024, 1, 2),
        None,
        dt.date(1969, 12, 31),
        dt.date(1, 1, 1),
        dt.date(9999, 12, 31),
    ],
    "t": [
        dt.datetime(2024, 1, 2, 3, 4, 5, 6),
        None,
        dt.datetime(1969, 12, 31, 23, 59),
        dt.datetime(2024, 6, 1, 12, tzinfo=CET),
        dt.datetime(9999, 1, 1),
    ],
    "j": [[1], None, {"k": "v"}, None, ()],
    "mixed": [1, "x", True, 2.5, dt.date(2024, 1, 1)],
    "empty": [None, None, None, None, float("nan")],
    "u": ["é", None, "日本", "", "a\u0301"],
}
PARQUET_COLUMNS = list(PARQUET_DATA)
PARQUET_ROWS: list[list[Any]] = [list(row) for row in zip(*PARQUET_DATA.values(), strict=True)]


def _types(rows: list[list[Any]]) -> ColumnTypes:
    types = ColumnTypes()
    for row in rows:
        types.observe_row(PARQUET_COLUMNS, row)
    return types


def _reference_table(rows: list[list[Any]], types: ColumnTypes) -> Any:
    """What the writer used to build, with pyarrow.array over the converted values."""
    pa = pytest.importorskip("pyarrow")
    kinds = [types.kind(c) for c in PARQUET_COLUMNS]
    arrays = [
        pa.array(
            [write_parquet.parquet_value(k, row[i]) for row in rows],
            type=write_parquet.arrow_type(k),
        )
        for i, k in enumerate(kinds)
    ]
    return pa.Table.from_arrays(arrays, names=PARQUET_COLUMNS)


@pytest.mark.parametrize(("batch", "group"), [(2_000, 10_000), (2, 3), (1, 1)])
def test_parquet_values_match_pyarrow_array(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch: int, group: int
) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    monkeypatch.setattr(write_parquet, "PARQUET_BATCH", batch)
    monkeypatch.setattr(write_parquet, "PARQUET_ROW_GROUP", group)
    rows = PARQUET_ROWS * 3
    types = _types(rows)
    path = tmp_path / "out.parquet"
    assert write_table(path, PARQUET_COLUMNS, iter(rows), types=types) == len(rows)
    table = pq.read_table(path)
    expected = _reference_table(rows, types)
    assert table.schema.equals(expected.schema)
    assert table.equals(expected)
    assert pq.ParquetFile(path).num_row_groups == math.ceil(len(rows) / group)


def test_parquet_exact_values(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "out.parquet"
    write_table(path, PARQUET_COLUMNS, iter(PARQUET_ROWS), types=_types(PARQUET_ROWS))
    table = pq.read_table(path)
    assert [str(f.type) for f in table.schema] == [
        "string",
        "double",
        "int64",
        "bool",
        "date32[day]",
        "timestamp[us]",
        "string",
        "string",
        "string",
        "string",
    ]
    columns = table.to_pydict()
    assert columns["s"] == ["a", None, "", "z" * 300, "\x00nul"]
    assert columns["f"] == [1.5, None, None, 2.0, float("-inf")]
    assert columns["i"] == [1, None, -(2**63), 2**63 - 1, 0]
    assert columns["b"] == [True, None, False, None, True]
    assert columns["d"] == [
        dt.date(2024, 1, 2),
        None,
        dt.date(1969, 12, 31),
        dt.date(1, 1, 1),
        dt.date(9999, 12, 31),
    ]
    assert columns["t"] == [
        dt.datetime(2024, 1, 2, 3, 4, 5, 6),
        None,
        dt.datetime(1969, 12, 31, 23, 59),
        dt.datetime(2024, 6, 1, 12),  # the wall clock time, as before
        dt.datetime(9999, 1, 1),
    ]
    assert columns["j"] == ["[1]", None, '{"k": "v"}', None, "[]"]
    assert columns["mixed"] == ["1", "x", "true", "2.5", "2024-01-01"]
    assert columns["empty"] == [None] * 5
    assert columns["u"] == ["é", None, "日本", "", "a\u0301"]


def test_parquet_without_types_writes_text(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "out.parquet"
    write_table(path, ["a", "b", "c"], [[1, None, True], [2.5, "x", {"k": 1}]])
    assert pq.read_table(path).to_pydict() == {
        "a": ["1", "2.5"],
        "b": [None, "x"],
        "c": ["true", '{"k": 1}'],
    }


def test_parquet_empty(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "out.parquet"
    assert write_table(path, ["a", "b"], iter([])) == 0
    table = pq.read_table(path)
    assert table.num_rows == 0
    assert table.column_names == ["a", "b"]


def test_parquet_row_groups_bounded_by_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    monkeypatch.setattr(write_parquet, "PARQUET_BATCH", 10)
    monkeypatch.setattr(write_parquet, "PARQUET_ROW_GROUP_BYTES", 5_000)
    rows = [[str(i), "x" * 100] for i in range(200)]  # about 1,100 bytes a batch
    path = tmp_path / "out.parquet"
    write_table(path, ["id", "text"], iter(rows))
    sizes = [pq.ParquetFile(path).metadata.row_group(i).num_rows for i in range(4)]
    assert sizes == [50, 50, 50, 50]
    assert pq.read_table(path).to_pydict()["id"] == [str(i) for i in range(200)]


def test_parquet_value_of_the_wrong_kind_is_an_error(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    types = ColumnTypes()
    types.observe("b", True)
    path = tmp_path / "out.parquet"
    with pytest.raises(TypeError, match="bool column"):
        write_table(path, ["b"], iter([[True], ["yes"]]), types=types)
    assert list(tmp_path.iterdir()) == []


def test_parquet_short_row_is_an_error(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    path = tmp_path / "out.parquet"
    with pytest.raises(ValueError, match="row 2 has 1 values for 2 columns"):
        write_table(path, ["a", "b"], iter([["1", "2"], ["3"]]))
    assert list(tmp_path.iterdir()) == []


def test_parquet_does_not_import_pandas(tmp_path: Path) -> None:
    """pyarrow.array() imports pandas (some 50 MB) when numpy is installed; the writer must not."""
    pytest.importorskip("pyarrow")
    script = textwrap.dedent(
        f"""
        import datetime as dt, json, sys
        from pathlib import Path
        from bulk_enrich.cli.writers import ColumnTypes, write_table
        rows = [["a", 1.5, 2, True, dt.date(2024, 1, 1), dt.datetime(2024, 1, 1), None]] * 3
        columns = list("sfibdtn")
        types = ColumnTypes()
        for row in rows:
            types.observe_row(columns, row)
        write_table(Path({str(tmp_path / "out.parquet")!r}), columns, rows, types=types)
        print(json.dumps(sorted(m for m in ("pandas", "numpy") if m in sys.modules)))
        """
    )
    assert "pandas" not in json.loads(python_probe(script))


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".jsonl", ".json", ".xlsx", ".parquet"])
def test_rows_from_a_generator_failing_midway_leave_no_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    if suffix == ".xlsx":
        pytest.importorskip("openpyxl")
    if suffix == ".parquet":
        pytest.importorskip("pyarrow")
    monkeypatch.setattr(write_parquet, "PARQUET_BATCH", 2)
    monkeypatch.setattr(write_parquet, "PARQUET_ROW_GROUP", 2)
    pulled: list[int] = []

    def rows() -> Any:
        for i in range(7):
            pulled.append(i)
            yield [str(i), i * 0.5]
        raise RuntimeError("server went away")

    with pytest.raises(RuntimeError, match="server went away"):
        write_table(tmp_path / f"out{suffix}", ["id", "x"], rows())
    assert pulled == list(range(7))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_rows_may_reuse_one_list_or_be_any_iterable(tmp_path: Path, suffix: str) -> None:
    if suffix == ".parquet":
        pytest.importorskip("pyarrow")
    buffer: list[Any] = ["", 0]

    def rows() -> Any:
        for i in range(5):
            buffer[:] = [str(i), i]
            yield buffer
        yield (str(5), 5)
        yield iter([str(6), 6])

    path = tmp_path / f"out{suffix}"
    assert write_table(path, ["id", "n"], rows()) == 7
    assert [r.values[0] for r in open_table(path).rows()] == [str(i) for i in range(7)]
