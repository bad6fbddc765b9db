"""Shared fixtures: a running emulator on a free loopback port."""

from __future__ import annotations

import gzip
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from bulk_enrich_emulator import EmulatorConfig, EmulatorHandle, start

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
