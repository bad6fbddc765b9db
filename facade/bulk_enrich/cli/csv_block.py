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
  take Python's ``repr``), ``bool`` as ``true``/``false``, ``None`` empty; a column of any
  other value, or of mixed types, value by value as the row writer does;
- formula-like text gets its ``'`` where :func:`~bulk_enrich.cli.outcells.escape_formulas`
  puts it (text only, numbers exempt), counted the same;
- quoting: polars quotes a cell holding the separator, ``"``, CR or LF, as ``csv.writer`` does
  with a ``\\r\\n`` terminator; with ``\\n`` a lone CR is not quoted by ``csv.writer``, so a
  block holding a CR goes row by row; empty text is written empty (polars would write ``""``).
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from bulk_enrich.batches import fast_available
from bulk_enrich.cli.blocks import Block, csv_cells
from bulk_enrich.cli.outcells import CSV_ESCAPED, escape_formulas

if TYPE_CHECKING:
    import polars

_NONE = type(None)
_FORMULA = r"^[=+\-@\t\r]"
#: Cells joined by newlines that may hold a CR or a cell starting like a formula (a line
#: of a cell so starting is a false alarm, for the second pass to settle).
_SUSPECT = r"\r|(?m:^)[=+\-@\t]"
_NUMBER = r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$"
#: Below this magnitude polars prints floats without Python's exponent.
_SMALL = 1e-4


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
        columns = _Columns(block, escape)
        if columns.checks(newline == "\n") is None:
            return None
        buffer = io.BytesIO()
        columns.text().write_csv(
            buffer,
            include_header=False,
            separator=delimiter,
            line_terminator=newline,
            quote_style="necessary",
            null_value="",
        )
    except (ValueError, TypeError, OverflowError, pl.exceptions.PolarsError):
        return None
    if columns.escaped:
        changes[CSV_ESCAPED] += columns.escaped
    return buffer.getvalue()


