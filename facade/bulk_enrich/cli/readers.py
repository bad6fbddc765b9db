"""Tabular input: the format from the extension, the reader it needs, one scan for the hash.

Readers exist for CSV (delimiter and encoding detected), XLSX, Parquet, JSON Lines and JSON
arrays. Each exposes the header (``columns``) and ``rows()``, each row a :class:`Row` whose
values line up with the header. Rows are streamed, never loaded whole (except a JSON array
input, which is one document by nature), and a reader opens its file once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from bulk_enrich.cli import read_csv
from bulk_enrich.cli.errors import UsageError
from bulk_enrich.cli.formats import FORMATS_BY_SUFFIX, INPUT_FORMATS
from bulk_enrich.cli.read_csv import (
    CsvReader,
    EncodingGuess,
    detect_delimiter,
    detect_encoding,
    locate_quote_error,
)
from bulk_enrich.cli.read_json import JsonArrayReader, JsonLinesReader
from bulk_enrich.cli.read_sheets import ParquetReader, XlsxReader
from bulk_enrich.cli.table import Row, TableReader, unique_columns


@dataclass(frozen=True)
class FileScan:
    """What one read of a file's bytes tells: its SHA-256 and the text encoding it suggests."""

    sha256: str
    encoding: str
    #: The first line's ending: ``\r\n`` or ``\n``.
    newline: str = "\n"


def scan_file(path: Path) -> FileScan:
    """Hash ``path``, guess its text encoding and line ending in one read, in blocks."""
    digest = hashlib.sha256()
    guess = EncodingGuess()
    newline = ""
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(read_csv.BLOCK_SIZE), b""):
            digest.update(block)
            guess.feed(block)
            if not newline and b"\n" in block:
                end = block.index(b"\n")
                newline = "\r\n" if end and block[end - 1] == 13 else "\n"
    return FileScan(digest.hexdigest(), guess.result(), newline or "\n")


def scan_bytes(data: bytes, sha256: str | None = None) -> FileScan:
    """:func:`scan_file` of a file already read whole (the same blocks, the same answer);
    ``sha256``: the bytes' SHA-256, when known already."""
    guess = EncodingGuess()
    size = read_csv.BLOCK_SIZE
    for start in range(0, len(data), size):
        guess.feed(data[start : start + size])
    end = data.find(b"\n")
    newline = "\n"
    if end > 0 and end % size and data[end - 1] == 13:  # (a break at a block's start counts as \n)
        newline = "\r\n"
    return FileScan(sha256 or hashlib.sha256(data).hexdigest(), guess.result(), newline)


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(read_csv.BLOCK_SIZE), b""):
            digest.update(block)
    return digest.hexdigest()


def detect_format(path: Path, explicit: str | None = None) -> str:
    """The input format from ``explicit`` or the file extension."""
    if explicit:
        return explicit
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise UsageError(
            f"{path.name}: XLS (Excel 97-2003) is not supported; save it as XLSX or CSV"
        )
    if suffix not in FORMATS_BY_SUFFIX:
        raise UsageError(
            f"{path.name}: cannot tell the format from the extension {suffix!r}; "
            f"use --input-format {{{','.join(INPUT_FORMATS)}}}"
        )
    return FORMATS_BY_SUFFIX[suffix]


def check_input(path: Path, input_format: str | None = None) -> str:
    """The format of the input file at ``path``; :class:`UsageError` if it cannot be read."""
    if not path.exists():
        raise UsageError(f"{path}: no such file")
    if path.is_dir():
        raise UsageError(f"{path}: is a directory, not an input file")
    return detect_format(path, input_format)


def open_table(
    path: Path,
    *,
    input_format: str | None = None,
    delimiter: str | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
    scan: FileScan | None = None,
    header_row: int | None = None,
) -> TableReader:
    """Open ``path`` with the reader its format needs and read its header.

    ``scan`` (from :func:`scan_file`) spares a CSV reader its own read to guess the encoding.
    CSV and XLSX find their header below any title rows, or on line ``header_row``.
    Raises :class:`UsageError` (or :class:`InputError`) if the file cannot be read.
    """
    fmt = check_input(path, input_format)
    if fmt == "csv":
        detected = scan.encoding if scan is not None else None
        return CsvReader(
            path,
            delimiter=delimiter,
            encoding=encoding,
            detected_encoding=detected,
            header_row=header_row,
        )
    if fmt == "xlsx":
        return XlsxReader(path, sheet=sheet, header_row=header_row)
    if fmt == "parquet":
        return ParquetReader(path)
    if fmt == "jsonl":
        return JsonLinesReader(path)
    if fmt == "json":
        return JsonArrayReader(path)
    raise UsageError(f"unknown input format {fmt!r}")


__all__ = [
    "FORMATS_BY_SUFFIX",
    "INPUT_FORMATS",
    "CsvReader",
    "FileScan",
    "JsonArrayReader",
    "JsonLinesReader",
    "ParquetReader",
    "Row",
    "TableReader",
    "XlsxReader",
    "check_input",
    "detect_delimiter",
    "detect_encoding",
    "detect_format",
    "file_sha256",
    "locate_quote_error",
    "open_table",
    "scan_bytes",
    "scan_file",
    "unique_columns",
]
