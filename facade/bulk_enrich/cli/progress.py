"""Progress display on stderr: a redrawn bar on a terminal, periodic plain lines otherwise."""

from __future__ import annotations

import contextlib
import logging
import shutil
import sys
import threading
import time
from collections.abc import Iterator
from typing import TextIO


def format_duration(seconds: float) -> str:
    """``42s``, ``3m05s``, ``1h02m``."""
    whole = max(0, round(seconds))
    if whole < 60:
        return f"{whole}s"
    if whole < 3600:
        return f"{whole // 60}m{whole % 60:02d}s"
    return f"{whole // 3600}h{(whole % 3600) // 60:02d}m"


class Progress:
    """Shows ``done / total`` items, jobs, rate and ETA; thread-safe.

    ``mode``: ``bar`` (redrawn line, for terminals), ``plain`` (a line every
    ``interval`` seconds and one at the end), ``none``; ``auto`` picks ``bar`` when the
    stream is a terminal, else ``plain``.
    """

    def __init__(
        self,
        *,
        mode: str = "auto",
        unit: str = "locations",
        stream: TextIO | None = None,
        interval: float = 5.0,
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        if mode == "auto":
            isatty = getattr(self.stream, "isatty", None)
            mode = "bar" if isatty is not None and isatty() else "plain"
        self.mode = mode
        self.unit = unit
        self.interval = interval
        self._now = time.monotonic
        self.started = self._now()
        self._last_draw = -1e9
        self._lock = threading.Lock()
        self.completed = 0
        self.total = 0
        self.jobs_done = 0
        self.jobs_total = 0
        self._drawn = False
        self._closed = False
        self._drawn_completed = -1
        self._drawn_state: tuple[int, int, int] | None = None

    def update(self, completed: int, total: int, jobs_done: int, jobs_total: int) -> None:
        """Record the latest counts and redraw if it is time to."""
        with self._lock:
            self.completed, self.total = completed, total
            self.jobs_done, self.jobs_total = jobs_done, jobs_total
            if self.mode == "none" or self._closed:
                return
            now = self._now()
            due = self.interval if self.mode == "plain" else 0.1
            finished = bool(total) and completed >= total
            if now - self._last_draw >= due or (finished and self._drawn_completed != completed):
                self._draw(now)

    def line(self, now: float | None = None) -> str:
        """The current progress as one line of text."""
        now = self._now() if now is None else now
        elapsed = max(now - self.started, 1e-9)
        rate = self.completed / elapsed
        parts = []
        if self.total:
            pct = 100.0 * self.completed / self.total
            parts.append(f"{self.completed:,}/{self.total:,} {self.unit} {pct:3.0f}%")
        else:
            parts.append(f"{self.completed:,} {self.unit}")
        if self.jobs_total:
            parts.append(f"jobs {self.jobs_done}/{self.jobs_total}")
        parts.append(f"{rate:,.0f}/s")
        if self.total and self.completed < self.total and rate > 0:
            parts.append(f"ETA {format_duration((self.total - self.completed) / rate)}")
        parts.append(f"elapsed {format_duration(elapsed)}")
        return "  ".join(parts)

    def _draw(self, now: float) -> None:
        self._last_draw = now
        self._drawn_completed = self.completed
        self._drawn_state = (self.completed, self.jobs_done, self.jobs_total)
        text = self.line(now)
        if self.mode == "bar":
            width = shutil.get_terminal_size((80, 20)).columns
            bar_width = max(10, min(30, width - len(text) - 4))
            filled = int(bar_width * self.completed / self.total) if self.total else 0
            bar = "#" * filled + "-" * (bar_width - filled)
            self.stream.write(f"\r[{bar}] {text}"[: width - 1].ljust(width - 1))
            self._drawn = True
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def message(self, text: str) -> None:
        """Print a line without garbling the bar."""
        with self._lock:
            if self.mode == "none":
                return
            if self._drawn:
                self.stream.write("\n")
                self._drawn = False
            self.stream.write(text + "\n")
            self.stream.flush()

    def close(self) -> None:
        """Finish the display (draw the final state once, end the bar's line)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            if self.mode == "none":
                return
            if self.mode == "bar":
                self._draw(self._now())
                self.stream.write("\n")
                self.stream.flush()
            elif self._drawn_state != (self.completed, self.jobs_done, self.jobs_total):
                self._draw(self._now())


class ProgressLogHandler(logging.Handler):
    """Routes log records through :meth:`Progress.message` so they do not garble the bar."""

    def __init__(self, progress: Progress, level: int = logging.NOTSET) -> None:
        super().__init__(level)
        self.progress = progress

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.progress.message(self.format(record))
        except Exception:  # logging must never break the run
            self.handleError(record)


@contextlib.contextmanager
def logs_through(progress: Progress) -> Iterator[None]:
    """While active, the root logger's stderr handlers print through ``progress``."""
    root = logging.getLogger()
    moved = [
        h
        for h in root.handlers
        if type(h) is logging.StreamHandler and getattr(h, "stream", None) is sys.stderr
    ]
    if not moved:
        yield
        return
    bridge = ProgressLogHandler(progress, moved[0].level)
    bridge.setFormatter(moved[0].formatter)
    for handler in moved:
        root.removeHandler(handler)
    root.addHandler(bridge)
    try:
        yield
    finally:
        root.removeHandler(bridge)
        for handler in moved:
            root.addHandler(handler)
