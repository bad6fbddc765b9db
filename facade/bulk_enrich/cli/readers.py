"""Readers for tabular input: CSV (delimiter and encoding detected), XLSX, Parquet, JSON Lines.

Every reader exposes the header (``columns``) and re-iterable ``rows()``; each row is a
:class:`Row` whose values line up with the header. Rows are streamed, never loaded whole
(except a JSON array input, which is one document by nature).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from bulk_enrich.cli.errors import InputError, UsageError

logger = logging.getLogger(__name__)

FORMATS_BY_SUFFIX = {
    ".csv": "csv",
    ".tsv": "csv",
    ".tab": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
}
INPUT_FORMATS = ("csv", "xlsx", "parquet", "jsonl", "json")
_DELIMITERS = (",", ";", "\t", "|")
_CP1252_UNDEFINED = b"\x81\x8d\x8f\x90\x9d"
_BLOCK = 1 << 20


class Row(NamedTuple):
    """One data row: ``number`` counts data rows from 1; ``where`` locates it in the file."""

    number: int
    values: list[Any]
    where: str


class TableReader(Protocol):
    """What every input reader offers."""

    path: Path
    columns: list[str]

    def rows(self) -> Iterator[Row]:
        """Iterate the data rows from the start (may be called more than once)."""
        ...

    def describe(self) -> str:
        """A short description, e.g. ``CSV (utf-8, ';')``."""
        ...


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(_BLOCK), b""):
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


def open_table(
    path: Path,
    *,
    input_format: str | None = None,
    delimiter: str | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
) -> TableReader:
    """Open ``path`` with the reader its format needs; raise :class:`UsageError` if unreadable."""
    if not path.exists():
        raise UsageError(f"{path}: no such file")
    if path.is_dir():
        raise UsageError(f"{path}: is a directory, not an input file")
    fmt = detect_format(path, input_format)
    if fmt == "csv":
        return CsvReader(path, delimiter=delimiter, encoding=encoding)
    if fmt == "xlsx":
        return XlsxReader(path, sheet=sheet)
    if fmt == "parquet":
        return ParquetReader(path)
    if fmt == "jsonl":
        return JsonLinesReader(path)
    if fmt == "json":
        return JsonArrayReader(path)
    raise UsageError(f"unknown input format {fmt!r}")


def unique_columns(path: Path, names: list[Any]) -> list[str]:
    """Header names as strings, blanks named ``column_N``, duplicates suffixed ``_2``, ``_3``."""
    seen: dict[str, int] = {}
    out: list[str] = []
    for index, raw in enumerate(names, start=1):
        name = "" if raw is None else str(raw).strip()
        if not name:
            name = f"column_{index}"
        if name in seen:
            seen[name] += 1
            renamed = f"{name}_{seen[name]}"
            logger.warning("%s: duplicate column %r renamed %r", path.name, name, renamed)
            name = renamed
        seen.setdefault(name, 1)
        out.append(name)
    return out


# --------------------------------------------------------------------------- CSV


def detect_encoding(path: Path) -> str:
    """BOM first; else UTF-8 if the whole file decodes; else cp1252 (latin-1 if cp1252 cannot)."""
    with path.open("rb") as fh:
        head = fh.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
            return "utf-32"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        fh.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        undefined_cp1252 = False
        utf8 = True
        for block in iter(lambda: fh.read(_BLOCK), b""):
            if block.isascii() and not decoder.getstate()[0]:
                continue  # valid in every candidate encoding (both checks run at memory speed)
            if utf8:
                try:
                    decoder.decode(block)
                except UnicodeDecodeError:
                    utf8 = False
            if not undefined_cp1252 and len(block.translate(None, _CP1252_UNDEFINED)) < len(block):
                undefined_cp1252 = True
        if utf8:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                utf8 = False
    if utf8:
        return "utf-8"
    return "latin-1" if undefined_cp1252 else "cp1252"


def detect_delimiter(header_line: str) -> str:
    """The candidate delimiter occurring most often outside quotes in the header line."""
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for char in header_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def locate_quote_error(text: str, delimiter: str) -> int:
    """Index of the field where quoting breaks in one raw CSV record (0-based)."""
    field = 0
    state = "start"
    for char in text:
        if state == "start":
            if char == '"':
                state = "quoted"
            elif char == delimiter:
                field += 1
            elif char not in "\r\n":
                state = "plain"
        elif state == "plain":
            if char == delimiter:
                field += 1
                state = "start"
        elif state == "quoted":
            if char == '"':
                state = "closing"
        elif state == "closing":
            if char == '"':
                state = "quoted"
            elif char == delimiter:
                field += 1
                state = "start"
            elif char in "\r\n":
                state = "start"
            else:
                return field
    return field


class _LineTap:
    """Feeds lines to ``csv.reader`` while remembering the current record's raw text."""

    def __init__(self, lines: Iterator[str]) -> None:
        self._lines = lines
        self.record: list[str] = []

    def __iter__(self) -> _LineTap:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self.record.append(line)
        return line


