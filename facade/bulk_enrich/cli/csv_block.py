"""A block of rows as CSV text column by column (polars): the bytes :func:`csv.writer` writes.

:func:`csv_block` gives exactly what the row writer (:func:`bulk_enrich.cli.write_text
.write_csv`: :func:`~bulk_enrich.cli.blocks.csv_cells`, formula escaping, ``csv.writer`` with
minimal quoting) writes for the same rows, or None when it cannot be sure to: then the block is
written row by row. What it relies on, each checked here:

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
_NUMBER = r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$"
#: Below this magnitude polars prints floats without Python's exponent.
_SMALL = 1e-4
_INT64 = (-(2**63), 2**63 - 1)


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
        columns: list[polars.Series] = []
        texts: list[str] = []  # the columns of text as given, to be escaped
        escaped = 0
        for index, values in enumerate(block.columns):
            series, is_text, count = _column(f"c{index}", values, escape)
            columns.append(series)
            if is_text:
                texts.append(series.name)
            escaped += count
        frame = pl.DataFrame(columns)
        if newline == "\n" and _holds_cr(frame):
            return None
        frame, count = _escape_and_blank(frame, texts if escape else [])
        escaped += count
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
    if escaped:
        changes[CSV_ESCAPED] += escaped
    return buffer.getvalue()


def _holds_cr(frame: polars.DataFrame) -> bool:
    import polars as pl

    text = [name for name, kind in frame.schema.items() if kind == pl.String]
    if not text:
        return False
    found = frame.select(pl.any_horizontal(pl.col(text).str.contains("\r", literal=True).any()))
    return bool(found.item())


def _escape_and_blank(frame: polars.DataFrame, texts: list[str]) -> tuple[polars.DataFrame, int]:
    """Formula-like text prefixed with ``'`` (plain numbers excepted) in the ``texts`` columns,
    empty text as null everywhere; and how many cells were escaped."""
    import polars as pl

    count = 0
    if texts:
        risky = {
            c: pl.col(c).str.contains(_FORMULA) & ~pl.col(c).str.contains(_NUMBER) for c in texts
        }
        counts = frame.select(expr.sum() for expr in risky.values())
        count = int(sum(v or 0 for v in counts.row(0)))
        if count:
            frame = frame.with_columns(
                pl.when(expr).then(pl.lit("'") + pl.col(c)).otherwise(pl.col(c)).alias(c)
                for c, expr in risky.items()
            )
    text = [name for name, kind in frame.schema.items() if kind == pl.String]
    frame = frame.with_columns(
        pl.when(pl.col(c) == "").then(None).otherwise(pl.col(c)).alias(c) for c in text
    )
    return frame, count


def _column(name: str, values: Sequence[Any], escape: bool) -> tuple[polars.Series, bool, int]:
    """One column as text: ``(series, is it text to escape, cells escaped already)``."""
    import polars as pl

    kinds = set(map(type, values))
    kinds.discard(_NONE)
    if kinds <= {str}:
        return pl.Series(name, values, dtype=pl.String), True, 0
    typed = None
    if kinds == {bool}:
        typed = pl.Series(name, values, dtype=pl.Boolean).cast(pl.String)
    elif kinds == {int}:
        present = [v for v in values if v is not None]
        if _INT64[0] <= min(present) and max(present) <= _INT64[1]:
            typed = pl.Series(name, values, dtype=pl.Int64).cast(pl.String)
    elif kinds == {float}:
        typed = _floats(name, values)
    if typed is not None:
        return typed, False, 0
    series, count = _cells(name, values, escape)
    return series, False, count


def _floats(name: str, values: Sequence[Any]) -> polars.Series | None:
    """Finite floats as ``repr()`` writes them; None when one is not finite."""
    import polars as pl

    series = pl.Series(name, values, dtype=pl.Float64)
    if not series.is_finite().fill_null(True).all():
        return None
    text = series.cast(pl.String)
    small = ((series.abs() < _SMALL) & (series != 0.0)).fill_null(False)
    if small.any():
        where = small.arg_true().to_list()
        text = text.scatter(where, [repr(values[i]) for i in where])
    return text


def _cells(name: str, values: Sequence[Any], escape: bool) -> tuple[polars.Series, int]:
    """A column of mixed types, converted (and escaped) value by value as the row writer."""
    import polars as pl

    cells = csv_cells(values)
    changes: Counter[str] = Counter()
    if escape:
        cells = escape_formulas(cells, changes)
    text = [None if v is None else v if type(v) is str else str(v) for v in cells]
    return pl.Series(name, text, dtype=pl.String), changes[CSV_ESCAPED]
