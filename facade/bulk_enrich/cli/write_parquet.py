"""The Parquet writer: columns typed from :class:`ColumnTypes`, built from Python buffers,
written in row groups bounded in rows and bytes."""

from __future__ import annotations

import array
import datetime as dt
import itertools
import operator
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from bulk_enrich.cli.values import ColumnTypes, text_value, value_kind

PARQUET_ROW_GROUP = 10_000  # rows per Parquet row group
PARQUET_ROW_GROUP_BYTES = 16 * 2**20  # or fewer rows, once their Arrow data is this large
PARQUET_BATCH = 2_000  # rows converted to Arrow at a time


def arrow_type(kind: str) -> Any:
    """The Arrow type of a column of ``kind`` (text for anything mixed or unknown)."""
    import pyarrow as pa

    return {
        "bool": pa.bool_(),
        "int": pa.int64(),
        "float": pa.float64(),
        "datetime": pa.timestamp("us"),
        "date": pa.date32(),
    }.get(kind, pa.string())


def parquet_value(kind: str, value: Any) -> Any:
    """``value`` as a column of ``kind`` stores it (the slow, general path)."""
    if value_kind(value) == "null":
        return None
    if kind == "float":
        return float(value)
    if kind in ("bool", "int", "date"):
        return value
    if kind == "datetime":
        return value.replace(tzinfo=None) if value.tzinfo else value
    return text_value(value)


# Parquet columns are built from buffers rather than with pyarrow.array(): with numpy installed,
# pyarrow.array() asks whether pandas is importable (to recognise a Series), which imports
# pandas, some 50 MB, into a process that never uses it. The buffers are bytes and arrays owned
# by Python, wrapped without a copy, and each batch's values are gone once it is built.

_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
_EPOCH = dt.datetime(1970, 1, 1)
_MICROSECOND = dt.timedelta(microseconds=1)
_BITS = bytes.maketrans(b"\x00\x01", b"01")
_MAX_OFFSET = 2**31 - 1


