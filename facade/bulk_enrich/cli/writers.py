"""Writers for tabular output (CSV, XLSX, Parquet, JSON Lines, JSON), streamed and atomic.

Rows are written one at a time (Parquet in row groups) to a temporary file in the output's
directory, which is flushed, fsynced and renamed over the output only when complete.
"""

from __future__ import annotations

import array
import contextlib
import csv
import datetime as dt
import itertools
import json
import math
import operator
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from bulk_enrich.cli.errors import UsageError

OUTPUT_FORMATS_BY_SUFFIX = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".xlsx": "xlsx",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
}
OUTPUT_FORMATS = ("csv", "tsv", "xlsx", "parquet", "jsonl", "json")
PARQUET_ROW_GROUP = 10_000  # rows per Parquet row group
PARQUET_ROW_GROUP_BYTES = 16 * 2**20  # or fewer rows, once their Arrow data is this large
PARQUET_BATCH = 2_000  # rows converted to Arrow at a time
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_XLSX_MAX_CELL = 32_767


def output_format(path: Path, explicit: str | None = None) -> str:
    """The output format from ``explicit`` or the extension; :class:`UsageError` if unknown."""
    if explicit:
        return explicit
    fmt = OUTPUT_FORMATS_BY_SUFFIX.get(path.suffix.lower())
    if fmt is None:
        raise UsageError(
            f"{path.name}: cannot tell the output format from the extension "
            f"{path.suffix!r}; use one of {', '.join(sorted(OUTPUT_FORMATS_BY_SUFFIX))} "
            "or --output-format"
        )
    return fmt


def check_writable_format(fmt: str) -> None:
    """Fail early (before any work) when the output format needs a missing optional package."""
    if fmt == "xlsx":
        _require("openpyxl", "XLSX")
    elif fmt == "parquet":
        _require("pyarrow", "Parquet")


def _require(module: str, what: str) -> None:
    try:
        __import__(module)
    except ImportError:
        raise UsageError(
            f"{what} output needs {module}: pip install 'bulk-enrich[formats]'"
        ) from None


# --------------------------------------------------------------------------- value kinds


def value_kind(value: Any) -> str:
    """The kind of a value, as column typing sees it."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "str"
    if isinstance(value, dt.datetime):
        return "datetime"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, dict | list | tuple):
        return "json"
    return "str"


# value_kind() of a value of exactly one of these types, except NaN (null)
_EXACT_KINDS: dict[type, str] = {
    str: "str",
    bool: "bool",
    int: "int",
    float: "float",
    dict: "json",
    list: "json",
    tuple: "json",
    dt.datetime: "datetime",
    dt.date: "date",
}


class ColumnTypes:
    """Accumulates the kinds of value seen per column, to type a Parquet schema."""

    def __init__(self) -> None:
        self._kinds: dict[str, set[str]] = {}

    def observe(self, column: str, value: Any) -> None:
        """Record one value of ``column``."""
        self.observe_row((column,), (value,))

    def observe_row(self, columns: Iterable[str], values: Iterable[Any]) -> None:
        """Record a whole row (``columns`` and ``values`` in step, e.g. a dict and its values)."""
        kinds = self._kinds
        exact = _EXACT_KINDS
        for column, value in zip(columns, values, strict=False):
            kind = exact.get(type(value))
            if kind is None:
                if value is None:
                    continue
                kind = value_kind(value)
                if kind == "null":
                    continue
            elif kind == "float" and value != value:  # NaN
                continue
            seen = kinds.get(column)
            if seen is None:
                kinds[column] = {kind}
            elif kind not in seen:
                seen.add(kind)

    def kind(self, column: str) -> str:
        """One kind for the column: a single kind, ``float`` for int+float, else ``str``."""
        kinds = self._kinds.get(column, set())
        if not kinds:
            return "null"
        if len(kinds) == 1:
            return next(iter(kinds))
        if kinds == {"int", "float"}:
            return "float"
        return "str"


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def _clean_json(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _clean_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean_json(v) for v in value]
    return value


def text_value(value: Any) -> str:
    """A value as CSV text: empty for null, ``true``/``false``, JSON for lists and objects."""
    kind_of = type(value)
    if kind_of is str:
        return value  # type: ignore[no-any-return]
    if value is None:
        return ""
    if kind_of is bool:
        return "true" if value else "false"
    if kind_of is int:
        return str(value)
    kind = value_kind(value)
    if kind == "null":
        return ""
    if kind == "bool":
        return "true" if value else "false"
    if kind in ("int", "str"):
        return str(value)
    if kind == "float":
        return repr(float(value))
    if kind in ("datetime", "date"):
        return str(value.isoformat())
    if kind == "json":
        return json.dumps(_clean_json(value), ensure_ascii=False, default=_json_default)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


# --------------------------------------------------------------------------- atomic files


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path``; renamed over it (after fsync) if the block succeeds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual permissions
        yield tmp
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def fsync_dir(directory: Path) -> None:
    """Persist a rename in ``directory`` (no-op where directories cannot be opened)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- writers


