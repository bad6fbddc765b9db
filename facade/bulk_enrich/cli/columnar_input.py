"""A delimited file read column-wise by polars, when that gives exactly the rows ``csv`` gives.

:func:`read_frame` returns the data rows below the header as a frame of text columns (one per
header field, every cell a string, ``""`` where :class:`~bulk_enrich.cli.read_csv.CsvReader`
pads a short row), or None when polars might read the file differently from Python's ``csv``
module, which then reads it as before. polars is only trusted with UTF-8 text, one of the usual
delimiters, line breaks that are ``\\n`` or ``\\r\\n``, quotes that open and close whole fields
(checked on the bytes, :func:`quotes_are_plain`), no row wider than the header, no cell above the
``csv`` field size limit, and blank lines that can be told from rows of empty cells.
"""

from __future__ import annotations

import codecs
import csv
from typing import TYPE_CHECKING

from bulk_enrich.cli.read_csv import CsvReader

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import polars as pl

_BOM = codecs.BOM_UTF8
_QUOTE = ord('"')
_LF = ord("\n")
_CR = ord("\r")
#: Delimiters polars is trusted with.
DELIMITERS = frozenset(",;\t|")


def read_frame(table: CsvReader, data: bytes, detected: str) -> pl.DataFrame | None:
    """The data rows of ``table`` (whose file holds ``data``) as text columns, or None.

    ``detected`` is the encoding a scan of the bytes found (UTF-8 only if they all decode).
    """
    if detected not in ("utf-8", "utf-8-sig") or not _plain_text(table, data):
        return None
    import numpy as np

    array = np.frombuffer(data, dtype=np.uint8)
    if b"\r" in data and not _line_breaks_plain(array):  # a search for the byte: memchr
        return None
    quotes = np.flatnonzero(array == _QUOTE)
    start = len(_BOM) if data.startswith(_BOM) and table.encoding == "utf-8-sig" else 0
    if not quotes_are_plain(array, quotes, ord(table.delimiter), start):
        return None
    assert table.header_line is not None
    frame = _polars_read(table, data)
    if frame is None or not frame.height or frame.row(0) != tuple(table.header):
        return None
    frame = frame.slice(1)
    limit = csv.field_size_limit()
    if frame.height and len(data) > limit and _longest(frame) > limit:
        return None
    return _without_blank_lines(frame, array, quotes, table.header_line)


def _plain_text(table: CsvReader, data: bytes) -> bool:
    """UTF-8, a usual delimiter, a BOM only at the start."""
    if table.header_line is None or table.delimiter not in DELIMITERS:
        return False
    if codecs.lookup(table.encoding).name not in ("utf-8", "utf-8-sig"):
        return False
    return data.isascii() or data.find(_BOM, 1) == -1


def _line_breaks_plain(array: npt.NDArray[np.uint8]) -> bool:
    """Whether every ``\\r`` is followed by ``\\n`` (line breaks are ``\\n`` or ``\\r\\n``)."""
    import numpy as np

    returns = np.flatnonzero(array == _CR)
    if not returns.size:
        return True
    return bool(returns[-1] + 1 < array.size and (array[returns + 1] == _LF).all())


def quotes_are_plain(
    array: npt.NDArray[np.uint8], quotes: npt.NDArray[np.intp], delimiter: int, start: int = 0
) -> bool:
    """Whether every quote opens a field, closes it, or is doubled inside it (RFC 4180).

    Between runs of quotes the state (in or out of a quoted field) is the parity of the quotes
    before: a run met outside a field must start the field (after a delimiter, a line break or
    the start), and a run that leaves the field must be followed by a delimiter, a line break or
    the end. A quote inside an unquoted field (which ``csv`` keeps as text) or text after a
    closing quote (which ``csv`` refuses) fails the check, as does a field never closed.
    """
    import numpy as np

    count = quotes.size
    if not count:
        return True
    if count % 2 or quotes[0] < start:
        return False
    breaks = np.flatnonzero(np.diff(quotes) != 1) + 1
    first = np.concatenate(([0], breaks))  # index of each run's first quote
    stop = np.concatenate((breaks, [count]))  # one past each run's last quote
    opening = quotes[first[first % 2 == 0]]  # runs met outside a field
    before = array[np.maximum(opening - 1, 0)]
    at_start = (opening == start) | (before == delimiter) | (before == _LF)
    if not bool(at_start.all()):
        return False
    closing = quotes[stop[stop % 2 == 0] - 1]  # runs that end outside a field
    after_index = closing + 1
    inside = after_index < array.size
    after = array[np.minimum(after_index, array.size - 1)]
    ends = ~inside | (after == delimiter) | (after == _LF) | (after == _CR)
    return bool(ends.all())


def _polars_read(table: CsvReader, data: bytes) -> pl.DataFrame | None:
    import polars as pl

    assert table.header_line is not None
    width = len(table.header)
    try:
        return pl.read_csv(
            data,
            has_header=False,
            infer_schema=False,
            schema={f"c{i}": pl.String for i in range(width)},
            separator=table.delimiter,
            quote_char='"',
            skip_lines=table.header_line - 1,
            empty_string_is_null=False,
            truncate_ragged_lines=False,
            raise_if_empty=False,
            encoding="utf8",
        )
    except Exception:  # a row wider than the header, or anything polars cannot read
        return None


def _longest(frame: pl.DataFrame) -> int:
    """The most characters in a cell (counted only where the bytes are more)."""
    import polars as pl

    most = max(int(value or 0) for value in frame.select(pl.all().str.len_bytes().max()).row(0))
    if most <= csv.field_size_limit():
        return most
    return max(int(value or 0) for value in frame.select(pl.all().str.len_chars().max()).row(0))


def _without_blank_lines(
    frame: pl.DataFrame,
    array: npt.NDArray[np.uint8],
    quotes: npt.NDArray[np.intp],
    header_line: int,
) -> pl.DataFrame | None:
    """The frame without the rows of blank lines (``csv`` skips them), or None when rows that
    ``csv`` skips (a blank cell alone on its line) cannot be told from rows of empty cells."""
    import numpy as np
    import polars as pl

    from bulk_enrich.cli.columnar_rows import PY_SPACE

    names = frame.columns
    empty_rest = pl.all_horizontal([pl.col(c) == "" for c in names[1:]]) if names[1:] else True
    blankish = empty_rest & (pl.col(names[0]).str.strip_chars(PY_SPACE) == "")
    flags = frame.select(blankish.alias("b")).to_series()
    count = int(flags.sum())
    if not count:
        return frame
    breaks = np.flatnonzero(array == _LF)
    offset = int(breaks[header_line - 2]) + 1 if header_line > 1 else 0
    breaks = breaks[breaks >= offset]
    following = breaks + 1
    size = array.size
    blank = np.zeros(breaks.size, dtype=bool)
    has_next = following < size
    blank[has_next] = array[following[has_next]] == _LF
    has_two = following + 1 < size
    crlf = np.zeros(breaks.size, dtype=bool)
    crlf[has_two] = (array[following[has_two]] == _CR) & (array[following[has_two] + 1] == _LF)
    blank |= crlf
    outside = np.searchsorted(quotes, breaks) % 2 == 0
    if int((blank & outside).sum()) != count:
        return None
    return frame.filter(~flags)
