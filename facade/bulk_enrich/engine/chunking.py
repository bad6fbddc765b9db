"""Deterministic chunk planning: by count, then by request body size.

The same input and options always give the same chunks with the same indexes, so a journal's
chunk -> job map stays valid across runs. Chunks are contiguous slices of the input.
:func:`plan_chunks` plans a whole list at once; :class:`ChunkFeed` plans the same chunks from an
iterator, reading and checking items only as far as the next chunk needs.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

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


def json_array(items: Sequence[Any]) -> bytes:
    """The items as a compact JSON array, as sent (NaN is refused)."""
    return json_bytes(items, "input")


def json_size(items: Sequence[Any]) -> int:
    """Size in bytes of the items serialised as a JSON array, as sent (NaN is refused)."""
    return len(json_array(items))


def _spans(
    items: Sequence[Any], start: int, stop: int, max_body_bytes: int | None
) -> list[tuple[int, int, bytes | None]]:
    """``items[start:stop]`` as spans of at most ``max_body_bytes``, halving those too big.

    Each span comes with the JSON array its size was measured on (None when not measured).
    """
    if max_body_bytes is None:
        return [(start, stop, None)]
    text = json_array(items[start:stop])  # also refuses unserialisable input up front
    if stop - start > 1 and len(text) > max_body_bytes:
        mid = (start + stop) // 2
        return _spans(items, start, mid, max_body_bytes) + _spans(items, mid, stop, max_body_bytes)
    return [(start, stop, text)]


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
    for start in range(0, len(items), chunk_size):
        spans += _spans(items, start, min(start + chunk_size, len(items)), max_body_bytes)
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
        self.items: list[Any] = []
        self.exhausted = False
        self._source = iter(source)
        self._check = check
        self._chunk_size = chunk_size
        self._max_body_bytes = max_body_bytes
        self._encoded: dict[int, bytes] = {}
        self._encoded_bytes = 0
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
            for first, last, text in _spans(items, start, stop, self._max_body_bytes):
                if last > first:
                    if text is not None:
                        self._keep_encoded(self._planned, text)
                    self._ready.append(Chunk(self._planned, first, last))
                    self._planned += 1
        return self._ready.popleft() if self._ready else None

    def take_encoded(self, chunk: Chunk) -> bytes | None:
        """The JSON array of ``chunk``'s items as planned (once; None if not kept)."""
        text = self._encoded.pop(chunk.index, None)
        if text is not None:
            self._encoded_bytes -= len(text)
        return text

    def _keep_encoded(self, index: int, text: bytes) -> None:
        self._encoded[index] = text
        self._encoded_bytes += len(text)
        while self._encoded_bytes > KEEP_ENCODED_BYTES and len(self._encoded) > 1:
            oldest = next(iter(self._encoded))
            self._encoded_bytes -= len(self._encoded.pop(oldest))