def _bitmap(flags: bytes) -> bytes:
    """Arrow's bitmap (least significant bit first) of ``flags``, one byte 0 or 1 per value."""
    if not flags:
        return b""
    return int(flags.translate(_BITS)[::-1], 2).to_bytes((len(flags) + 7) // 8, "little")


def _validity(values: list[Any]) -> tuple[Any, int]:
    """The validity buffer (``None`` if nothing is null) and the null count of ``values``."""
    if None not in values:
        return None, 0
    import pyarrow as pa

    flags = bytes(map(operator.is_not, values, itertools.repeat(None)))
    return pa.py_buffer(_bitmap(flags)), flags.count(0)


def _fixed_width_array(arrow_type: Any, code: str, values: list[Any]) -> Any:
    """An Arrow array of ``values`` (``None`` for null) through an :mod:`array` of ``code``."""
    import pyarrow as pa

    validity, nulls = _validity(values)
    data = array.array(code, [0 if v is None else v for v in values] if nulls else values)
    return pa.Array.from_buffers(arrow_type, len(values), [validity, pa.py_buffer(data)], nulls)


def _bool_array(values: list[Any]) -> Any:
    import pyarrow as pa

    if not all(v is None or type(v) is bool for v in values):
        bad = next(v for v in values if v is not None and type(v) is not bool)
        raise TypeError(f"Parquet bool column: {type(bad).__name__} value {bad!r}")
    validity, nulls = _validity(values)
    data = _bitmap(bytes(v is True for v in values))
    return pa.Array.from_buffers(pa.bool_(), len(values), [validity, pa.py_buffer(data)], nulls)


def _string_array(values: list[Any]) -> Any:
    """An Arrow string array of ``values`` (``str`` or ``None``)."""
    import pyarrow as pa

    validity, nulls = _validity(values)
    texts: list[str] = [v or "" for v in values] if nulls else values
    data = "".join(texts).encode("utf-8")
    if len(data) == sum(map(len, texts)):  # ASCII only: a character is a byte
        lengths: Iterable[int] = map(len, texts)
    else:
        lengths = [len(t.encode("utf-8")) for t in texts]
    if len(data) > _MAX_OFFSET:
        raise ValueError("a Parquet string column exceeds 2 GiB within one batch of rows")
    offsets = array.array("i", itertools.accumulate(lengths, initial=0))
    return pa.Array.from_buffers(
        pa.string(), len(values), [validity, pa.py_buffer(offsets), pa.py_buffer(data)], nulls
    )


def _arrow_column(kind: str, cells: Iterable[Any]) -> Any:
    """One column of a batch as an Arrow array of the type :func:`arrow_type` gives ``kind``.

    Values of the column's own kind take a fast path; the rest (nulls, NaN, ints in a float
    column, anything a caller's ``types`` did not foresee) go through :func:`parquet_value`.
    """
    import pyarrow as pa

    values: list[Any]
    if kind == "float":
        values = [
            v if type(v) is float and v == v else None if v is None else parquet_value(kind, v)
            for v in cells
        ]
        return _fixed_width_array(pa.float64(), "d", values)
    if kind == "int":
        values = [v if type(v) is int or v is None else parquet_value(kind, v) for v in cells]
        return _fixed_width_array(pa.int64(), "q", values)
    if kind == "bool":
        return _bool_array([v if type(v) is bool else parquet_value(kind, v) for v in cells])
    if kind == "date":
        values = [parquet_value(kind, v) for v in cells]
        days = [None if v is None else v.toordinal() - _EPOCH_ORDINAL for v in values]
        return _fixed_width_array(pa.date32(), "i", days)
    if kind == "datetime":
        values = [parquet_value(kind, v) for v in cells]
        micros = [None if v is None else (v - _EPOCH) // _MICROSECOND for v in values]
        return _fixed_width_array(pa.timestamp("us"), "q", micros)
    return _string_array(
        [v if type(v) is str else None if v is None else parquet_value(kind, v) for v in cells]
    )


class _RowGroups:
    """Rows converted to Arrow ``PARQUET_BATCH`` at a time; batches written as row groups."""

    def __init__(self, writer: Any, schema: Any, kinds: list[str]) -> None:
        self.writer = writer
        self.schema = schema
        self.kinds = kinds
        self.group_rows = PARQUET_ROW_GROUP
        self.batch_rows = min(PARQUET_BATCH, self.group_rows)
        self.rows_in: list[list[Any]] = []
        self.batches: list[Any] = []
        self.pending_rows = self.pending_bytes = 0

    def add(self, cells: list[Any]) -> None:
        """Take one row; convert and write when a batch or a row group is full."""
        self.rows_in.append(cells)
        if len(self.rows_in) >= self.batch_rows or (
            self.pending_rows + len(self.rows_in) >= self.group_rows
        ):
            self.convert()
            if (
                self.pending_rows >= self.group_rows
                or self.pending_bytes >= PARQUET_ROW_GROUP_BYTES
            ):
                self.flush()

    def convert(self) -> None:
        """Turn the rows taken into one Arrow record batch."""
        import pyarrow as pa

        rows_in = self.rows_in
        by_column = zip(*rows_in, strict=True) if rows_in else ([] for _ in self.kinds)
        arrays = [_arrow_column(k, col) for k, col in zip(self.kinds, by_column, strict=True)]
        batch = pa.RecordBatch.from_arrays(arrays, schema=self.schema)
        self.batches.append(batch)
        self.pending_rows += len(rows_in)
        self.pending_bytes += batch.nbytes
        rows_in.clear()

    def flush(self) -> None:
        """Write the pending batches as a row group and hand Arrow's freed pages back."""
        import pyarrow as pa

        table = pa.Table.from_batches(self.batches, self.schema)
        self.batches.clear()
        self.writer.write_table(table, row_group_size=self.group_rows)
        self.pending_rows = self.pending_bytes = 0
        pa.default_memory_pool().release_unused()

    def finish(self, count: int) -> None:
        """Write what is pending (an empty row group for no rows at all)."""
        if self.rows_in or count == 0:
            self.convert()
        if self.pending_rows or count == 0:
            self.flush()


def write_parquet(
    tmp: Path, columns: list[str], rows: Iterable[Sequence[Any]], types: ColumnTypes
) -> int:
    """Write ``rows`` to Parquet with a schema typed by ``types``; return the number of rows.

    Rows are converted to Arrow ``PARQUET_BATCH`` at a time, and the compact batches written
    as a row group every ``PARQUET_ROW_GROUP`` rows or ``PARQUET_ROW_GROUP_BYTES`` of Arrow
    data, whichever comes first, so memory does not grow with wide rows either.

    Arrow's allocator (mimalloc by default) keeps the pages the Parquet encoder frees, some
    15-30 MB per row group with Snappy; they are handed back after each row group. (The
    encoder always allocates from Arrow's C++ default pool: ``pyarrow.set_memory_pool`` and
    ``ParquetWriter(memory_pool=...)`` do not reach it.)
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    kinds = [types.kind(c) for c in columns]
    schema = pa.schema([pa.field(c, arrow_type(k)) for c, k in zip(columns, kinds, strict=True)])
    width = len(columns)
    count = 0
    with pq.ParquetWriter(tmp, schema) as writer:
        groups = _RowGroups(writer, schema, kinds)
        for row in rows:
            cells = list(row)  # held until its batch is built: a copy, should the caller reuse it
            if len(cells) != width:
                raise ValueError(f"row {count + 1} has {len(cells)} values for {width} columns")
            count += 1
            groups.add(cells)
        groups.finish(count)
    return count
