"""Deterministic chunk planning: by count, then by request body size.

The same input and options always give the same chunks with the same indexes, so a journal's
chunk -> job map stays valid across runs. Chunks are contiguous slices of the input.
:func:`plan_chunks` plans a whole list at once; :class:`ChunkFeed` plans the same chunks from an
iterator, reading and checking items only as far as the next chunk needs.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

from bulk_enrich.errors import InvalidInputError


@dataclass(frozen=True)
class Chunk:
    """Items ``start`` to ``stop`` (exclusive) of the input, sent as one job."""

    index: int
    start: int
    stop: int

    def __len__(self) -> int:
        return self.stop - self.start


def json_size(items: Sequence[Any]) -> int:
    """Size in bytes of the items serialised as a JSON array (NaN is refused)."""
    try:
        return len(json.dumps(items, separators=(",", ":"), allow_nan=False).encode("utf-8"))
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(f"input is not JSON-serialisable: {exc}") from exc


def _spans(
    items: Sequence[Any],
    start: int,
    stop: int,
    max_body_bytes: int | None,
    size_of: Callable[[Sequence[Any]], int],
) -> list[tuple[int, int]]:
    """``items[start:stop]`` as spans of at most ``max_body_bytes``, halving those too big."""
    if max_body_bytes is None:
        return [(start, stop)]
    if stop - start > 1 and size_of(items[start:stop]) > max_body_bytes:
        mid = (start + stop) // 2
        return _spans(items, start, mid, max_body_bytes, size_of) + _spans(
            items, mid, stop, max_body_bytes, size_of
        )
    if stop - start == 1:
        size_of(items[start:stop])  # still refuse unserialisable input up front
    return [(start, stop)]


def plan_chunks(
    items: Sequence[Any],
    chunk_size: int,
    max_body_bytes: int | None = None,
    size_of: Callable[[Sequence[Any]], int] = json_size,
) -> list[Chunk]:
    """Split ``items`` into chunks of at most ``chunk_size`` items and ``max_body_bytes``.

    A count chunk whose serialised size exceeds ``max_body_bytes`` is halved until it fits (a
    single item larger than the limit is sent alone).
    """
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    spans: list[tuple[int, int]] = []
    for start in range(0, len(items), chunk_size):
        spans += _spans(items, start, min(start + chunk_size, len(items)), max_body_bytes, size_of)
    return [Chunk(i, s, e) for i, (s, e) in enumerate(spans)]


class ChunkFeed:
    """The chunks :func:`plan_chunks` would give, planned from an iterable as they are needed.

    ``check(index, item)`` validates each item as it is read and returns what to keep (it may
    raise); kept items are appended to :attr:`items`, which backends slice by chunk.
    """

    def __init__(
        self,
        source: Iterable[Any],
        check: Callable[[int, Any], Any],
        chunk_size: int,
        max_body_bytes: int | None = None,
        size_of: Callable[[Sequence[Any]], int] = json_size,
    ) -> None:
        if chunk_size < 1:
            raise ValueError("chunk_size must be at least 1")
        self.items: list[Any] = []
        self.exhausted = False
        self._source = iter(source)
        self._check = check
        self._chunk_size = chunk_size
        self._max_body_bytes = max_body_bytes
        self._size_of = size_of
        self._ready: deque[Chunk] = deque()
        self._planned = 0

    @property
    def done(self) -> bool:
        """True once every item was read and every chunk handed out."""
        return self.exhausted and not self._ready

    def next_chunk(self) -> Chunk | None:
        """The next chunk (reading and checking its items), or None when the input is done."""
        if not self._ready and not self.exhausted:
            items = self.items
            start = len(items)
            try:
                for item in islice(self._source, self._chunk_size):
                    items.append(self._check(len(items), item))
            except BaseException:
                self.exhausted = True  # a bad item or a failing source ends the planning
                raise
            stop = len(items)
            if stop - start < self._chunk_size:
                self.exhausted = True
            for span in _spans(items, start, stop, self._max_body_bytes, self._size_of):
                if span[1] > span[0]:
                    self._ready.append(Chunk(self._planned, *span))
                    self._planned += 1
        return self._ready.popleft() if self._ready else None
