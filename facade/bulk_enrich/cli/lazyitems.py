"""Request items made from columns a block at a time, as a run reads them.

The columnar input stage checks every row before anything is sent, but the items themselves
(a Python dict per row) need not exist before the first job: :class:`LazyItems` makes them
from the item's leaf columns a block at a time as they are read (the client reads them as its
chunks need them), so the first job starts sooner. The items are the same dicts, in the same
order, as a list would hold.

A run of checked items may also not make them at all: :class:`LazyItems` are
:class:`~bulk_enrich.engine.chunking.EncodedItems`, which write a span's JSON array from the
columns (polars' encoder writes the text orjson would for these values: text and finite
floats) and give a span's ids, so a run plans and sends its chunks without a dict per row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bulk_enrich.engine.chunking import json_array

if TYPE_CHECKING:
    import polars as pl

#: Items made at a time.
BLOCK_ITEMS = 8_192


@dataclass(frozen=True)
class Encoding:
    """How items of one layout are written as JSON, and read, from their leaves."""

    #: The item as a struct of the leaves (None: written from the dicts).
    json: pl.Expr | None
    #: The leaf of each top-level key that is one.
    tops: dict[str, str]
    #: The top-level keys of every item.
    keys: frozenset[str]


class LazyItems:
    """``len(values)`` items: ``make(*leaves)`` of each row of ``values``, made when read
    (once: the columns are let go when the last item is made), written as JSON and read
    without a dict by ``encoding``."""

    def __init__(
        self, values: pl.DataFrame, make: Callable[..., dict[str, Any]], encoding: Encoding
    ) -> None:
        self.values: pl.DataFrame | None = values
        self.make = make
        self.encoding = encoding
        self.keys = encoding.keys
        self.count = values.height

    def __len__(self) -> int:
        return self.count

    def _values(self) -> pl.DataFrame:
        if self.values is None:
            raise RuntimeError("the items were read already")
        return self.values

    def gather(self, positions: pl.Series) -> LazyItems:
        """The items at ``positions``, in that order (made when read)."""
        return LazyItems(self._values()[positions], self.make, self.encoding)

    def filter(self, keep: pl.Series) -> LazyItems:
        """The items where ``keep`` is true, in order (made when read)."""
        return LazyItems(self._values().filter(keep), self.make, self.encoding)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        values = self._values()
        for start in range(0, self.count, BLOCK_ITEMS):
            yield from self._made(values.slice(start, BLOCK_ITEMS))
        self.values = None

    def _made(self, block: pl.DataFrame) -> Iterator[dict[str, Any]]:
        return map(self.make, *(column.to_list() for column in block.get_columns()))

    def __getitem__(self, span: slice) -> list[dict[str, Any]]:
        """The items of ``span`` (a slice, of step 1), made now."""
        start, stop, step = span.indices(self.count)
        if step != 1:
            raise ValueError("only contiguous spans of items are made")
        return list(self._made(self._values().slice(start, max(stop - start, 0))))

    def json_array(self, start: int, stop: int) -> bytes:
        """Items ``start`` to ``stop`` as a compact JSON array."""
        encode = self.encoding.json
        if encode is None:
            return json_array(self[start:stop])
        block = self._values().slice(start, max(stop - start, 0))
        text = block.select(encode.struct.json_encode().str.join(",")).item()
        return b"[" + (text or "").encode() + b"]"

    def values_of(self, key: str, start: int, stop: int) -> list[Any]:
        """The top-level ``key`` of items ``start`` to ``stop``."""
        leaf = self.encoding.tops.get(key)
        if leaf is None:
            return [item[key] for item in self[start:stop]]
        return self._values()[leaf].slice(start, max(stop - start, 0)).to_list()
