"""A block of rows as CSV text column by column (polars): the bytes :func:`csv.writer` writes.

:func:`csv_block` gives exactly what the row writer (:func:`bulk_enrich.cli.write_text
.write_csv`: :func:`~bulk_enrich.cli.blocks.csv_cells`, formula escaping, ``csv.writer`` with
minimal quoting) writes for the same rows, or None when it cannot be sure to: then the block is
written row by row. What it relies on, each checked here:

- the columns are lists of values or polars Series (the input's text; results decoded by
  polars, typed ``Float64``, ``Int64``, ``Boolean``, ``String`` or ``Null``), each taken as
  the list of its values would be;
- cells become text as ``csv_cells`` makes them: ``str`` as is, ``int`` as ``str()``, finite
  ``float`` as ``repr()`` (polars prints the same digits but for magnitudes below 1e-4, which
  go value by value), ``bool`` as ``true``/``false``, ``None`` empty; a column of any other
  value, or of mixed types, value by value as the row writer does. Numbers and booleans are
  left to polars' writer, which never quotes them: where the delimiter could occur in one
  (a letter, a digit, ``.``, ``+``, ``-``) they are made text first, to be quoted;
- formula-like text gets its ``'`` where :func:`~bulk_enrich.cli.outcells.escape_formulas`
  puts it (text only, numbers exempt), counted the same;
- quoting: polars quotes a cell holding the separator, ``"``, CR or LF, as ``csv.writer`` does
  with a ``\\r\\n`` terminator; with ``\\n`` a lone CR is not quoted by ``csv.writer``, so a
  block whose text holds a CR goes row by row; empty text is written empty (polars would
  write ``""``).

The checks are made without a pass of polars over every cell where they can be: a text
column's cells are Arrow string views, whose first byte is the low byte of the cell's length
and the fifth its first byte (:func:`_firsts`), so the columns that may hold an empty cell or
one starting like a formula are found from those bytes; only they are searched exactly. A CR
is looked for in the written bytes.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from bulk_enrich.batches import fast_available
from bulk_enrich.cli.blocks import Block, csv_cells
from bulk_enrich.cli.outcells import CSV_ESCAPED, escape_formulas

if TYPE_CHECKING:
    import polars

_NONE = type(None)
_FORMULA = r"^[=+\-@\t\r]"
_FORMULA_BYTES = b"=+-@\t\r"
_NUMBER = r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$"
#: Below this magnitude polars prints floats without Python's exponent.
_SMALL = 1e-4
#: Arrow's string view: 16 bytes, the length (int32) first, then the data's first bytes.
_VIEW = 16


def csv_block(
    block: Block, delimiter: str, newline: str, escape: bool, changes: Counter[str]
) -> bytes | None:
    """``block`` as the UTF-8 bytes of its CSV rows, or None (write it row by row)."""
    if (
        not block.count
        or len(block.columns) < 2  # csv.writer writes a row of one empty cell as ""
        or len(delimiter) != 1
        or delimiter in '"\r\n'
        or newline not in ("\n", "\r\n")
        or not fast_available()
    ):
        return None
    import polars as pl

    try:
        columns = _Columns(block, escape, delimiter.isalnum() or delimiter in ".+-")
        frame = columns.ready()
        buffer = io.BytesIO()
        frame.write_csv(
            buffer,
            include_header=False,
            separator=delimiter,
            line_terminator=newline,
            quote_style="necessary",
            null_value="",
        )
    except (ValueError, TypeError, OverflowError, pl.exceptions.PolarsError):
        return None
    text = buffer.getvalue()
    if newline == "\n" and b"\r" in text:  # a cell's CR, which csv.writer would not quote
        return None
    if columns.escaped:
        changes[CSV_ESCAPED] += columns.escaped
    return text


class _Columns:
    """A block's columns typed for polars (or already text), checked and made ready for
    polars' writer with as few passes over the cells as can be."""

    def __init__(self, block: Block, escape: bool, numbers_as_text: bool) -> None:
        import polars as pl

        self.escape = escape
        self.series: list[polars.Series] = []
        #: Indexes of the text columns (to check for formula-like and empty cells).
        self.texts: list[int] = []
        #: Indexes of the float columns (to check for values polars prints otherwise).
        self.floats: list[int] = []
        self.escaped = 0
        self.values = block.columns
        for index, values in enumerate(block.columns):
            name = f"c{index}"
            kind: type | None = None
            if isinstance(values, pl.Series):  # the input's cells, or results, typed by polars
                series, kind = _typed(values.alias(name))
                if kind is None:
                    values = values.to_list()
            if kind is None:
                exact = block.exact is not None and index >= block.exact
                series, kind = self._of_list(name, values, exact)
            if kind is int and numbers_as_text:
                series = series.cast(pl.String)
            elif kind is str:
                self.texts.append(index)
            elif kind is float:
                if numbers_as_text:  # checked as floats, then made text
                    series = series.cast(pl.String)
                self.floats.append(index)
            self.series.append(series)

    def _of_list(self, name: str, values: Sequence[Any], exact: bool) -> tuple[polars.Series, type]:
        """A list of values as a Series, and its kind: ``str`` (text, to check), ``float``,
        ``int`` (integers or booleans, typed) or ``object`` (text made value by value).

        Values known to be of exact built-in types are tried as text first: polars refuses
        any value but ``str`` and None (it would take a subclass's text, not its ``str()``)."""
        import polars as pl

        if exact:
            try:
                return pl.Series(name, values, dtype=pl.String, strict=True), str
            except TypeError:
                pass
        kinds = set(map(type, values))
        kinds.discard(_NONE)
        if kinds <= {str}:
            return pl.Series(name, values, dtype=pl.String), str
        if kinds == {float}:
            return pl.Series(name, values, dtype=pl.Float64), float
        if kinds == {bool}:
            return pl.Series(name, values, dtype=pl.Boolean), int
        if kinds == {int}:
            try:
                return pl.Series(name, values, dtype=pl.Int64), int
            except (TypeError, OverflowError):  # beyond 64 bits
                pass
        return self._cells(name, values), object

    def _list(self, index: int) -> list[Any]:
        """Column ``index``'s values as Python values."""
        values = self.values[index]
        return values.to_list() if hasattr(values, "to_list") else list(values)

    def _cells(self, name: str, values: Sequence[Any]) -> polars.Series:
        """A column of mixed types, converted (and escaped) value by value as the row writer
        (empty text null)."""
        import polars as pl

        cells = csv_cells(values)
        if self.escape:
            changes: Counter[str] = Counter()
            cells = escape_formulas(cells, changes)
            self.escaped += changes[CSV_ESCAPED]
        text = [None if v is None or v == "" else v if type(v) is str else str(v) for v in cells]
        return pl.Series(name, text, dtype=pl.String)

    def ready(self) -> polars.DataFrame:
        """The columns as polars is to write them: floats it would print otherwise than
        ``repr`` (not finite, or small) made text value by value, formula-like text escaped
        (counted), empty text null."""
        import polars as pl

        first: list[polars.Expr] = []
        for index in self.floats:
            c = pl.col(self.series[index].name).cast(pl.Float64)
            odd = ~c.is_finite() | ((c.abs() < _SMALL) & (c != 0.0))
            first.append(odd.any().alias(f"f{index}"))
        empty: list[int] = []
        for index in self.texts:
            series = self.series[index]
            c = pl.col(series.name)
            formula, blank = _firsts(series) or (True, True)
            if formula and self.escape:
                first.append(_risky(c).sum().alias(f"e{index}"))
            if blank:
                first.append((c.str.len_bytes() == 0).any().alias(f"b{index}"))
        frame = pl.DataFrame(self.series)
        escaped: set[int] = set()
        if first:
            for key, value in frame.select(first).row(0, named=True).items():
                index = int(key[1:])
                if key[0] == "f" and value:  # as the row writer writes them
                    self.series[index] = self._cells(self.series[index].name, self._list(index))
                    frame = frame.replace_column(index, self.series[index])
                elif key[0] == "e" and value:
                    self.escaped += int(value)
                    escaped.add(index)
                elif key[0] == "b" and value:
                    empty.append(index)
        changed = []
        for index in sorted(escaped.union(empty)):
            c = pl.col(self.series[index].name)
            if index in escaped:
                c = pl.when(_risky(c)).then(pl.lit("'") + c).otherwise(c)
            if index in empty:
                c = pl.when(c == "").then(None).otherwise(c)
            changed.append(c.alias(self.series[index].name))
        return frame.with_columns(changed) if changed else frame