class CsvReader:
    """Delimited text with the delimiter and encoding detected (or given); BOM tolerated."""

    def __init__(self, path: Path, *, delimiter: str | None = None, encoding: str | None = None):
        self.path = path
        if delimiter is not None:
            delimiter = {"tab": "\t", "\\t": "\t"}.get(delimiter, delimiter)
            if len(delimiter) != 1:
                raise UsageError(f"--delimiter must be one character, got {delimiter!r}")
        self.encoding = encoding or detect_encoding(path)
        try:
            codecs.lookup(self.encoding)
        except LookupError:
            raise UsageError(f"unknown encoding {self.encoding!r}") from None
        try:
            with path.open(encoding=self.encoding, newline="") as fh:
                first = fh.readline()
        except UnicodeDecodeError as exc:
            raise InputError(path, f"cannot be decoded as {self.encoding}: {exc.reason}") from None
        self.delimiter = delimiter or detect_delimiter(first)
        header: list[str] | None = None
        for _line, row in self._records():
            header = row
            break
        if header is None:
            raise InputError(path, "is empty (no header row)")
        self.columns = unique_columns(path, list(header))

    def describe(self) -> str:
        shown = {"\t": "tab"}.get(self.delimiter, repr(self.delimiter))
        return f"CSV ({self.encoding}, delimiter {shown})"

    def _records(self) -> Iterator[tuple[int, list[str]]]:
        """``(first line, fields)`` of every non-blank record, the header included.

        The fast path hands the file straight to ``csv.reader``; a broken quote is then
        located by reading again up to it, keeping each record's raw text (:meth:`_located`).
        """
        with self.path.open(encoding=self.encoding, newline="") as fh:
            reader = csv.reader(fh, delimiter=self.delimiter, strict=True)
            line = count = 0
            try:
                for record in reader:
                    if record and (len(record) > 1 or record[0].strip()):
                        count += 1
                        yield line + 1, record
                    line = reader.line_num
            except csv.Error:
                # The data row being read when the quote broke (None: the header's).
                self._data_row_hint = count or None
            except UnicodeDecodeError as exc:
                raise InputError(
                    self.path,
                    f"cannot be decoded as {self.encoding}: {exc.reason}",
                    locator=f"line {reader.line_num + 1}",
                ) from None
            else:
                return
        for _ in self._located():  # raises the located error
            pass
        raise InputError(self.path, "cannot be read as CSV")  # pragma: no cover

    def _located(self) -> Iterator[tuple[int, list[str]]]:
        """Like :meth:`_records`, but keeping each record's raw text to locate a broken quote."""
        with self.path.open(encoding=self.encoding, newline="") as fh:
            tap = _LineTap(iter(fh))
            reader = csv.reader(tap, delimiter=self.delimiter, strict=True)
            while True:
                start_line = reader.line_num + 1
                tap.record = []
                try:
                    record = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    raise self._quote_error(exc, start_line, "".join(tap.record)) from None
                yield start_line, record

    def _quote_error(self, exc: csv.Error, start_line: int, text: str) -> InputError:
        index = locate_quote_error(text, self.delimiter)
        columns = getattr(self, "columns", None)
        column = None
        if columns is not None:
            column = columns[index] if index < len(columns) else f"field {index + 1}"
        reason = str(exc)
        if "unexpected end of data" in reason:
            reason = "a quoted field is never closed (broken quote)"
        else:
            reason = f"broken quote ({reason})"
        return InputError(
            self.path,
            reason,
            row=self._data_row_hint,
            column=column,
            locator=f"line {start_line}",
        )

    _data_row_hint: int | None = None

    def rows(self) -> Iterator[Row]:
        width = len(self.columns)
        records = self._records()
        next(records)  # the header
        number = 0
        for line, record in records:
            number += 1
            if len(record) == width:  # the common case
                yield Row(number, record, f"line {line}")
                continue
            if len(record) < width:
                record = record + [""] * (width - len(record))
            elif len(record) > width:
                extra = record[width:]
                if any(value.strip() for value in extra):
                    raise InputError(
                        self.path,
                        f"has {len(record)} fields but the header has {width} "
                        "(a stray delimiter or a broken quote?)",
                        row=number,
                        column=f"field {width + 1}",
                        locator=f"line {line}",
                    )
                record = record[:width]
            yield Row(number, record, f"line {line}")


