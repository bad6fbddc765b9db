"""Deterministic chunk planning: by count, then by request body size.

The same input and options always give the same chunks with the same indexes, so a journal's
chunk -> job map stays valid across runs. Chunks are contiguous slices of the input.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
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

    def add(start: int, stop: int) -> None:
        if max_body_bytes is not None and stop - start > 1:
            if size_of(items[start:stop]) > max_body_bytes:
                mid = (start + stop) // 2
                add(start, mid)
                add(mid, stop)
                return
        elif max_body_bytes is not None:
            size_of(items[start:stop])  # still refuse unserialisable input up front
        spans.append((start, stop))

    for start in range(0, len(items), chunk_size):
        add(start, min(start + chunk_size, len(items)))
    return [Chunk(i, s, e) for i, (s, e) in enumerate(spans)]