def _typed(series: polars.Series) -> tuple[polars.Series, type | None]:
    """A typed Series as the list of its values would be taken, and its kind: text (``str``),
    floats (``float``, to check), integers and bools (``int``), nulls as empty text; kind
    None for another type (taken value by value)."""
    import polars as pl

    dtype = series.dtype
    if dtype == pl.String:
        return series, str
    if dtype == pl.Float64:
        return series, float
    if dtype in (pl.Int64, pl.Int32, pl.Boolean, pl.Null):
        return series, int
    return series, None


def _firsts(series: polars.Series) -> tuple[bool, bool] | None:
    """``(may a cell start like a formula, may a cell be empty)`` for a text Series, from
    each cell's Arrow string view: its fifth byte is the cell's first, its first the low byte
    of its length (a null's view may say anything: the exact checks follow); None when the
    views cannot be read.

    The views are read through the Arrow C data interface polars exports to (what its
    ``to_arrow`` hands pyarrow), with ctypes: importing pyarrow or numpy would cost a run that
    does not use them memory."""
    import ctypes

    if series.n_chunks() > 1:
        series = series.rechunk()
    schema_type, array_type = _arrow_structs()
    schema, array = schema_type(), array_type()
    try:
        series._s._export_arrow_to_c(ctypes.addressof(array), ctypes.addressof(schema))
    except Exception:
        return None
    try:
        if schema.format != b"vu" or array.n_buffers < 2:
            return None
        if not array.length:
            return False, False
        start = array.buffers[1] + array.offset * _VIEW
        views = ctypes.string_at(start, array.length * _VIEW)  # a copy, sliced faster
        firsts, lows = views[4::_VIEW], views[::_VIEW]
        return any(byte in firsts for byte in _FORMULA_BYTES), 0 in lows
    finally:
        if array.release:
            array.release(ctypes.byref(array))
        if schema.release:
            schema.release(ctypes.byref(schema))


