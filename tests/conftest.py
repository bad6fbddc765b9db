"""Shared fixtures: a running emulator on a free loopback port."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from bulk_enrich.emulator import EmulatorConfig, EmulatorHandle, start

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
