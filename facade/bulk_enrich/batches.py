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
from dataclasses import dataclass, field
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


@dataclass(slots=True)
class ResultBatch:
    """Flat results of consecutive rows: ``ids`` and, per column, one value per row."""

    ids: list[str]
    columns: dict[str, list[Any]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.ids)

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

        data = {id_column: self.ids, **{k: v for k, v in self.columns.items() if k != id_column}}
        return pl.DataFrame(data, strict=False)

    def to_arrow(self, id_column: str = "id") -> pyarrow.Table:
        """The batch as a pyarrow Table (``id_column`` first); needs pyarrow."""
        import pyarrow as pa

        data = {id_column: self.ids, **{k: v for k, v in self.columns.items() if k != id_column}}
        return pa.table(data)
