"""Results a job at a time, column by column: the unit of the columnar fast path.

A :class:`ResultBatch` holds the flat results of consecutive locations (or places) of one job:
their ids and, per flat column (``PG.latitude``, ``website``...), one value per row, ``None``
where a row has no value. The values are exactly what the row-at-a-time path puts in a flat row
(:func:`bulk_enrich.results.flatten`), so a batch written out gives the same file as its rows.

Batches are made by a columnar decoder when the optional libraries are installed (the ``fast``
extra) and the output is as expected, else from flat rows (:meth:`ResultBatch.from_rows`);
either way the consumer sees the same thing. ``to_polars()`` and ``to_arrow()`` hand the
columns over without a per-row step.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars
    import pyarrow


#: False turns the columnar path off (the tests compare the two paths' outputs with it).
ENABLED = True


def fast_available() -> bool:
    """Whether the columnar path is on and its libraries (polars, msgspec) can be imported."""
    return ENABLED and _importable()


@cache
def _importable() -> bool:
    return all(importlib.util.find_spec(name) is not None for name in ("polars", "msgspec"))


class ResultBatch:
    """Flat results of consecutive rows: ``ids`` and, per column, one value per row.

    A batch decoded by polars holds its columns as a polars ``frame`` (one Series per flat
    column, no id); :attr:`columns` then makes the lists once, when asked. ``exact`` says its
    lists hold only ``None`` and values of exactly the types a JSON decoder makes (``str``,
    ``int``, ``float``, ``bool``, ``list``, ``dict``, no subclass), so a writer need not look.
    """

    __slots__ = ("_columns", "exact", "frame", "ids")

    def __init__(
        self,
        ids: list[str],
        columns: dict[str, list[Any]] | None = None,
        frame: polars.DataFrame | None = None,
        *,
        exact: bool = False,
    ) -> None:
        self.ids = ids
        self.frame = frame
        self.exact = exact
        self._columns = columns if columns is not None or frame is not None else {}

    @property
    def columns(self) -> dict[str, list[Any]]:
        """Per flat column, its values as a list."""
        if self._columns is None:
            assert self.frame is not None
            series = self.frame.get_columns()
            self._columns = {s.name: s.to_list() for s in series}
        return self._columns

    def names(self) -> list[str]:
        """The flat columns' names, in order."""
        return (
            self.frame.columns
            if self._columns is None and self.frame is not None
            else list(self.columns)
        )

    def series(self) -> dict[str, Any]:
        """Per flat column, its values: a polars Series when the batch has a frame, else the
        list."""
        if self.frame is not None:
            return {s.name: s for s in self.frame.get_columns()}
        return self.columns

    def __len__(self) -> int:
        return len(self.ids)

    def __repr__(self) -> str:
        return f"ResultBatch({len(self.ids)} rows, columns={self.names()})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ResultBatch):
            return NotImplemented
        return self.ids == other.ids and self.columns == other.columns

    __hash__ = None  # type: ignore[assignment]  # mutable, as the dataclass it was

    @classmethod
    def from_rows(cls, pairs: Iterable[tuple[str, dict[str, Any]]]) -> ResultBatch:
        """A batch of flat rows ``(id, row)``; a column a row lacks is ``None`` there."""
        ids: list[str] = []
        rows: list[dict[str, Any]] = []
        names: dict[str, None] = {}
        for row_id, row in pairs:
            ids.append(row_id)
            rows.append(row)
            names.update(dict.fromkeys(row))
        columns = {name: [row.get(name) for row in rows] for name in names}
        return cls(ids, columns)

    def rows(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """``(id, flat row)`` per row (every column, ``None`` included)."""
        names = list(self.columns)
        for row_id, values in zip(self.ids, zip(*self.columns.values(), strict=True), strict=False):
            yield row_id, dict(zip(names, values, strict=True))
        if not names:
            for row_id in self.ids:
                yield row_id, {}

    def row(self, index: int) -> dict[str, Any]:
        """The flat row at ``index`` (every column, ``None`` included)."""
        return {name: values[index] for name, values in self.columns.items()}

    def to_polars(self, id_column: str = "id") -> polars.DataFrame:
        """The batch as a polars DataFrame (``id_column`` first); needs polars."""
        import polars as pl

        if self.frame is not None:  # the columns as they are, without a copy
            rest = [s for s in self.frame.get_columns() if s.name != id_column]
            return pl.DataFrame([pl.Series(id_column, self.ids, dtype=pl.String), *rest])
        data = {id_column: self.ids, **{k: v for k, v in self.columns.items() if k != id_column}}
        return pl.DataFrame(data, strict=False)

    def to_arrow(self, id_column: str = "id") -> pyarrow.Table:
        """The batch as a pyarrow Table (``id_column`` first); needs pyarrow."""
        import pyarrow as pa

        data = {id_column: self.ids, **{k: v for k, v in self.columns.items() if k != id_column}}
        return pa.table(data)