def write_table(
    path: Path,
    columns: list[str],
    rows: Iterable[list[Any]],
    *,
    fmt: str | None = None,
    types: ColumnTypes | None = None,
) -> int:
    """Write ``rows`` under ``columns`` to ``path`` atomically; return the number of rows."""
    fmt = output_format(path, fmt)
    check_writable_format(fmt)
    with atomic_path(path) as tmp:
        if fmt in ("csv", "tsv"):
            return _write_csv(tmp, columns, rows, "\t" if fmt == "tsv" else ",")
        if fmt == "jsonl":
            return _write_jsonl(tmp, columns, rows)
        if fmt == "json":
            return _write_json(tmp, columns, rows)
        if fmt == "xlsx":
            return _write_xlsx(tmp, columns, rows)
        if fmt == "parquet":
            return _write_parquet(tmp, columns, rows, types or ColumnTypes())
    raise UsageError(f"unknown output format {fmt!r}")


def _csv_cells(row: Iterable[Any]) -> list[Any]:
    """``row`` ready for :func:`csv.writer`: each cell written as :func:`text_value` gives it.

    The writer already writes ``str`` as is, ``None`` as empty and ``int`` and ``float`` with
    ``str()`` (which is ``repr()`` for floats), so those cells pass untouched, and ``bool`` is
    converted inline; only the rest (NaN, lists, dicts, dates, subclasses, ...) go through
    :func:`text_value`. The checks are on the exact type, so a subclass with its own
    ``__str__`` is never handed to the writer.
    """
    return [
        v
        if (t := type(v)) is str or v is None or t is int or (t is float and v == v)
        else ("true" if v else "false")
        if t is bool
        else text_value(v)
        for v in row
    ]


def _write_csv(tmp: Path, columns: list[str], rows: Iterable[list[Any]], delimiter: str) -> int:
    count = 0
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter, lineterminator="\n")
        writerow = writer.writerow
        writerow(columns)
        for row in rows:
            writerow(_csv_cells(row))
            count += 1
    return count


def _json_line(columns: list[str], row: list[Any]) -> str:
    record = {c: _clean_json(v) for c, v in zip(columns, row, strict=True)}
    return json.dumps(record, ensure_ascii=False, default=_json_default)


def _write_jsonl(tmp: Path, columns: list[str], rows: Iterable[list[Any]]) -> int:
    count = 0
    with tmp.open("w", encoding="utf-8", newline="\n") as fh:
        for row in rows:
            fh.write(_json_line(columns, row))
            fh.write("\n")
            count += 1
    return count


def _write_json(tmp: Path, columns: list[str], rows: Iterable[list[Any]]) -> int:
    count = 0
    fh: IO[str]
    with tmp.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("[")
        for row in rows:
            fh.write(",\n  " if count else "\n  ")
            fh.write(_json_line(columns, row))
            count += 1
        fh.write("\n]\n" if count else "]\n")
    return count


def _xlsx_value(value: Any) -> Any:
    kind = value_kind(value)
    if kind == "null":
        return None
    if kind in ("bool", "int", "float"):
        return value
    if kind == "datetime" and value.tzinfo is None:
        return value
    if kind == "date":
        return value
    text = _XLSX_ILLEGAL.sub("", text_value(value))
    return text[:_XLSX_MAX_CELL]


