"""Deterministic chunk planning: by count, then by request body size.

The same input and options always give the same chunks with the same indexes, so a journal's
chunk -> job map stays valid across runs. Chunks are contiguous slices of the input.
:func:`plan_chunks` plans a whole list at once; :class:`ChunkFeed` plans the same chunks from an
iterator, reading and checking items only as far as the next chunk needs, or from checked
items that write their own JSON (:class:`EncodedItems`), without reading them one by one.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any, Protocol, runtime_checkable

from bulk_enrich.engine.jsonbytes import json_bytes

#: At most this many bytes of planned chunks' JSON are kept for their requests.
KEEP_ENCODED_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Chunk:
    """Items ``start`` to ``stop`` (exclusive) of the input, sent as one job."""

    index: int
    start: int
    stop: int

    def __len__(self) -> int:
        return self.stop - self.start


@runtime_checkable
class EncodedItems(Protocol):
    """Checked items that write their own JSON (the CLI's columns): a run plans and sends them
    without making a dict of each. Slicing still gives the dicts, for the paths that need them
    (a failed job's results)."""

    #: The top-level keys of every item.
    keys: frozenset[str]

    def __len__(self) -> int: ...

    def __getitem__(self, span: slice) -> list[dict[str, Any]]: ...

    def json_array(self, start: int, stop: int) -> bytes:
        """Items ``start`` to ``stop`` as a compact JSON array (the values :func:`json_array`
        would send)."""
        ...

    def values_of(self, key: str, start: int, stop: int) -> list[Any]:
        """The top-level ``key`` of items ``start`` to ``stop``."""
        ...


#: A run's items: checked dicts, or items that write their own JSON.
Items = Sequence[Any] | EncodedItems


def values_of(items: Items, key: str, start: int, stop: int) -> list[Any]:
    """The top-level ``key`` of ``items[start:stop]`` (read from columns when they are
    :class:`EncodedItems`)."""
    if isinstance(items, EncodedItems):
        return items.values_of(key, start, stop)
    return [item[key] for item in items[start:stop]]


def json_array(items: Sequence[Any]) -> bytes:
    """The items as a compact JSON array, as sent (NaN is refused)."""
    return json_bytes(items, "input")


def json_size(items: Sequence[Any]) -> int:
    """Size in bytes of the items serialised as a JSON array, as sent (NaN is refused)."""
    return len(json_array(items))


def _spans(
    encode: Callable[[int, int], bytes], start: int, stop: int, max_body_bytes: int | None
) -> list[tuple[int, int, bytes | None]]:
    """Items ``start`` to ``stop`` as spans of at most ``max_body_bytes``, halving those too
    big; ``encode(start, stop)``: their JSON array.

    Each span comes with the JSON array its size was measured on (None when not measured).
    """
    if max_body_bytes is None:
        return [(start, stop, None)]
    text = encode(start, stop)  # also refuses unserialisable input up front
    if stop - start > 1 and len(text) > max_body_bytes:
        mid = (start + stop) // 2
        return _spans(encode, start, mid, max_body_bytes) + _spans(
            encode, mid, stop, max_body_bytes
        )
    return [(start, stop, text)]


def _encoder(items: Items) -> Callable[[int, int], bytes]:
    """The JSON array of a span of ``items``, written by the items themselves when they can."""
    if isinstance(items, EncodedItems):
        return items.json_array
    return lambda start, stop: json_array(items[start:stop])


def plan_chunks(
    items: Sequence[Any], chunk_size: int, max_body_bytes: int | None = None
) -> list[Chunk]:
    """Split ``items`` into chunks of at most ``chunk_size`` items and ``max_body_bytes``.

    A count chunk whose serialised size exceeds ``max_body_bytes`` is halved until it fits (a
    single item larger than the limit is sent alone).
    """
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    spans: list[tuple[int, int, bytes | None]] = []
    encode = _encoder(items)
    for start in range(0, len(items), chunk_size):
        spans += _spans(encode, start, min(start + chunk_size, len(items)), max_body_bytes)
    return [Chunk(i, s, e) for i, (s, e, _text) in enumerate(spans)]


class ChunkFeed:
    """The chunks :func:`plan_chunks` would give, planned from an iterable as they are needed.

    ``check(index, item)`` validates each item as it is read and returns what to keep (it may
    raise); kept items are appended to :attr:`items`, which backends slice by chunk. The JSON
    array a chunk's size was measured on is kept until :meth:`take_encoded` hands it to the
    request that sends the chunk, so the items are serialised once (at most
    :data:`KEEP_ENCODED_BYTES` of them: the oldest go first, e.g. those of resumed chunks,
    which are never sent).
    """

    def __init__(
        self,
        source: Iterable[Any],
        check: Callable[[int, Any], Any],
        chunk_size: int,
        max_body_bytes: int | None = None,
    ) -> None:
        if chunk_size < 1:
            raise ValueError("chunk_size must be at least 1")
        self._read: list[Any] = []
        #: The items read so far (all of them, for :class:`EncodedItems`).
        self.items: Items = self._read
        self.exhausted = False
        self._source = iter(source)
        self._check = check
        self._chunk_size = chunk_size
        self._max_body_bytes = max_body_bytes
        self._columns: EncodedItems | None = None
        self._encoded: dict[int, bytes] = {}
        self._encoded_bytes = 0
        self._ready: deque[Chunk] = deque()
        self._planned = 0
        self._stop = 0

    @classmethod
    def of_encoded(
        cls, items: EncodedItems, chunk_size: int, max_body_bytes: int | None = None
    ) -> ChunkFeed:
        """The chunks of checked items that write their own JSON (none is read one by one)."""
        feed = cls((), lambda index, item: item, chunk_size, max_body_bytes)
        feed.items = feed._columns = items
        return feed

    @property
    def done(self) -> bool:
        """True once every item was read and every chunk handed out."""
        return self.exhausted and not self._ready

    def next_chunk(self) -> Chunk | None:
        """The next chunk (reading and checking its items), or None when the input is done."""
        if not self._ready and not self.exhausted:
            start, stop = self._stop, self._next_stop()
            self._stop = stop
            if stop - start < self._chunk_size:
                self.exhausted = True
            if stop > start:
                self._plan(start, stop)
        return self._ready.popleft() if self._ready else None

    def _plan(self, start: int, stop: int) -> None:
        """Items ``start`` to ``stop`` as ready chunks, halved where their JSON is too large."""
        for first, last, text in _spans(_encoder(self.items), start, stop, self._max_body_bytes):
            if text is not None:
                self._keep_encoded(self._planned, text)
            self._ready.append(Chunk(self._planned, first, last))
            self._planned += 1

    def _next_stop(self) -> int:
        """Where the next chunk's items end (reading and checking them)."""
        if self._columns is not None:
            return min(self._stop + self._chunk_size, len(self._columns))
        items = self._read
        try:
            for item in islice(self._source, self._chunk_size):
                items.append(self._check(len(items), item))
        except BaseException:
            self.exhausted = True  # a bad item or a failing source ends the planning
            raise
        return len(items)

    def take_encoded(self, chunk: Chunk) -> bytes | None:
        """The JSON array of ``chunk``'s items as planned (once; None if not kept, but for
        :class:`EncodedItems`, which write it again)."""
        text = self._encoded.pop(chunk.index, None)
        if text is not None:
            self._encoded_bytes -= len(text)
        elif self._columns is not None:
            text = self._columns.json_array(chunk.start, chunk.stop)
        return text

    def _keep_encoded(self, index: int, text: bytes) -> None:
        self._encoded[index] = text
        self._encoded_bytes += len(text)
        while self._encoded_bytes > KEEP_ENCODED_BYTES and len(self._encoded) > 1:
            oldest = next(iter(self._encoded))
            self._encoded_bytes -= len(self._encoded.pop(oldest))
