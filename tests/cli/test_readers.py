"""Input readers: CSV sniffing (delimiter, encoding, BOM), XLSX, Parquet, JSON Lines, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bulk_enrich.cli import read_csv, readers
from bulk_enrich.cli.errors import InputError, UsageError
from bulk_enrich.cli.readers import detect_delimiter, locate_quote_error, open_table


def _rows(path: Path, **kw: object) -> tuple[list[str], list[list[object]]]:
    table = open_table(path, **kw)  # type: ignore[arg-type]
    return table.columns, [r.values for r in table.rows()]


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16", b""), ("cp1252", b"")],
)
@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_csv_delimiter_encoding_and_bom_detected(
    tmp_path: Path, encoding: str, bom: bytes, delimiter: str
) -> None:
    text = delimiter.join(["Loc ID", "Street", "City"]) + "\r\n"
    text += delimiter.join(["1", '"1 Main St, Apt 2"', "Montréal"]) + "\r\n"
    text += delimiter.join(["2", "5 Elm", "Köln"]) + "\r\n"
    path = tmp_path / "in.csv"
    path.write_bytes(bom + text.encode(encoding))
    columns, rows = _rows(path)
    assert columns == ["Loc ID", "Street", "City"]
    assert rows == [["1", "1 Main St, Apt 2", "Montréal"], ["2", "5 Elm", "Köln"]]


@pytest.mark.parametrize(
    ("tail", "expected"),
    [
        ("Montréal".encode(), "utf-8"),
        ("Montréal".encode("cp1252"), "cp1252"),
        (b"\x81 undefined in cp1252", "latin-1"),
        # "é" split across the block boundary: still UTF-8.
        (b"\xa9", "utf-8"),
        # A UTF-8 lead byte, an all-ASCII block, then a continuation byte: not UTF-8.
        (b"-" * 64 + b"\xa9", "cp1252"),
    ],
)
def test_encoding_detection_reads_every_block(
    tmp_path: Path, tail: bytes, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(read_csv, "BLOCK_SIZE", 64)  # many blocks, most of them plain ASCII
    head = b"id,city\n" + b"".join(b"%d,Springfield\n" % i for i in range(40)) + b"99,"
    if tail.endswith(b"\xa9"):  # a lead byte as the last byte of an ASCII block
        head = head.ljust(64 * (len(head) // 64 + 1) - 1, b"-") + b"\xc3"
        assert len(head) % 64 == 0
    path = tmp_path / "in.csv"
    path.write_bytes(head + tail + b"\n")
    assert readers.detect_encoding(path) == expected
    assert readers.scan_file(path).encoding == expected  # the hash pass guesses alike


def test_csv_short_rows_padded_blank_lines_skipped(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("a,b,c\n1,2\n\n3,4,5,\n")
    table = open_table(path)
    rows = list(table.rows())
    assert [r.values for r in rows] == [["1", "2", ""], ["3", "4", "5"]]
    assert [r.number for r in rows] == [1, 2]
    assert rows[1].where == "line 4"


def test_csv_broken_quote_names_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "sov.csv"
    path.write_text('id,street,city\n1,1 Main,Boston\n2,"5 Elm"x,Austin\n3,9 Oak,Miami\n')
    with pytest.raises(InputError) as info:
        list(open_table(path).rows())
    assert info.value.row == 2
    assert info.value.column == "street"
    assert str(info.value).startswith("sov.csv, row 2 (line 3), column 'street': broken quote")


def test_csv_unterminated_quote_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "sov.csv"
    path.write_text('id,street,city\n1,1 Main,Boston\n2,5 Elm,"Austin\n3,9 Oak,Miami\n')
    with pytest.raises(InputError) as info:
        list(open_table(path).rows())
    assert info.value.column == "city"
    assert "never closed" in str(info.value)


def test_csv_extra_fields_are_an_error(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("a,b\n1,2\n3,4,5\n")
    with pytest.raises(InputError) as info:
        list(open_table(path).rows())
    assert info.value.row == 2
    assert "3 fields but the header has 2" in str(info.value)


def test_detect_delimiter_ignores_quoted() -> None:
    assert detect_delimiter('"a,b,c";d;e\n') == ";"
    assert detect_delimiter("single\n") == ","


def test_locate_quote_error() -> None:
    assert locate_quote_error('1,"ab"c,3\n', ",") == 1
    assert locate_quote_error('1,2,"open\nmore', ",") == 2


def test_duplicate_and_blank_headers_renamed(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("name,,name\n1,2,3\n")
    assert open_table(path).columns == ["name", "column_2", "name_2"]


def test_empty_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("")
    with pytest.raises(InputError, match="empty"):
        open_table(path)


def test_unknown_extension_and_xls(tmp_path: Path) -> None:
    (tmp_path / "in.dat").write_text("a\n1\n")
    (tmp_path / "in.xls").write_text("a\n1\n")
    with pytest.raises(UsageError, match="--input-format"):
        open_table(tmp_path / "in.dat")
    assert open_table(tmp_path / "in.dat", input_format="csv").columns == ["a"]
    with pytest.raises(UsageError, match="XLS"):
        open_table(tmp_path / "in.xls")


def test_xlsx_reader(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Locations"
    ws.append(["id", "zip", "lat", None])
    ws.append([101, 2110, 42.36])
    ws.append([None, None, None])
    ws.append(["x", "02111", None])
    other = wb.create_sheet("Other")
    other.append(["k"])
    other.append(["v"])
    path = tmp_path / "in.xlsx"
    wb.save(path)
    table = open_table(path)
    assert table.columns == ["id", "zip", "lat"]
    rows = list(table.rows())
    assert [r.values for r in rows] == [[101, 2110, 42.36], ["x", "02111", None]]
    assert rows[1].where == "sheet row 4"
    assert _rows(path, sheet="Other") == (["k"], [["v"]])
    with pytest.raises(UsageError, match="no sheet"):
        list(open_table(path, sheet="Nope").rows())


def test_xlsx_that_is_not_one(tmp_path: Path) -> None:
    path = tmp_path / "fake.xlsx"
    path.write_text("id,name\n1,x\n")
    with pytest.raises(InputError, match=r"fake\.xlsx: is not a readable XLSX workbook"):
        open_table(path)


def test_parquet_reader(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "in.parquet"
    pq.write_table(pa.table({"id": ["a", "b"], "lat": [1.5, None]}), path)
    assert _rows(path) == (["id", "lat"], [["a", 1.5], ["b", None]])
    bad = tmp_path / "bad.parquet"
    bad.write_text("nope")
    with pytest.raises(InputError, match="not a readable Parquet"):
        open_table(bad)


def test_jsonl_reader_union_of_keys(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": 1, "a": "x"}) + "\n\n" + json.dumps({"b": 2, "id": 2}) + "\n")
    assert _rows(path) == (["id", "a", "b"], [[1, "x", None], [2, None, 2]])
    path.write_text('{"id": 1}\n{"id": 2,\n')
    with pytest.raises(InputError) as info:
        open_table(path)
    assert info.value.row == 2
    assert "line 2" in str(info.value)


def test_json_array_reader(tmp_path: Path) -> None:
    path = tmp_path / "in.json"
    path.write_text(json.dumps([{"id": "a"}, {"id": "b", "x": 1}]))
    assert _rows(path) == (["id", "x"], [["a", None], ["b", 1]])
    path.write_text(json.dumps({"id": "a"}))
    with pytest.raises(InputError, match="array"):
        open_table(path)
