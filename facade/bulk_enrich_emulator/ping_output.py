"""Writing Ping.Data output files in the background, with each job's per-source statistics."""

from __future__ import annotations

import json.encoder
import logging
import os
import queue
import threading
import time
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any

from .ping_data import location_json
from .ping_job import PingJob, SourceStats

if TYPE_CHECKING:
    from .config import EmulatorConfig

log = logging.getLogger(__name__)

CHUNK = 1000
encode_key = json.encoder.encode_basestring
#: Derived statistics reported next to PG (the real service reports a PGPRE entry).
EXTRA_STATS = {"PG": "PGPRE"}


class _Tally:
    """A job's per-source statistics, counted as its locations are written."""

    def __init__(self, sources: Iterable[str]) -> None:
        self.stats: dict[str, SourceStats] = {}
        for code in sources:
            self.stats.setdefault(code, SourceStats())
        self.any_success = False

    def count(self, outcomes: Iterable[tuple[str, bool, float]]) -> bool:
        """Count one location's fetches; true when one of them failed."""
        stats = self.stats
        problem = False
        for code, success, duration in outcomes:
            entry = stats.get(code)
            if entry is None:
                entry = stats[code] = SourceStats()
            entry.add(success, duration)
            extra = EXTRA_STATS.get(code)
            if extra is not None and success:
                extra_entry = stats.get(extra)
                if extra_entry is None:
                    extra_entry = stats[extra] = SourceStats()
                extra_entry.add(True, round(duration / 6, 4))
            if success:
                self.any_success = True
            else:
                problem = True
        return problem


class OutputWriter:
    """Writes output files in the background, first come first served."""

    def __init__(self, config: EmulatorConfig) -> None:
        self._queue: queue.Queue[PingJob | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.config = config

    def submit(self, job: PingJob) -> None:
        """Queue a job's output for writing."""
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="emulator-output-writer", daemon=True
                )
                self._thread.start()
        self._queue.put(job)

    def close(self, timeout: float = 5.0) -> None:
        """Stop the writer thread."""
        with self._lock:
            thread = self._thread
            self._thread = None
        if thread is not None:
            self._queue.put(None)
            thread.join(timeout)

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            try:
                self._write(job)
            except Exception as exc:  # keep serving other jobs
                log.exception("writing the output of job %s failed", job.id)
                job.error = f"{type(exc).__name__}: {exc}"
                job.failed = True
                job.ready_at = time.time()
                job.done.set()

    def _write(self, job: PingJob) -> None:
        locations = job.locations or []
        partial = job.path.with_name(job.path.name + ".part")
        job.path.parent.mkdir(parents=True, exist_ok=True)
        tally = _Tally(job.sources)
        with partial.open("w", encoding="utf-8") as out:
            out.write("{")
            if not self._write_chunks(job, locations, tally, out):
                return  # the job was dropped: its partial file is abandoned
            out.write("}")
        os.replace(partial, job.path)
        job.stats = {code: entry for code, entry in tally.stats.items() if entry.fetched}
        job.failed = not tally.any_success
        if job.failed:
            job.error = "No location could be enriched by any requested source."
        job.locations = None
        job.ready_at = time.time()
        job.done.set()

    def _write_chunks(
        self, job: PingJob, locations: list[dict[str, Any]], tally: _Tally, out: IO[str]
    ) -> bool:
        """Write every unique location's answer; false if the job was dropped meanwhile."""
        seen: set[str] = set()
        first = True
        for begin in range(0, len(locations), CHUNK):
            if job.dropped:
                return False
            pieces = self._pieces(job, locations[begin : begin + CHUNK], seen, tally)
            if pieces:
                out.write(("" if first else ",") + ",".join(pieces))
                first = False
            job.written = len(seen)
        return True

    def _pieces(
        self, job: PingJob, chunk: list[dict[str, Any]], seen: set[str], tally: _Tally
    ) -> list[str]:
        """The ``"id":{...}`` members of a chunk's locations not seen before."""
        latency = self.config.source_latency
        pieces: list[str] = []
        for location in chunk:
            key = str(location["id"])
            if key in seen:
                continue
            seen.add(key)
            wanted = location.get("sources") or job.sources
            codes = [str(c).upper() for c in wanted]
            text, outcomes = location_json(
                location,
                codes,
                latency,
                check_cache=job.check_cache,
                include_raw=job.include_raw,
            )
            if tally.count(outcomes):
                job.problems += 1
            pieces.append(f"{encode_key(key)}:{text}")
        return pieces
