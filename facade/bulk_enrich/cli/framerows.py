"""The input's rows kept as the columns polars read them into, instead of spooled records.

When the columnar input stage reads a CSV file (:mod:`bulk_enrich.cli.columnar_prepare`), its
frame already holds every cell as text: :class:`FrameRows` keeps it, with each row's id and
location form, and gives what :class:`~bulk_enrich.cli.spool.RecordSpool` gives (``replay()``
of ``(id, [cells..., form])``, ``count``, ``close()``), plus a span of rows as columns
(:meth:`columns`) without a Python object per cell, for the output's column-wise writer.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars as pl

#: Rows turned into Python values at a time by :meth:`FrameRows.replay`.
REPLAY_ROWS = 8_192


class FrameRows:
    """Every input row: its cells (a polars frame of text), its id and its form."""

    def __init__(self, frame: pl.DataFrame, ids: list[str], forms: list[str]) -> None:
        self.frame: pl.DataFrame | None = frame
        self.ids = ids
        self.forms = forms

    @property
    def count(self) -> int:
        """The number of rows."""
        return len(self.ids)

    def _frame(self) -> pl.DataFrame:
        if self.frame is None:
            raise ValueError("the rows are closed")
        return self.frame

    def columns(self, start: int, stop: int) -> list[Any]:
        """Rows ``start`` to ``stop`` column by column: each input column, then the forms (each
        a polars Series of text)."""
        import polars as pl

        frame = self._frame().slice(start, stop - start)
        forms = pl.Series("form", self.forms[start:stop], dtype=pl.String)
        return [*frame.get_columns(), forms]

    def replay(self) -> Iterator[tuple[str, list[Any]]]:
        """``(id, [cells..., form])`` of every row, in order, as the spool would give them."""
        frame = self._frame()
        for start in range(0, self.count, REPLAY_ROWS):
            stop = min(start + REPLAY_ROWS, self.count)
            cells = [column.to_list() for column in frame.slice(start, stop - start)]
            rows = zip(*cells, self.forms[start:stop], strict=True)
            yield from zip(self.ids[start:stop], map(list, rows), strict=True)

    def close(self) -> None:
        """Let the frame go."""
        self.frame = None
