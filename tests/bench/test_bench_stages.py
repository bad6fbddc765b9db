"""The stage sampler (bench/stages.py) charges each thread's CPU to the stage its stack is in.

Only that CPU lands in the right stage is checked, never how much there is.
"""

from __future__ import annotations

import gc
import json
import sys
import threading
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.stagemap import STAGES, Classifier
from bench.stages import Sampler
from bench.stages import main as stages_main

# A fake client whose functions the stage map knows by their module's path (bench/naive.py
# names its stage functions so): the map sees only file names and function names.
CLIENT = """
import threading

def read_rows(n):
    return sum(i * i for i in range(n))

def write_rows(n):
    return sum(i * i for i in range(n))

def main(argv):
    t = threading.Thread(target=write_rows, args=(3_000_000,))
    t.start()
    read_rows(3_000_000)
    t.join()
    return 0
"""


@pytest.fixture
def fake_client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    folder = tmp_path / "bench"  # the map knows bench/naive.py's stage functions by path
    folder.mkdir()
    (folder / "naive.py").write_text(CLIENT)
    monkeypatch.syspath_prepend(str(folder))
    yield "naive:main"
    sys.modules.pop("naive", None)


def test_cpu_of_each_thread_goes_to_its_stage(tmp_path: Path, fake_client: str) -> None:
    out = tmp_path / "stages.json"
    assert stages_main([str(out), fake_client, "--"]) == 0
    data = json.loads(out.read_text())
    seconds = data["seconds"]
    assert set(seconds) == set(STAGES)
    assert seconds["input"] > 0.05  # the main thread's read_rows
    assert seconds["write"] > 0.05  # the other thread's write_rows
    assert seconds["startup"] > 0  # the interpreter's start before sampling
    assert data["samples"] > 1
    assert data["sampler"] >= 0
    charged = sum(seconds.values()) + data["sampler"]
    assert charged == pytest.approx(data["process_cpu"], rel=0.05, abs=0.02)


def test_exit_status_is_kept_and_the_report_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = tmp_path / "quits.py"
    module.write_text("def main(argv):\n    raise SystemExit(3)\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    out = tmp_path / "stages.json"
    assert stages_main([str(out), "quits:main", "--"]) == 3
    assert json.loads(out.read_text())["seconds"]
    sys.modules.pop("quits", None)


def test_a_driver_thread_is_staged_by_its_operation() -> None:
    classify = Classifier()

    # An operation (a generator), and a wrapper that drives it by hand, as the scheduler does.
    def poll_steps() -> Iterator[str]:
        yield "effect"

    def bounded(steps: Iterator[str]) -> Iterator[str]:
        yield next(steps)

    def run(steps: Any) -> tuple[str, str]:  # stands for SyncDriver.run, as the map names it
        return classify.stage(sys._getframe())

    steps = bounded(poll_steps())
    next(steps)
    run.__code__ = run.__code__.replace(
        co_filename="/x/bulk_enrich/drivers/sync.py", co_qualname="SyncDriver.run"
    )
    assert run(steps) == ("polling", "")


def test_module_bodies_count_as_imports() -> None:
    code = compile("import sys\nframe = sys._getframe()", "/x/bulk_enrich/cli/output.py", "exec")
    scope: dict[str, Any] = {}
    exec(code, scope)
    assert Classifier().stage(scope["frame"])[0] == "startup"


def test_a_sample_keeps_no_thread_s_data_alive() -> None:
    """A sample sees every thread's frames; once those functions return, what their locals held
    is freed by reference counting, with no collection (the CLI collects rarely during a run)."""

    class Payload:  # stands for a decoded frame or a downloaded body in a client's locals
        pass

    seen = threading.Event()
    done = threading.Event()
    alive: list[weakref.ref[Payload]] = []

    def holds_payload() -> None:
        payload = Payload()
        alive.append(weakref.ref(payload))
        seen.set()
        done.wait(30)

    gc.disable()
    try:
        worker = threading.Thread(target=holds_payload)
        worker.start()
        assert seen.wait(30)
        Sampler().sample(threading.get_ident())  # from this thread, as if it were the sampler
        done.set()
        worker.join()
        assert alive[0]() is None
    finally:
        gc.enable()
