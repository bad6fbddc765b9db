"""Row-at-a-time writers of text formats (CSV, TSV, JSON Lines, JSON) and XLSX."""

from __future__ import annotations

import codecs
import contextlib
import csv
import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

from bulk_enrich.cli.blocks import Block, csv_cells
from bulk_enrich.cli.csv_block import csv_block
from bulk_enrich.cli.outcells import (
    XLSX_CONTROL,
    XLSX_TRUNCATED,
    WriteSettings,
    counting_replacements,
    escape_formulas,
)
from bulk_enrich.cli.values import clean_json, json_default, text_value, value_kind

_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_XLSX_MAX_CELL = 32_767


#: Bytes of an output written before their write to disk is started.
WRITEBACK_BYTES = 64 << 20


class Writeback:
    """Starts the disk write of an output's bytes while it is written, a few MiB at a time, so
    that the fsync of :func:`atomic_path` at the end has little left to wait for (with
    ``posix_fadvise``: Linux starts writing the dirty pages of a range it is advised not to
    keep, without waiting for them; elsewhere the advice does nothing)."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.started = 0

    def written(self) -> None:
        """Note that more was written and flushed (starts the write-back of the bytes past
        :data:`WRITEBACK_BYTES`)."""
        if not hasattr(os, "posix_fadvise"):
            return
        end = os.fstat(self.fd).st_size
        if end - self.started >= WRITEBACK_BYTES:
            with contextlib.suppress(OSError):
                os.posix_fadvise(self.fd, self.started, end - self.started, os.POSIX_FADV_DONTNEED)
            self.started = end


def write_csv(
    tmp: Path,
    columns: list[str],
    blocks: Iterable[Block],
    delimiter: str,
    settings: WriteSettings | None = None,
) -> int:
    """Write a header and the rows of ``blocks`` as delimited text; return the number of rows.

    ``settings`` give the encoding, line ending and formula escaping (by default UTF-8, LF,
    formula-like text escaped); changes made to values are counted in ``settings.changes``.
    A block is turned into text column by column when it can be (UTF-8,
    :mod:`bulk_enrich.cli.csv_block`), else row by row: the bytes are the same.
    """
    settings = settings or WriteSettings()
    escape = settings.csv_formulas == "escape"
    changes = settings.changes
    whole_blocks = codecs.lookup(settings.encoding).name == "utf-8"
    count = 0
    with (
        counting_replacements(changes) as errors,
        tmp.open("w", encoding=settings.encoding, errors=errors, newline="") as fh,
    ):
        writer = csv.writer(fh, delimiter=delimiter, lineterminator=settings.newline)
        writeback = Writeback(fh.fileno())
        writerow = writer.writerow
        writerow(escape_formulas(columns, changes) if escape else columns)
        for block in blocks:
            text = None
            if whole_blocks:
                text = csv_block(block, delimiter, settings.newline, escape, changes)
            if text is not None:
                fh.flush()
                fh.buffer.write(text)
            else:
                for row in block.rows():
                    cells = csv_cells(row)
                    if escape:
                        cells = escape_formulas(cells, changes)
                    writerow(cells)
            fh.flush()
            writeback.written()
            count += block.count
    return count


def _json_line(columns: list[str], row: Sequence[Any]) -> str:
    record = {c: clean_json(v) for c, v in zip(columns, row, strict=True)}
    return json.dumps(record, ensure_ascii=False, default=json_default)


def write_jsonl(tmp: Path, columns: list[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write one JSON object per row and line; return the number of rows."""
    count = 0
    with tmp.open("w", encoding="utf-8", newline="\n") as fh:
        for row in rows:
            fh.write(_json_line(columns, row))
            fh.write("\n")
            count += 1
    return count


def write_json(tmp: Path, columns: list[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write a JSON array of one object per row; return the number of rows."""
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


def xlsx_value(value: Any, changes: Counter[str]) -> Any:
    """A value as an XLSX cell holds it: numbers, booleans and naive dates typed, the rest
    text within the format's limits (control characters dropped, at most 32,767 characters),
    each change counted in ``changes``."""
    kind = value_kind(value)
    if kind == "null":
        return None
    if kind in ("bool", "int", "float"):
        return value
    if kind == "datetime" and value.tzinfo is None:
        return value
    if kind == "date":
        return value
    text = text_value(value)
    cleaned = _XLSX_ILLEGAL.sub("", text)
    if cleaned is not text and cleaned != text:
        changes[XLSX_CONTROL] += 1
    if len(cleaned) > _XLSX_MAX_CELL:
        changes[XLSX_TRUNCATED] += 1
        cleaned = cleaned[:_XLSX_MAX_CELL]
    return cleaned


def write_xlsx(
    tmp: Path,
    columns: list[str],
    rows: Iterable[Sequence[Any]],
    changes: Counter[str] | None = None,
) -> int:
    """Write one worksheet, ``enriched``, in write-only mode; return the number of rows.

    Text is always a string cell, never a formula, whatever its first character.
    """
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    changes = Counter() if changes is None else changes
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("enriched")

    def cells(values: Iterable[Any]) -> list[Any]:
        out = [xlsx_value(v, changes) for v in values]
        for index, value in enumerate(out):
            if type(value) is str and value.startswith("="):  # openpyxl's formula test
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"
                out[index] = cell
        return out

    sheet.append(cells(columns))
    count = 0
    try:
        for row in rows:
            sheet.append(cells(row))
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
