"""A call started early on its own thread: its value, error and messages come when asked."""

from __future__ import annotations

import logging
import threading

import pytest
from bulk_enrich.cli.early import Early

log = logging.getLogger("bulk_enrich.test_early")


def test_the_value_comes_when_asked_and_messages_keep_their_order(
    caplog: pytest.LogCaptureFixture,
) -> None:
    went = threading.Event()

    def call() -> int:
        log.warning("from the call")
        went.set()
        return 7

    caplog.set_level(logging.WARNING)
    early = Early(call)
    went.wait(5)
    log.warning("from the main thread")
    assert [r.getMessage() for r in caplog.records] == ["from the main thread"]
    assert early.result() == 7
    assert [r.getMessage() for r in caplog.records] == ["from the main thread", "from the call"]


def test_an_error_is_raised_by_result(caplog: pytest.LogCaptureFixture) -> None:
    def call() -> None:
        log.warning("retrying")
        raise ValueError("unknown name")

    caplog.set_level(logging.WARNING)
    early = Early(call)
    with pytest.raises(ValueError, match="unknown name"):
        early.result()
    assert [r.getMessage() for r in caplog.records] == ["retrying"]


@pytest.mark.parametrize("finished", [True, False])
def test_an_abandoned_call_says_nothing(caplog: pytest.LogCaptureFixture, finished: bool) -> None:
    go, done = threading.Event(), threading.Event()

    def call() -> None:
        go.wait(5)
        log.warning("too late")
        done.set()

    caplog.set_level(logging.WARNING)
    handlers = logging.getLogger().handlers
    before = [list(h.filters) for h in handlers]
    early = Early(call)
    if finished:
        go.set()
        done.wait(5)
        early.abandon()
    else:
        early.abandon()
        go.set()
        done.wait(5)
    early._thread.join(5)
    log.warning("after")
    assert [r.getMessage() for r in caplog.records] == ["after"]
    assert [list(h.filters) for h in handlers] == before  # no filter left behind
