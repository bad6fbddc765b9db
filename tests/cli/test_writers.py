"""Output writers: each format round-trips through its reader; writes are atomic."""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path
from typing import Any

import pytest
from bulk_enrich.cli.errors import UsageError
from bulk_enrich.cli.readers import open_table
from bulk_enrich.cli.writers import ColumnTypes, text_value, write_table

COLUMNS = ["id", "name", "PG.latitude", "PG.is_success", "cats"]
ROWS: list[list[Any]] = [
    ["1", 'Café "Zur Post", Köln', 50.94, True, ["cafe", "bar"]],
    ["2", None, None, False, None],
]


def _types() -> ColumnTypes:
    types = ColumnTypes()
    for row in ROWS:
        types.observe_row(COLUMNS, row)
    return types


def test_csv_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    assert write_table(path, COLUMNS, iter(ROWS)) == 2
    table = open_table(path)
    assert table.columns == COLUMNS
    assert [r.values for r in table.rows()] == [
        ["1", 'Café "Zur Post", Köln', "50.94", "true", '["cafe", "bar"]'],
        ["2", "", "", "false", ""],
    ]


@pytest.mark.parametrize("suffix", [".jsonl", ".json"])
def test_json_round_trip_keeps_types(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"out{suffix}"
    write_table(path, COLUMNS, iter(ROWS))
    table = open_table(path)
    assert [r.values for r in table.rows()] == ROWS
    if suffix == ".json":
        assert isinstance(json.loads(path.read_text()), list)


def test_empty_json_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "out.json"
    write_table(path, COLUMNS, iter([]))
    assert json.loads(path.read_text()) == []


def test_xlsx_round_trip(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    path = tmp_path / "out.xlsx"
    write_table(path, COLUMNS, iter(ROWS))
    table = open_table(path)
    assert table.columns == COLUMNS
    assert [r.values for r in table.rows()] == [
        ["1", 'Café "Zur Post", Köln', 50.94, True, '["cafe", "bar"]'],
        ["2", None, None, False, None],
    ]


def test_parquet_round_trip_with_types(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "out.parquet"
    write_table(path, COLUMNS, iter(ROWS), types=_types())
    schema = pq.read_schema(path)
    assert str(schema.field("PG.latitude").type) == "double"
    assert str(schema.field("PG.is_success").type) == "bool"
    assert [r.values for r in open_table(path).rows()] == [
        ["1", 'Café "Zur Post", Köln', 50.94, True, '["cafe", "bar"]'],
        ["2", None, None, False, None],
    ]


def test_parquet_many_row_groups(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    import bulk_enrich.cli.write_parquet as write_parquet

    monkeypatch.setattr(write_parquet, "PARQUET_ROW_GROUP", 3)
    rows = [[str(i), i] for i in range(10)]
    types = ColumnTypes()
    for row in rows:
        types.observe_row(["id", "n"], row)
    path = tmp_path / "out.parquet"
    write_table(path, ["id", "n"], iter(rows), types=types)
    assert pq.ParquetFile(path).num_row_groups == 4
    assert [r.values for r in open_table(path).rows()] == rows


def test_failed_write_leaves_old_output_and_no_temp(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    path.write_text("old\n")

    def rows() -> Any:
        yield ["1"]
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_table(path, ["id"], rows())
    assert path.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_unknown_output_extension(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="output format"):
        write_table(tmp_path / "out.txt", ["a"], iter([]))


def test_text_value() -> None:
    assert text_value(None) == ""
    assert text_value(float("nan")) == ""
    assert text_value(True) == "true"
    assert text_value(3) == "3"
    assert text_value({"a": 1}) == '{"a": 1}'


def test_column_types_merge() -> None:
    types = ColumnTypes()
    for value in (1, 2.5, None):
        types.observe("n", value)
    for value in (1, "x"):
        types.observe("m", value)
    assert (types.kind("n"), types.kind("m"), types.kind("absent")) == ("float", "str", "null")


@pytest.mark.skipif(not hasattr(os, "posix_fadvise"), reason="no posix_fadvise here")
@pytest.mark.parametrize("columnar", [True, False])
def test_a_csv_outputs_write_back_is_started_range_by_range_as_it_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, columnar: bool
) -> None:
    """So that the fsync at the end has little left to wait for; the bytes are unchanged."""
    from bulk_enrich import batches
    from bulk_enrich.cli import write_text
    from bulk_enrich.cli.blocks import Block

    monkeypatch.setattr(batches, "ENABLED", columnar)
    monkeypatch.setattr(write_text, "WRITEBACK_BYTES", 1_000)
    advised: list[tuple[int, int]] = []
    advise = os.posix_fadvise

    def spy(fd: int, offset: int, length: int, advice: int) -> None:
        assert advice == os.POSIX_FADV_DONTNEED
        advised.append((offset, length))
        advise(fd, offset, length, advice)

    monkeypatch.setattr(os, "posix_fadvise", spy)
    rows = [[f"id-{i}", f"a, {i}", i * 0.5] for i in range(300)]
    blocks = [Block.of_rows(rows[start : start + 30]) for start in range(0, 300, 30)]
    path = tmp_path / "out.csv"
    write_table(path, ["id", "address", "x"], blocks=iter(blocks))
    size = path.stat().st_size
    assert len(advised) >= 3
    assert advised[0][0] == 0
    assert all(a + n == b for (a, n), (b, _) in itertools.pairwise(advised))  # contiguous
    assert size - sum(n for _, n in advised) < 1_000 + 1_000  # the rest: the final fsync's
    assert [r.values for r in open_table(path).rows()] == [[str(v) for v in r] for r in rows]
