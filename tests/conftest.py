"""Shared fixtures: a running emulator on a free loopback port."""

from __future__ import annotations

import gc
import gzip
import os
import signal
import socket
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from bulk_enrich_emulator import EmulatorConfig, EmulatorHandle, start

#: Variables others set as they go: pytest for each test, polars when first imported.
_SET_BY_OTHERS = frozenset({"PYTEST_CURRENT_TEST", "_RJEM_MALLOC_CONF"})


def _process_state() -> dict[str, object]:
    """What a test must give back as it found it: hooks that would slow or change every later
    test in the same worker process (a profiler left on every new thread, say)."""
    return {
        "threading.Thread.run": threading.Thread.run,
        "threading.Thread.start": threading.Thread.start,
        "sys.getprofile()": sys.getprofile(),
        "sys.gettrace()": sys.gettrace(),
        "threading.getprofile()": threading.getprofile(),
        "threading.gettrace()": threading.gettrace(),
        "gc.isenabled()": gc.isenabled(),
        "gc.get_threshold()": gc.get_threshold(),
        "gc.get_freeze_count() > 0": gc.get_freeze_count() > 0,
        "SIGINT handler": signal.getsignal(signal.SIGINT),
        "SIGTERM handler": signal.getsignal(signal.SIGTERM),
        "socket.getdefaulttimeout()": socket.getdefaulttimeout(),
        **{f"${name}": value for name, value in os.environ.items() if name not in _SET_BY_OTHERS},
        "os.getcwd()": os.getcwd(),
    }


#: Threads that outlive their task by design: idle pools that end on their own or at exit
#: (anyio's and asyncio's workers; schemathesis's one event-loop portal for every ASGI app).
_POOLED = ("AnyIO worker thread", "asyncio_", "asyncio-portal-")


def _threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if not t.name.startswith(_POOLED)}


@pytest.fixture(autouse=True)
def _process_state_given_back() -> Iterator[None]:
    """Every test leaves the worker's process-wide state as it found it, and stops every
    thread (a server's, a client's) it started."""
    before, threads = _process_state(), _threads()
    yield
    after = _process_state()
    changed = sorted(n for n in before.keys() | after.keys() if before.get(n) != after.get(n))
    assert not changed, f"the test left process-wide state changed: {', '.join(changed)}"
    left = sorted(t.name for t in _threads() - threads)
    assert not left, f"the test left threads running: {', '.join(left)}"


#: Settings that make small jobs finish in well under a second.
FAST: dict[str, Any] = {"rate": 20_000.0, "queue_delay": 0.02}


@pytest.fixture
def emulator_factory(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[..., EmulatorHandle]]:
    """Start emulators with ``EmulatorConfig`` fields as keyword arguments; all stop at teardown.

    Defaults are fast (``rate=20000``, ``queue_delay=0.02``); output files go under a pytest
    temporary directory unless ``data_dir`` is given.
    """
    handles: list[EmulatorHandle] = []

    def make(**settings: Any) -> EmulatorHandle:
        values = {**FAST, **settings}
        values.setdefault("data_dir", tmp_path_factory.mktemp("emulator"))
        handle = start(EmulatorConfig(**values))
        handles.append(handle)
        return handle

    yield make
    for handle in handles:
        handle.stop()


@pytest.fixture
def emulator(emulator_factory: Callable[..., EmulatorHandle]) -> EmulatorHandle:
    """A running emulator with the default keys (``emulator-key`` for both APIs), fast rate."""
    return emulator_factory()


class RecordingTransport(httpx.HTTPTransport):
    """The real loopback transport, keeping each POST body (decompressed) it sends."""

    def __init__(self) -> None:
        super().__init__()
        self.posted: list[bytes] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            body = request.read()
            gzipped = request.headers.get("content-encoding") == "gzip"
            self.posted.append(gzip.decompress(body) if gzipped else body)
        return super().handle_request(request)


@pytest.fixture
def recording() -> type[RecordingTransport]:
    """A transport class that records the POST bodies it sends (make one per client)."""
    return RecordingTransport
