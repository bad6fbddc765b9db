"""Garbage collection kept off a run's hot path, and given back as it was.

A run keeps every input row's request item (several small containers per row) until its end,
and parses and writes millions of short-lived ones. With the default thresholds the collector
runs every 700 allocations and, more and more often as the heap grows, walks all of it, input
items included, though they are never garbage. So, for the run, the youngest generation is
collected less often, and once the input is read, what is alive then (the items, the modules)
is frozen out of the collector's walks (``gc.freeze``). Reference counting still frees at once
everything not in a cycle; the few cycles made before the freeze stay until the run ends.
With the default policy, full collections were most of the time a large run spent in the
collector, and grew faster than the run.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

#: Thresholds during a run: the young generation collected every 50,000 net allocations
#: rather than 700; the older ones at their defaults.
RUN_THRESHOLDS = (50_000, 10, 10)

_state = {"active": False, "froze": False}


@contextlib.contextmanager
def quiet_collector() -> Iterator[None]:
    """Within the block, collect rarely and allow :func:`freeze_input`; on leaving it, the
    thresholds and the frozen set are what they were (the collector may have been disabled or
    objects frozen by the caller: then nothing is changed)."""
    if _state["active"] or not gc.isenabled() or gc.get_freeze_count():
        yield
        return
    before = gc.get_threshold()
    _state.update(active=True, froze=False)
    gc.set_threshold(*RUN_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        if _state["froze"]:
            gc.unfreeze()
        _state.update(active=False, froze=False)


def freeze_input() -> None:
    """Leave every object alive now out of later collections (within :func:`quiet_collector`
    only: elsewhere nothing happens)."""
    if _state["active"] and not _state["froze"]:
        gc.freeze()
        _state["froze"] = True
