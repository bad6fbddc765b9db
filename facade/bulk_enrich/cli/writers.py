"""Tabular output (CSV, TSV, XLSX, Parquet, JSON Lines, JSON), streamed and atomic.

Rows are written one at a time (Parquet in row groups) to a temporary file in the output's
directory, which is flushed, fsynced and renamed over the output only when complete.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from bulk_enrich.cli.blocks import Block, blocks_of, rows_of
from bulk_enrich.cli.errors import UsageError
from bulk_enrich.cli.formats import OUTPUT_FORMATS
from bulk_enrich.cli.outcells import WriteSettings
from bulk_enrich.cli.values import ColumnTypes, text_value, value_kind
from bulk_enrich.cli.write_parquet import write_parquet
from bulk_enrich.cli.write_text import write_csv, write_json, write_jsonl, write_xlsx

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


def write_table(
    path: Path,
    columns: list[str],
    rows: Iterable[Sequence[Any]] = (),
    *,
    blocks: Iterable[Block] | None = None,
    fmt: str | None = None,
    types: ColumnTypes | None = None,
    settings: WriteSettings | None = None,
) -> int:
    """Write ``rows`` (or ``blocks`` of them) under ``columns`` to ``path`` atomically; return
    the number of rows.

    ``settings`` (CSV and TSV dialect, formula escaping) default to UTF-8, LF, escaped; the
    values changed on the way out are counted afresh in ``settings.changes``.
    """
    fmt = output_format(path, fmt)
    check_writable_format(fmt)
    settings = settings or WriteSettings()
    settings.changes.clear()
    if blocks is None:
        blocks = blocks_of(rows)
    else:
        rows = rows_of(blocks)
    with atomic_path(path) as tmp:
        if fmt in ("csv", "tsv"):
            delimiter = settings.delimiter or ("\t" if fmt == "tsv" else ",")
            return write_csv(tmp, columns, blocks, delimiter, settings)
        if fmt == "jsonl":
            return write_jsonl(tmp, columns, rows)
        if fmt == "json":
            return write_json(tmp, columns, rows)
        if fmt == "xlsx":
            return write_xlsx(tmp, columns, rows, settings.changes)
        if fmt == "parquet":
            return write_parquet(tmp, columns, rows, types or ColumnTypes())
    raise UsageError(f"unknown output format {fmt!r}")


__all__ = [
    "OUTPUT_FORMATS",
    "OUTPUT_FORMATS_BY_SUFFIX",
    "ColumnTypes",
    "WriteSettings",
    "atomic_path",
    "check_writable_format",
    "fsync_dir",
    "output_format",
    "text_value",
    "value_kind",
    "write_table",
]
