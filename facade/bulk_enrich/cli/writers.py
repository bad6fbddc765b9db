"""Writers for tabular output (CSV, XLSX, Parquet, JSON Lines, JSON), streamed and atomic.

Rows are written one at a time (Parquet in row groups) to a temporary file in the output's
directory, which is flushed, fsynced and renamed over the output only when complete.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import math
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
PARQUET_ROW_GROUP = 10_000
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


class ColumnTypes:
    """Accumulates the kinds of value seen per column, to type a Parquet schema."""

    def __init__(self) -> None:
        self._kinds: dict[str, set[str]] = {}

    def observe(self, column: str, value: Any) -> None:
        """Record one value of ``column``."""
        kind = value_kind(value)
        if kind != "null":
            self._kinds.setdefault(column, set()).add(kind)

    def observe_row(self, columns: Iterable[str], values: Iterable[Any]) -> None:
        """Record a whole row."""
        for column, value in zip(columns, values, strict=False):
            self.observe(column, value)

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
    for row in rows:
        sheet.append([_xlsx_value(v) for v in row])
        count += 1
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


def _write_parquet(
    tmp: Path, columns: list[str], rows: Iterable[list[Any]], types: ColumnTypes
) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    kinds = [types.kind(c) for c in columns]
    schema = pa.schema([pa.field(c, _arrow_type(k)) for c, k in zip(columns, kinds, strict=True)])
    count = 0
    buffer: list[list[Any]] = [[] for _ in columns]

    def flush(writer: Any) -> None:
        arrays = [pa.array(col, type=schema.field(i).type) for i, col in enumerate(buffer)]
        writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
        for col in buffer:
            col.clear()

    with pq.ParquetWriter(tmp, schema) as writer:
        pending = 0
        for row in rows:
            for i, value in enumerate(row):
                buffer[i].append(_parquet_value(kinds[i], value))
            pending += 1
            count += 1
            if pending >= PARQUET_ROW_GROUP:
                flush(writer)
                pending = 0
        if pending or count == 0:
            flush(writer)
    return count