class _Columns:
    """A block's columns typed for polars (or already text), checked and made text with as
    few calls into polars as can be: one for the checks, one for the text."""

    def __init__(self, block: Block, escape: bool) -> None:
        import polars as pl

        self.escape = escape
        self.series: list[polars.Series] = []
        #: str (text to escape), float, int (digits or true/false: nothing to check), or
        #: object (text already).
        self.kinds: list[type] = []
        self.escaped = 0
        #: Text columns holding a cell to escape.
        self.to_escape: set[int] = set()
        self.values = block.columns
        for index, values in enumerate(block.columns):
            name = f"c{index}"
            if isinstance(values, pl.Series):  # the input's cells, or results, typed by polars
                typed = _typed(values.alias(name))
                if typed is not None:
                    self.series.append(typed[0])
                    self.kinds.append(typed[1])
                    continue
                values = values.to_list()
            kinds = set(map(type, values))
            kinds.discard(_NONE)
            kind: type = object
            if kinds <= {str}:
                series = pl.Series(name, values, dtype=pl.String)
                kind = str
            elif kinds == {float}:
                series = pl.Series(name, values, dtype=pl.Float64)
                kind = float
            elif kinds == {bool}:
                series = pl.Series(name, values, dtype=pl.Boolean).cast(pl.String)
                kind = int
            elif kinds == {int}:
                try:
                    series = pl.Series(name, values, dtype=pl.Int64).cast(pl.String)
                    kind = int
                except TypeError:  # beyond 64 bits
                    series = self._cells(name, values)
            else:
                series = self._cells(name, values)
            self.series.append(series)
            self.kinds.append(kind)

    def _list(self, index: int) -> list[Any]:
        """Column ``index``'s values as Python values."""
        values = self.values[index]
        return values.to_list() if hasattr(values, "to_list") else list(values)

    def _cells(self, name: str, values: Sequence[Any]) -> polars.Series:
        """A column of mixed types, converted (and escaped) value by value as the row writer."""
        import polars as pl

        cells = csv_cells(values)
        if self.escape:
            changes: Counter[str] = Counter()
            cells = escape_formulas(cells, changes)
            self.escaped += changes[CSV_ESCAPED]
        text = [None if v is None else v if type(v) is str else str(v) for v in cells]
        return pl.Series(name, text, dtype=pl.String)

    def checks(self, bare_cr_matters: bool) -> bool | None:
        """Check the floats (those not finite, or printed otherwise than by ``repr``, are
        redone) and the text (a lone CR), and count the cells to escape; None: write row by
        row.

        One pass finds the text columns that may hold a CR or a formula-like cell; a second,
        over those only, tells which and counts them."""
        import polars as pl

        first: list[polars.Expr] = []
        for index, (series, kind) in enumerate(zip(self.series, self.kinds, strict=True)):
            c = pl.col(series.name)
            if kind is float:
                first.append((~c.is_finite()).any().alias(f"{index}:bad"))
                small = (c.abs() < _SMALL) & (c != 0.0)
                first.append(small.any().alias(f"{index}:small"))
            elif kind is str:  # the cells joined by newlines: one search per column
                suspect = c.str.join("\n").str.contains(_SUSPECT)
                first.append(suspect.alias(f"{index}:suspect"))
            elif kind is object and bare_cr_matters:
                first.append(c.str.contains("\r", literal=True).any().alias(f"{index}:cr"))
        second: list[polars.Expr] = []
        for key, value in self._select(first).items():
            index, what = int(key.split(":")[0]), key.split(":")[1]
            c = pl.col(self.series[index].name)
            if value and what == "cr":
                return None
            if value and what == "bad":  # inf, nan: as the row writer writes them
                self.series[index] = self._cells(self.series[index].name, self._list(index))
                self.kinds[index] = object
            elif value and what == "small" and self.kinds[index] is float:
                self._small_floats(index)
            elif value and what == "suspect":
                if bare_cr_matters:
                    second.append(c.str.contains("\r", literal=True).any().alias(f"{index}:cr"))
                if self.escape:
                    second.append(_risky(c).sum().alias(f"{index}:escape"))
        for key, value in self._select(second).items():
            index, what = int(key.split(":")[0]), key.split(":")[1]
            if what == "cr" and value:
                return None
            if what == "escape" and value:
                self.escaped += int(value)
                self.to_escape.add(index)
        return True

    def _select(self, exprs: list[polars.Expr]) -> dict[str, Any]:
        import polars as pl

        if not exprs:
            return {}
        return pl.DataFrame(self.series).select(exprs).row(0, named=True)

    def _small_floats(self, index: int) -> None:
        """Floats below 1e-4 in magnitude, printed by ``repr`` (polars drops the exponent)."""
        import polars as pl

        text = [None if v is None else repr(v) for v in self._list(index)]
        self.series[index] = pl.Series(self.series[index].name, text, dtype=pl.String)
        self.kinds[index] = object

    def text(self) -> polars.DataFrame:
        """Every column as text: floats cast, text escaped, empty text null."""
        import polars as pl

        exprs = []
        for index, (series, kind) in enumerate(zip(self.series, self.kinds, strict=True)):
            c = pl.col(series.name)
            if kind is float:
                exprs.append(c.cast(pl.String))
                continue
            if kind is int:
                exprs.append(c)
                continue
            if index in self.to_escape:
                c = pl.when(_risky(c)).then(pl.lit("'") + c).otherwise(c)
            exprs.append(pl.when(c == "").then(None).otherwise(c).alias(series.name))
        return pl.DataFrame(self.series).select(exprs)


def _typed(series: polars.Series) -> tuple[polars.Series, type] | None:
    """A typed Series as the list of its values would be taken: text as text, floats as
    floats (checked), integers and bools as their text, nulls as empty text; None for
    another type (taken value by value)."""
    import polars as pl

    dtype = series.dtype
    if dtype == pl.String:
        return series, str
    if dtype == pl.Float64:
        return series, float
    if dtype in (pl.Int64, pl.Int32, pl.Boolean):
        return series.cast(pl.String), int
    if dtype == pl.Null:
        return series.cast(pl.String), str
    return None


def _risky(c: polars.Expr) -> polars.Expr:
    """Formula-like text (a plain number excepted)."""
    return c.str.contains(_FORMULA) & ~c.str.contains(_NUMBER)
