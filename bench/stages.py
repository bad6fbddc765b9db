"""Where a client's CPU goes, stage by stage: each thread's CPU clock, charged to its stack.

``python -m bench.stages OUT.json MODULE:FUNC -- ARGS...`` runs ``FUNC(ARGS)`` (the CLI's or
the naive client's ``main``) with a sampler thread. Every :data:`INTERVAL` seconds it reads the
CPU clock of each Python thread and charges what the thread used since the last sample to the
stage its stack is in now (:mod:`bench.stagemap`); a pool thread found waiting for work is
charged for the stage it was last seen in (its task ended between samples). CPU the process
used outside Python's threads (a native library's own pool) is charged to the stages of the
threads waiting in such a library, else to ``other``. The interpreter's start-up before the
sampler starts counts as ``startup``; CPU nothing was charged with (threads that ended between
samples) as ``other``.

The package is not touched: the stages come from its modules and functions. The sampler's own
CPU (a small share of the client's) is measured on its thread's clock and reported apart
(``sampler``), for the bench to subtract. Written at exit as JSON: seconds per stage, the
process's CPU, the sampler's, samples taken, and the functions most often found in ``other``.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.profile_run import resolve, target_args
from bench.stagemap import STAGES, Classifier

#: A pool thread waiting for work: what it used since the last sample went to its last task.
IDLE_WORKER = "thread.py:_worker"
INTERVAL = float(os.environ.get("BENCH_STAGE_INTERVAL", "0.02"))


class Sampler:
    """A daemon thread charging every Python thread's CPU to the stage its stack is in."""

    def __init__(self, interval: float = INTERVAL) -> None:
        self.interval = interval
        self.seconds: dict[str, float] = dict.fromkeys(STAGES, 0.0)
        self.other: Counter[str] = Counter()
        self.samples = 0
        self.sampler_cpu = 0.0
        self._classify = Classifier()
        self._clocks: dict[int, int] = {}
        self._last: dict[int, float] = {}
        self._previous: dict[int, str] = {}
        self._process = time.process_time()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="bench-stages", daemon=True)
        for ident in sys._current_frames():  # what they used so far is start-up
            self._last[ident] = self._cpu(ident) or 0.0

    def start(self) -> None:
        """Start sampling."""
        self._thread.start()

    def stop(self) -> None:
        """Take a last sample and stop."""
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        me = threading.get_ident()
        while not self._stop.wait(self.interval):
            self.sample(me)
        self.sample(me)
        self.sampler_cpu = time.thread_time()

    def _cpu(self, ident: int) -> float | None:
        clock = self._clocks.get(ident)
        try:
            if clock is None:
                clock = self._clocks[ident] = time.pthread_getcpuclockid(ident)
            return time.clock_gettime(clock)
        except (OSError, OverflowError):
            return None

    def sample(self, me: int) -> None:
        """Charge each thread's CPU since the last sample to its current stage."""
        frames = sys._current_frames()
        try:
            self._charge(frames, me)
        finally:
            # The snapshot holds this very frame, whose locals hold the snapshot: a cycle that
            # would keep every thread's sampled frames, and the data in their locals, alive
            # until the collector's next full pass (rare in the CLI: bulk_enrich.cli.gcpolicy).
            frames.clear()

    def _charge(self, frames: dict[int, Any], me: int) -> None:
        self.samples += 1
        process = time.process_time()
        spent, self._process = process - self._process, process
        charged = 0.0
        waiting: list[str] = []
        for ident, frame in frames.items():
            cpu = self._cpu(ident)
            if cpu is None:
                continue
            delta = cpu - self._last.get(ident, 0.0)
            self._last[ident] = cpu
            charged += delta
            if ident == me:
                continue
            if delta > 0:
                stage, where = self._classify.stage(frame)
                if where == IDLE_WORKER:  # back in the pool: the CPU went to its last task
                    stage, where = self._previous.get(ident, stage), ""
                self._previous[ident] = stage
                self.seconds[stage] += delta
                if where:
                    self.other[where] += 1
            if self._classify.native(frame):
                waiting.append(self._classify.stage(frame)[0])
        rest = spent - charged
        if rest > 0.001:  # CPU of threads Python does not know: a native library's pool
            for stage in waiting or ["other"]:
                self.seconds[stage] += rest / max(len(waiting), 1)
        for gone in set(self._last) - set(frames):
            del self._last[gone]
            self._previous.pop(gone, None)
            self._clocks.pop(gone, None)

    def report(self, before: float) -> dict[str, Any]:
        """The JSON-ready result; ``before``: process CPU when sampling started."""
        total = time.process_time()
        seconds = dict(self.seconds)
        seconds["startup"] += before
        charged = sum(seconds.values()) + self.sampler_cpu
        seconds["other"] += max(total - charged, 0.0)
        return {
            "seconds": seconds,
            "process_cpu": total,
            "sampler": self.sampler_cpu,
            "samples": self.samples,
            "interval": self.interval,
            "other_top": self.other.most_common(12),
        }


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: ``OUT.json MODULE:FUNC -- ARGS...``."""
    parsed = target_args(argv, __doc__)
    if parsed is None:
        return 2
    out, target, rest = parsed
    before = time.process_time()
    sampler = Sampler()
    sampler.start()
    code: Any = 1
    try:
        code = resolve(target)(rest)
    except SystemExit as exc:
        code = exc.code
    finally:
        sampler.stop()
        out.write_text(json.dumps(sampler.report(before), indent=1))
    return code if isinstance(code, int) else (0 if code is None else 1)


if __name__ == "__main__":
    sys.exit(main())
