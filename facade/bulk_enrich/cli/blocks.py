"""Output rows a block at a time: the unit the writers take.

A :class:`Block` holds consecutive output rows column by column (input cells first, then the
result columns), as the columnar path builds them from a job's results; rows from elsewhere are
grouped into blocks by :func:`blocks_of`. Writers of row formats read a block row by row
(:meth:`Block.rows`); the CSV writer turns a whole block into text at once when it can
(:mod:`bulk_enrich.cli.csv_block`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from bulk_enrich.cli.values import text_value

#: Rows per block when rows are grouped (:func:`blocks_of`).
BLOCK_ROWS = 2_048


@dataclass(slots=True)
class Block:
    """``count`` consecutive rows: ``columns[j][i]`` is row i's value in column j (each column
    a sequence of values, or a polars Series of the input's cells). Columns from ``exact`` on
    hold values of exact built-in types only (:attr:`~bulk_enrich.batches.ResultBatch.exact`)."""

    columns: list[Any]
    count: int
    exact: int | None = None

    @classmethod
    def of_rows(cls, rows: Sequence[Sequence[Any]]) -> Block:
        """A block of the given rows (all of one width)."""
        return cls([list(column) for column in zip(*rows, strict=True)], len(rows))

    def rows(self) -> Iterator[Sequence[Any]]:
        """Each row's values."""
        if not self.columns:
            return iter([()] * self.count)
        return zip(*self.columns, strict=True)


def blocks_of(rows: Iterable[Sequence[Any]], size: int = BLOCK_ROWS) -> Iterator[Block]:
    """``rows`` grouped into blocks of ``size``."""
    pending: list[Sequence[Any]] = []
    for row in rows:
        pending.append(tuple(row))  # a copy: the caller may reuse its list
        if len(pending) >= size:
            yield Block.of_rows(pending)
            pending = []
    if pending:
        yield Block.of_rows(pending)


def rows_of(blocks: Iterable[Block]) -> Iterator[Sequence[Any]]:
    """Every row of ``blocks``, in order."""
    for block in blocks:
        yield from block.rows()


def csv_cells(row: Iterable[Any]) -> list[Any]:
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
