"""The run's garbage-collection policy is given back as it was; help starts without the heavy
libraries."""

from __future__ import annotations

import gc
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from bulk_enrich.cli import enrich, gcpolicy

from tests.cli.conftest import KEY
from tests.probes import python_probe

Run = Callable[..., tuple[int, str, str]]
#: Imported only when a run uses them.
HEAVY = (
    "polars",
    "msgspec",
    "pyarrow",
    "pandas",
    "numpy",
    "openpyxl",
    "httpx",
    "ping_data_api",
    "place_enrichment_api",
    "bulk_enrich_emulator",
)


def _enhance(emulator: Any, src: Path, out: Path) -> list[str]:
    return [
        "ping", "enhance", str(src), "-o", str(out), "--sources", "PG",
        "--base-url", emulator.base_url, "--api-key", KEY, "--chunk-size", "2", "--quiet",
    ]  # fmt: skip


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[tuple[int, int, int], int]]]:
    """(thresholds, frozen count) just after each freeze of the input."""
    record: list[tuple[tuple[int, int, int], int]] = []

    def freeze() -> None:
        gcpolicy.freeze_input()
        record.append((gc.get_threshold(), gc.get_freeze_count()))

    monkeypatch.setattr(enrich, "freeze_input", freeze)
    before = gc.get_threshold()
    yield record
    gc.set_threshold(*before)
    gc.unfreeze()


def test_a_run_freezes_its_input_and_gives_the_collector_back(
    emulator: Any, sov_csv: Path, tmp_path: Path, run_cli: Run, seen: list[Any]
) -> None:
    before = gc.get_threshold()
    assert gc.get_freeze_count() == 0
    code, _out, err = run_cli(*_enhance(emulator, sov_csv, tmp_path / "out.csv"))
    assert code == 0, err
    assert len(seen) == 1
    thresholds, frozen = seen[0]
    assert thresholds == gcpolicy.RUN_THRESHOLDS
    assert frozen > 0
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()


def test_a_failed_run_gives_the_collector_back(
    emulator: Any, tmp_path: Path, run_cli: Run, seen: list[Any]
) -> None:
    before = gc.get_threshold()
    bad = tmp_path / "bad.csv"
    bad.write_text("id,address\nA,1 Main St\nA,2 Main St\n", encoding="utf-8")  # duplicate id
    code, _out, _err = run_cli(*_enhance(emulator, bad, tmp_path / "out.csv"))
    assert code != 0
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_a_callers_own_collector_settings_are_left_alone(
    emulator: Any, sov_csv: Path, tmp_path: Path, run_cli: Run, seen: list[Any]
) -> None:
    gc.set_threshold(1234, 5, 6)
    gc.freeze()  # e.g. a host that forks workers
    frozen = gc.get_freeze_count()
    code, _out, err = run_cli(*_enhance(emulator, sov_csv, tmp_path / "a.csv"))
    assert code == 0, err
    assert seen[-1][0] == (1234, 5, 6)  # not changed during the run either
    assert gc.get_threshold() == (1234, 5, 6)
    assert gc.get_freeze_count() > frozen // 2  # not unfrozen (some frozen objects were freed)
    gc.unfreeze()
    gc.disable()
    try:
        code, _out, err = run_cli(*_enhance(emulator, sov_csv, tmp_path / "b.csv"))
        assert code == 0, err
        assert seen[-1] == ((1234, 5, 6), 0)
        assert not gc.isenabled()
        assert gc.get_threshold() == (1234, 5, 6)
        assert gc.get_freeze_count() == 0
    finally:
        gc.enable()


def _modules_after_help(args: list[str]) -> set[str]:
    """The modules a fresh interpreter has imported once ``main(args)`` printed its help."""
    code = (
        "import json, sys\n"
        "from bulk_enrich.cli import main\n"
        "try:\n"
        f"    main({args!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    return set(json.loads(python_probe(code).strip().splitlines()[-1]))


@pytest.mark.parametrize(
    "args", [["--help"], ["ping", "enhance", "--help"], ["places", "enrich", "--help"]]
)
def test_help_imports_no_heavy_library(args: list[str]) -> None:
    assert not {m.split(".")[0] for m in _modules_after_help(args)} & set(HEAVY)


#: What a run needs and ``--help`` does not: the readers, the writers, the progress display and
#: the engine (the parser takes the choices and defaults it shows from light modules).
RUN_MODULES = (
    "bulk_enrich.cli.readers",
    "bulk_enrich.cli.writers",
    "bulk_enrich.cli.progress",
    "bulk_enrich.engine.runs",
    "bulk_enrich.engine.effects",
    "httpx",
)


@pytest.mark.parametrize("args", [["--help"], ["ping", "enhance", "--help"]])
def test_help_imports_none_of_the_runs_modules(args: list[str]) -> None:
    assert not _modules_after_help(args) & set(RUN_MODULES)


def test_the_parsers_choices_are_what_the_readers_writers_and_display_take() -> None:
    from bulk_enrich import DEFAULT_MAX_WAIT
    from bulk_enrich.cli import readers, writers
    from bulk_enrich.cli.formats import PROGRESS_MODES
    from bulk_enrich.cli.parser import build_parser
    from bulk_enrich.cli.progress import Progress

    assert set(readers.INPUT_FORMATS) >= set(readers.FORMATS_BY_SUFFIX.values())
    assert set(writers.OUTPUT_FORMATS) == set(writers.OUTPUT_FORMATS_BY_SUFFIX.values())
    args = build_parser().parse_args(
        ["ping", "enhance", "in.csv", "-o", "out.csv", "--sources", "PG"]
    )
    assert args.max_wait == DEFAULT_MAX_WAIT
    for mode in PROGRESS_MODES:
        Progress(mode=mode, unit="rows", stream=io.StringIO()).close()