@cache
def _arrow_structs() -> tuple[Any, Any]:
    """The Arrow C data interface's ``ArrowSchema`` and ``ArrowArray`` as ctypes structures."""
    import ctypes

    class Schema(ctypes.Structure):
        pass

    class Array(ctypes.Structure):
        pass

    Schema._fields_ = [
        ("format", ctypes.c_char_p),
        ("name", ctypes.c_char_p),
        ("metadata", ctypes.c_char_p),
        ("flags", ctypes.c_int64),
        ("n_children", ctypes.c_int64),
        ("children", ctypes.c_void_p),
        ("dictionary", ctypes.c_void_p),
        ("release", ctypes.CFUNCTYPE(None, ctypes.POINTER(Schema))),
        ("private_data", ctypes.c_void_p),
    ]
    Array._fields_ = [
        ("length", ctypes.c_int64),
        ("null_count", ctypes.c_int64),
        ("offset", ctypes.c_int64),
        ("n_buffers", ctypes.c_int64),
        ("n_children", ctypes.c_int64),
        ("buffers", ctypes.POINTER(ctypes.c_void_p)),
        ("children", ctypes.c_void_p),
        ("dictionary", ctypes.c_void_p),
        ("release", ctypes.CFUNCTYPE(None, ctypes.POINTER(Array))),
        ("private_data", ctypes.c_void_p),
    ]
    return Schema, Array


def _risky(c: polars.Expr) -> polars.Expr:
    """Formula-like text (a plain number excepted)."""
    return c.str.contains(_FORMULA) & ~c.str.contains(_NUMBER)