# --------------------------------------------------------------------------- XLSX


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:
        raise UsageError("XLSX files need openpyxl: pip install 'bulk-enrich[formats]'") from None
    return openpyxl


class XlsxReader:
    """The first worksheet (or ``sheet``) of an XLSX workbook, read in streaming mode."""

    def __init__(self, path: Path, *, sheet: str | None = None) -> None:
        self.path = path
        self.sheet = sheet
        header: list[Any] | None = None
        for _sheet_row, values in self._sheet_rows():
            header = values
            break
        if header is None:
            raise InputError(path, "the worksheet is empty (no header row)")
        while header and header[-1] is None:
            header.pop()
        self.columns = unique_columns(path, header)

    def describe(self) -> str:
        return f"XLSX (sheet {self._sheet_title!r})"

    _sheet_title = ""

    def _sheet_rows(self) -> Iterator[tuple[int, list[Any]]]:
        openpyxl = _openpyxl()
        try:
            workbook = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for a file that is not XLSX
            raise InputError(
                self.path, f"is not a readable XLSX workbook ({type(exc).__name__}: {exc})"
            ) from None
        try:
            if self.sheet is not None:
                if self.sheet not in workbook.sheetnames:
                    raise UsageError(
                        f"{self.path.name}: no sheet {self.sheet!r}; sheets are "
                        + ", ".join(repr(n) for n in workbook.sheetnames)
                    )
                worksheet = workbook[self.sheet]
            else:
                worksheet = workbook.worksheets[0]
            self._sheet_title = worksheet.title
            for index, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
                cells = list(values)
                if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells):
                    continue
                yield index, cells
        finally:
            workbook.close()

    def rows(self) -> Iterator[Row]:
        width = len(self.columns)
        number = 0
        first = True
        for sheet_row, cells in self._sheet_rows():
            if first:
                first = False
                continue
            number += 1
            if len(cells) < width:
                cells = cells + [None] * (width - len(cells))
            elif len(cells) > width:
                if any(v is not None for v in cells[width:]):
                    raise InputError(
                        self.path,
                        "has a value beyond the last header column",
                        row=number,
                        column=f"field {width + 1}",
                        locator=f"sheet row {sheet_row}",
                    )
                cells = cells[:width]
            yield Row(number, cells, f"sheet row {sheet_row}")