def _write_xlsx(tmp: Path, columns: list[str], rows: Iterable[list[Any]]) -> int:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("enriched")
    sheet.append([_xlsx_value(c) for c in columns])
    count = 0
    try:
        for row in rows:
            sheet.append([_xlsx_value(v) for v in row])
            count += 1
    except BaseException:
        # Close the sheet's XML streams in order and drop openpyxl's temporary file, or the
        # garbage collector closes them later, out of order ("I/O operation on closed file").
        with contextlib.suppress(Exception):
            sheet.close()
            sheet._writer.cleanup()
        raise
    workbook.save(tmp)
    return count


def _arrow_type(kind: str) -> Any:
    import pyarrow as pa

    return {
        "bool": pa.bool_(),
        "int": pa.int64(),
        "float": pa.float64(),
        "datetime": pa.timestamp("us"),
        "date": pa.date32(),
    }.get(kind, pa.string())


def _parquet_value(kind: str, value: Any) -> Any:
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
    """One column of a batch as an Arrow array of the type :func:`_arrow_type` gives ``kind``.

    Values of the column's own kind take a fast path; the rest (nulls, NaN, ints in a float
    column, anything a caller's ``types`` did not foresee) go through :func:`_parquet_value`.
    """
    import pyarrow as pa

    values: list[Any]
    if kind == "float":
        values = [
            v if type(v) is float and v == v else None if v is None else _parquet_value(kind, v)
            for v in cells
        ]
        return _fixed_width_array(pa.float64(), "d", values)
    if kind == "int":
        values = [v if type(v) is int or v is None else _parquet_value(kind, v) for v in cells]
        return _fixed_width_array(pa.int64(), "q", values)
    if kind == "bool":
        return _bool_array([v if type(v) is bool else _parquet_value(kind, v) for v in cells])
    if kind == "date":
        values = [_parquet_value(kind, v) for v in cells]
        days = [None if v is None else v.toordinal() - _EPOCH_ORDINAL for v in values]
        return _fixed_width_array(pa.date32(), "i", days)
    if kind == "datetime":
        values = [_parquet_value(kind, v) for v in cells]
        micros = [None if v is None else (v - _EPOCH) // _MICROSECOND for v in values]
        return _fixed_width_array(pa.timestamp("us"), "q", micros)
    return _string_array(
        [v if type(v) is str else None if v is None else _parquet_value(kind, v) for v in cells]
    )


def _write_parquet(
    tmp: Path, columns: list[str], rows: Iterable[list[Any]], types: ColumnTypes
) -> int:
    """Rows are converted to Arrow ``PARQUET_BATCH`` at a time, and the compact batches written
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
    schema = pa.schema([pa.field(c, _arrow_type(k)) for c, k in zip(columns, kinds, strict=True)])
    width = len(columns)
    group_rows = PARQUET_ROW_GROUP
    batch_rows = min(PARQUET_BATCH, group_rows)
    count = 0
    rows_in: list[list[Any]] = []
    batches: list[Any] = []
    pending_rows = pending_bytes = 0

    def convert() -> None:
        nonlocal pending_rows, pending_bytes
        by_column = zip(*rows_in, strict=True) if rows_in else ([] for _ in columns)
        arrays = [_arrow_column(k, col) for k, col in zip(kinds, by_column, strict=True)]
        batch = pa.RecordBatch.from_arrays(arrays, schema=schema)
        batches.append(batch)
        pending_rows += len(rows_in)
        pending_bytes += batch.nbytes
        rows_in.clear()

    def flush(writer: Any) -> None:
        nonlocal pending_rows, pending_bytes
        table = pa.Table.from_batches(batches, schema)
        batches.clear()
        writer.write_table(table, row_group_size=group_rows)
        pending_rows = pending_bytes = 0
        pa.default_memory_pool().release_unused()

    with pq.ParquetWriter(tmp, schema) as writer:
        for row in rows:
            cells = list(row)  # held until its batch is built: a copy, should the caller reuse it
            if len(cells) != width:
                raise ValueError(f"row {count + 1} has {len(cells)} values for {width} columns")
            rows_in.append(cells)
            count += 1
            if len(rows_in) >= batch_rows or pending_rows + len(rows_in) >= group_rows:
                convert()
                if pending_rows >= group_rows or pending_bytes >= PARQUET_ROW_GROUP_BYTES:
                    flush(writer)
        if rows_in or count == 0:
            convert()
        if pending_rows or count == 0:
            flush(writer)
    return count
