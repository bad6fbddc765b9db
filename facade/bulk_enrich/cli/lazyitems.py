"""Request items made from columns a block at a time, as a run reads them.

The columnar input stage checks every row before anything is sent, but the items themselves
(a Python dict per row) need not exist before the first job: :class:`LazyItems` makes them
from the item's leaf columns a block at a time as they are read (the client reads them as its
chunks need them), so the first job starts sooner. The items are the same dicts, in the same
order, as a list would hold.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars as pl

#: Items made at a time.
BLOCK_ITEMS = 8_192


class LazyItems:
    """``len(values)`` items: ``make(*leaves)`` of each row of ``values``, made when read
    (once: the columns are let go when the last item is made)."""

    def __init__(self, values: pl.DataFrame, make: Callable[..., dict[str, Any]]) -> None:
        self.values: pl.DataFrame | None = values
        self.make = make
        self.count = values.height

    def __len__(self) -> int:
        return self.count

    def _values(self) -> pl.DataFrame:
        if self.values is None:
            raise RuntimeError("the items were read already")
        return self.values

    def gather(self, positions: pl.Series) -> LazyItems:
        """The items at ``positions``, in that order (made when read)."""
        return LazyItems(self._values()[positions], self.make)

    def filter(self, keep: pl.Series) -> LazyItems:
        """The items where ``keep`` is true, in order (made when read)."""
        return LazyItems(self._values().filter(keep), self.make)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        values = self._values()
        for start in range(0, self.count, BLOCK_ITEMS):
            block = values.slice(start, BLOCK_ITEMS)
            yield from map(self.make, *(column.to_list() for column in block.get_columns()))
        self.values = None