# --------------------------------------------------------------------------- Parquet


def _pyarrow_parquet() -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise UsageError("Parquet files need pyarrow: pip install 'bulk-enrich[formats]'") from None
    return pq


class ParquetReader:
    """A Parquet file, read in record batches."""

    def __init__(self, path: Path) -> None:
        self.path = path
        pq = _pyarrow_parquet()
        try:
            self._names = list(pq.ParquetFile(path).schema_arrow.names)
        except Exception as exc:
            raise InputError(path, f"is not a readable Parquet file ({exc})") from None
        self.columns = unique_columns(path, list(self._names))

    def describe(self) -> str:
        return "Parquet"

    def rows(self) -> Iterator[Row]:
        pq = _pyarrow_parquet()
        number = 0
        try:
            parquet = pq.ParquetFile(self.path)
            for batch in parquet.iter_batches(batch_size=10_000):
                columns = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
                for values in zip(*columns, strict=True):
                    number += 1
                    yield Row(number, list(values), f"record {number}")
        except InputError:
            raise
        except Exception as exc:
            raise InputError(
                self.path, f"cannot be read ({exc})", row=number + 1 if number else None
            ) from None


# --------------------------------------------------------------------------- JSON


def _scalar_columns(path: Path, objects: Iterator[tuple[int, dict[str, Any]]]) -> list[str]:
    seen: dict[str, None] = {}
    for _line, obj in objects:
        for key in obj:
            seen.setdefault(key, None)
    if not seen:
        raise InputError(path, "holds no records")
    return list(seen)


class JsonLinesReader:
    """One JSON object per line; the columns are the keys in order of first appearance."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.columns = _scalar_columns(path, self._objects())

    def describe(self) -> str:
        return "JSON Lines"

    def _objects(self) -> Iterator[tuple[int, dict[str, Any]]]:
        try:
            yield from self._parse()
        except UnicodeDecodeError as exc:  # raised while reading lines, not by json.loads
            raise InputError(self.path, f"is not UTF-8 ({exc.reason})") from None

    def _parse(self) -> Iterator[tuple[int, dict[str, Any]]]:
        with self.path.open(encoding="utf-8-sig") as fh:
            number = 0
            for line_no, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                number += 1
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(
                        self.path,
                        f"invalid JSON ({exc.msg})",
                        row=number,
                        locator=f"line {line_no}",
                    ) from None
                if not isinstance(obj, dict):
                    raise InputError(
                        self.path,
                        f"expected a JSON object, got {type(obj).__name__}",
                        row=number,
                        locator=f"line {line_no}",
                    )
                yield line_no, obj

    def rows(self) -> Iterator[Row]:
        for number, (line_no, obj) in enumerate(self._objects(), start=1):
            yield Row(number, [obj.get(c) for c in self.columns], f"line {line_no}")


class JsonArrayReader:
    """A JSON document holding an array of objects."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            with path.open(encoding="utf-8-sig") as fh:
                data = json.load(fh)
        except json.JSONDecodeError as exc:
            raise InputError(
                path, f"invalid JSON ({exc.msg})", locator=f"line {exc.lineno}"
            ) from None
        except UnicodeDecodeError as exc:
            raise InputError(path, f"is not UTF-8 ({exc.reason})") from None
        if not isinstance(data, list):
            raise InputError(path, "expected a JSON array of objects")
        for number, obj in enumerate(data, start=1):
            if not isinstance(obj, dict):
                raise InputError(
                    path, f"expected a JSON object, got {type(obj).__name__}", row=number
                )
        self._records: list[dict[str, Any]] = data
        self.columns = _scalar_columns(path, iter(enumerate(data, start=1)))

    def describe(self) -> str:
        return "JSON"

    def rows(self) -> Iterator[Row]:
        for number, obj in enumerate(self._records, start=1):
            yield Row(number, [obj.get(c) for c in self.columns], f"record {number}")
