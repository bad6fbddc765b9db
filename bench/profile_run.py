"""Run a client's ``main(argv)`` under cProfile, every thread included, and summarise it.

``python -m bench.profile_run OUT.json MODULE:FUNC -- ARGS...`` profiles the main thread and
each thread the client starts (``threading.Thread.run`` is wrapped), each on its own thread CPU
clock (time blocked or asleep does not count), merges the statistics and writes the top
functions by own time and by cumulative time as JSON.
"""

from __future__ import annotations

import contextlib
import cProfile
import importlib
import json
import os
import pstats
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

TOP = int(os.environ.get("BENCH_PROFILE_TOP", "15"))


@contextlib.contextmanager
def _threads_profiled() -> Iterator[list[cProfile.Profile]]:
    """Within the block, each thread started runs under a profile of its own (yielded, in
    start order); on leaving it, ``threading.Thread.run`` is what it was."""
    original = threading.Thread.run
    profiles: list[cProfile.Profile] = []
    lock = threading.Lock()

    def run(self: threading.Thread) -> None:
        prof = cProfile.Profile(time.thread_time)
        with lock:
            profiles.append(prof)
        prof.enable()
        try:
            original(self)
        finally:
            prof.disable()

    threading.Thread.run = run  # type: ignore[method-assign]
    try:
        yield profiles
    finally:
        threading.Thread.run = original  # type: ignore[method-assign]


def _label(func: tuple[str, int, str]) -> str:
    filename, line, name = func
    if filename == "~":
        return name  # a built-in, e.g. "<built-in method zlib.compress>"
    path = filename
    for marker in ("/facade/", "/site-packages/", "/lib/python3", "/bench/", "/generated/"):
        if marker in filename:
            path = filename.split(marker, 1)[1]
            break
    return f"{path}:{line}({name})"


def summarise(stats: pstats.Stats, top: int = TOP) -> dict[str, Any]:
    """Top functions by own (total) time and by cumulative time, JSON-ready."""
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    total = sum(v[2] for v in raw.values())
    rows = [
        {"function": _label(func), "calls": nc, "tottime": tt, "cumtime": ct}
        for func, (_cc, nc, tt, ct, _callers) in raw.items()
    ]
    by_tot = sorted(rows, key=lambda r: r["tottime"], reverse=True)[:top]
    by_cum = sorted(rows, key=lambda r: r["cumtime"], reverse=True)[: top + 10]
    # Wrappers (thread bootstrap, the entry point itself) are not informative: skip them.
    by_cum = [
        r
        for r in by_cum
        if not r["function"].startswith(("threading.py", "<built-in method builtins.exec"))
    ][:top]
    return {"profiled_seconds": total, "by_tottime": by_tot, "by_cumtime": by_cum}


def resolve(target: str) -> Callable[[Sequence[str]], Any]:
    """The function ``MODULE:FUNC`` names (``main`` when FUNC is left out)."""
    module, _, func = target.partition(":")
    fn: Callable[[Sequence[str]], Any] = getattr(importlib.import_module(module), func or "main")
    return fn


def target_args(argv: Sequence[str] | None, doc: str | None) -> tuple[Path, str, list[str]] | None:
    """``OUT.json MODULE:FUNC -- ARGS...`` as ``(out, target, args)``; None (the usage printed)
    when they are missing."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) < 2:
        print(doc, file=sys.stderr)
        return None
    out, target, rest = Path(args[0]), args[1], args[2:]
    return out, target, rest[1:] if rest[:1] == ["--"] else rest


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: ``OUT.json MODULE:FUNC -- ARGS...``."""
    parsed = target_args(argv, __doc__)
    if parsed is None:
        return 2
    out, target, rest = parsed
    fn = resolve(target)
    with _threads_profiled() as profiles:
        prof = cProfile.Profile(time.thread_time)
        prof.enable()
        try:
            code = fn(rest)
        finally:
            prof.disable()
    stats = pstats.Stats(prof)
    for other in profiles:
        try:
            stats.add(other)
        except TypeError:  # a thread that never ran Python code has no statistics
            continue
    out.write_text(json.dumps(summarise(stats), indent=1))
    return int(code or 0)


if __name__ == "__main__":
    sys.exit(main())
