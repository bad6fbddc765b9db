"""A call started on a thread of its own while the main thread works on.

The names a run asks for are checked with the server (a GET) while its input is read: the
answer is then at hand once the input is found good, instead of being waited for after it.
What the call logs meanwhile is held back and logged when its result is asked for, so the
messages keep their order (an input error first); if the result is never asked for (the
input was bad), they are dropped.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Early(Generic[T]):
    """``call()`` started now on a daemon thread; :meth:`result` waits for its value or
    raises its error; :meth:`abandon` gives it up (it may still be running: it is not
    waited for)."""

    def __init__(self, call: Callable[[], T], name: str = "bulk-enrich-early") -> None:
        self._call = call
        self._value: T | None = None
        self._error: BaseException | None = None
        self._lock = threading.Lock()
        self._done = self._abandoned = False
        self._held: list[logging.LogRecord] = []
        self._handlers = list(logging.getLogger().handlers)
        for handler in self._handlers:
            handler.addFilter(self._hold)
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._value = self._call()
        except BaseException as exc:  # handed to the caller of result()
            self._error = exc
        finally:
            with self._lock:
                self._done = True
                if self._abandoned:
                    self._unhook()

    def _hold(self, record: logging.LogRecord) -> bool:
        """Let the records of other threads through; hold those of the call's thread."""
        if record.thread != self._thread.ident:
            return True
        with self._lock:
            if not self._held or self._held[-1] is not record:  # (once, for all handlers)
                self._held.append(record)
        return False

    def _unhook(self) -> list[logging.LogRecord]:
        for handler in self._handlers:
            handler.removeFilter(self._hold)
        held, self._held = self._held, []
        return held

    def result(self) -> T:
        """The call's value (waiting for it), or its error raised here; what it logged is
        logged now."""
        self._thread.join()
        with self._lock:
            held = self._unhook()
        for record in held:
            logging.getLogger(record.name).handle(record)
        if self._error is not None:
            error, self._error = self._error, None
            raise error
        return self._value  # type: ignore[return-value]

    def abandon(self) -> None:
        """Give the call up: its value and its messages are dropped."""
        with self._lock:
            self._abandoned = True
            if self._done:
                self._unhook()
