"""Delimited text input: encoding and delimiter detected (or given), BOM tolerated, broken
quotes located by line and column."""

from __future__ import annotations

import codecs
import csv
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import TextIO

from bulk_enrich.cli.columns import HEADER_SEARCH_ROWS
from bulk_enrich.cli.errors import InputError, UsageError
from bulk_enrich.cli.table import Row, take_header, unique_columns

_DELIMITERS = (",", ";", "\t", "|")
Records = Generator[tuple[int, list[str]], None, None]
_CP1252_UNDEFINED = b"\x81\x8d\x8f\x90\x9d"
#: Bytes read at a time to guess the encoding.
BLOCK_SIZE = 1 << 20


class EncodingGuess:
    """Guesses a text encoding from a file's bytes fed in order, block by block.

    BOM first; else UTF-8 if the whole file decodes; else cp1252 (latin-1 if cp1252 cannot).
    """

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._bom: str | None = None
        self._started = False
        self._utf8 = True
        self._undefined_cp1252 = False

    def feed(self, block: bytes) -> None:
        """Take the next block of the file."""
        if not self._started:
            self._started = True
            self._bom = _bom_encoding(block[:4])
        if self._bom is not None:
            return
        if block.isascii() and not self._decoder.getstate()[0]:
            return  # valid in every candidate encoding (both checks run at memory speed)
        if self._utf8:
            try:
                self._decoder.decode(block)
            except UnicodeDecodeError:
                self._utf8 = False
        if not self._undefined_cp1252:
            self._undefined_cp1252 = len(block.translate(None, _CP1252_UNDEFINED)) < len(block)

    def result(self) -> str:
        """The encoding, once every block was fed."""
        if self._bom is not None:
            return self._bom
        if self._utf8:
            try:
                self._decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                self._utf8 = False
        if self._utf8:
            return "utf-8"
        return "latin-1" if self._undefined_cp1252 else "cp1252"


def _bom_encoding(head: bytes) -> str | None:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def detect_encoding(path: Path) -> str:
    """The encoding :class:`EncodingGuess` gives the file at ``path``."""
    guess = EncodingGuess()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(BLOCK_SIZE), b""):
            guess.feed(block)
    return guess.result()


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


_NEXT_STATE = {
    # state -> (after a quote, after the delimiter, after a line break, after anything else)
    "start": ("quoted", "start", "start", "plain"),
    "plain": ("plain", "start", "plain", "plain"),
    "quoted": ("closing", "quoted", "quoted", "quoted"),
    "closing": ("quoted", "start", "start", "broken"),
}


def locate_quote_error(text: str, delimiter: str) -> int:
    """Index of the field where quoting breaks in one raw CSV record (0-based)."""
    field = 0
    state = "start"
    for char in text:
        after_quote, after_delimiter, after_break, after_other = _NEXT_STATE[state]
        if char == '"':
            state = after_quote
        elif char == delimiter:
            state = after_delimiter
            if state == "start":
                field += 1
        elif char in "\r\n":
            state = after_break
        else:
            state = after_other
            if state == "broken":
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
    """Delimited text with the delimiter and encoding detected (or given); BOM tolerated.

    ``detected_encoding`` is the encoding a scan of the file already guessed (used when
    ``encoding`` is not given); without it the file is read once more to guess it.
    """

    def __init__(
        self,
        path: Path,
        *,
        delimiter: str | None = None,
        encoding: str | None = None,
        detected_encoding: str | None = None,
        header_row: int | None = None,
    ) -> None:
        self.path = path
        if delimiter is not None:
            delimiter = {"tab": "\t", "\\t": "\t"}.get(delimiter, delimiter)
            if len(delimiter) != 1:
                raise UsageError(f"--delimiter must be one character, got {delimiter!r}")
        self.encoding = encoding or detected_encoding or detect_encoding(path)
        try:
            codecs.lookup(self.encoding)
        except LookupError:
            raise UsageError(f"unknown encoding {self.encoding!r}") from None
        self.delimiter = delimiter or ""
        #: The first line of each of the top records (where the header is looked for).
        self._top_lines: list[int] = []
        self._source: Records | None = self._records()
        self._skip, header, rest = take_header(path, self._source, header_row)
        #: The line the header starts on; None when the top records could not all be read.
        self.header_line = self._top_lines[self._skip - 1] if rest is not None else None
        self._pending: Iterator[tuple[int, list[str]]] | None = rest
        self.columns = unique_columns(path, list(header))
        #: The header as the file has it (blank and repeated names kept), for the output.
        self.header = [str(cell) for cell in header]

    def describe(self) -> str:
        """``CSV (utf-8, delimiter ',')``."""
        shown = {"\t": "tab"}.get(self.delimiter, repr(self.delimiter))
        return f"CSV ({self.encoding}, delimiter {shown})"

    def close(self) -> None:
        """Close the file if the rows were not read to the end."""
        if self._source is not None:
            self._source.close()
            self._source = self._pending = None

    def _detect_delimiter(self, fh: TextIO) -> None:
        try:
            first = fh.readline()
        except UnicodeDecodeError as exc:
            raise InputError(
                self.path, f"cannot be decoded as {self.encoding}: {exc.reason}"
            ) from None
        fh.seek(0)
        self.delimiter = detect_delimiter(first)

    def _records(self) -> Records:
        """``(first line, fields)`` of every non-blank record, the header included.

        The fast path hands the file straight to ``csv.reader``; a broken quote is then
        located by reading again up to it, keeping each record's raw text (:meth:`_located`).
        """
        with self.path.open(encoding=self.encoding, newline="") as fh:
            if not self.delimiter:
                self._detect_delimiter(fh)
            reader = csv.reader(fh, delimiter=self.delimiter, strict=True)
            line = count = 0
            try:
                for record in reader:
                    if record and (len(record) > 1 or record[0].strip()):
                        count += 1
                        if count <= HEADER_SEARCH_ROWS:
                            self._top_lines.append(line + 1)
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
        """The data rows, each padded or trimmed (if the extra fields are blank) to the header."""
        records: Iterator[tuple[int, list[str]]] | None = self._pending
        self._pending = self._source = None
        if records is None:
            records = self._records()
            for _ in range(self._skip):  # the title rows and the header
                next(records)
        width = len(self.columns)
        for number, (line, record) in enumerate(records, start=1):
            if len(record) != width:
                record = self._fit(record, number, line)
            yield Row(number, record, f"line {line}")

    def _fit(self, record: list[str], number: int, line: int) -> list[str]:
        width = len(self.columns)
        if len(record) < width:
            return record + [""] * (width - len(record))
        if any(value.strip() for value in record[width:]):
            raise InputError(
                self.path,
                f"has {len(record)} fields but the header has {width} "
                "(a stray delimiter or a broken quote?)",
                row=number,
                column=f"field {width + 1}",
                locator=f"line {line}",
            )
        return record[:width]
