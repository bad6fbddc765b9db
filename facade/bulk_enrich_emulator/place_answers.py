"""Place job results as JSON bytes, built once per job and joined into ``GET /jobs`` pages.

A finished job's answer does not change until the job runs again, so its JSON is built once
(ahead of the first request, by a background thread, while the batch is being processed) and
a page is the pre-built answers joined: the bytes are exactly those of :func:`.http.dumps` of
the whole page.
"""

from __future__ import annotations

import logging
import math
import queue
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import orjson

from .http import dumps

log = logging.getLogger(__name__)

#: Jobs built per hold of the state's lock by the background builder.
WARM_SLICE = 64


def encode(value: Any) -> bytes:
    """``dumps(value)``, by orjson when it writes the same bytes (it writes floats below 1e-4
    without the exponent ``json`` uses, and NaN as ``null``: those go through ``json``)."""
    try:
        out = orjson.dumps(value)
    except TypeError:  # an integer beyond 64 bits, a lone surrogate...
        return dumps(value)
    if b"0.0000" in out or b"e-" in out or (b"null" in out and _non_finite(value)):
        return dumps(value)
    return out


def _non_finite(value: Any) -> bool:
    """Whether ``value`` holds a NaN or an infinity anywhere."""
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, dict):
        return any(_non_finite(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_non_finite(v) for v in value)
    return False


def page_bytes(answers: Sequence[bytes], total: int, limit: int, offset: int) -> bytes:
    """``dumps({"jobs": [...], "total": .., "limit": .., "offset": ..})`` of encoded answers."""
    tail = f'],"total":{total},"limit":{limit},"offset":{offset}}}'.encode()
    return b'{"jobs":[' + b",".join(answers) + tail


class Warmer:
    """A daemon thread that builds finished answers ahead of their first request.

    ``build(records)`` is called with up to :data:`WARM_SLICE` records at a time; it does the
    work under whatever lock keeps the records consistent. :meth:`clear` drops what is queued.
    """

    def __init__(self, build: Callable[[Sequence[Any]], None]) -> None:
        self._build = build
        self._queue: queue.SimpleQueue[list[Any] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._generation = 0
        self._lock = threading.Lock()

    def add(self, records: Iterable[Any]) -> None:
        """Queue ``records`` to be built; starts the thread on first use."""
        items = list(records)
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="place-answers", daemon=True)
                self._thread.start()
            generation = self._generation
        for start in range(0, len(items), WARM_SLICE):
            self._queue.put([generation, *items[start : start + WARM_SLICE]])

    def clear(self) -> None:
        """Forget what is queued (the records were dropped)."""
        with self._lock:
            self._generation += 1

    def close(self) -> None:
        """Stop the thread (what is queued is dropped)."""
        self.clear()
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(None)
            thread.join(timeout=5)

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            if item[0] != self._generation:
                continue
            try:
                self._build(item[1:])
            except Exception:  # a request builds the answer itself then
                log.debug("building answers ahead failed", exc_info=True)
            time.sleep(0)  # let the server's own thread run between slices
