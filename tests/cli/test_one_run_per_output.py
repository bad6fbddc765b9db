"""One run per output: a second run on the same output stops at once (exit 2) and names the
first; work files behind a symbolic link are refused; the lock goes with the run."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bulk_enrich.cli.journal import journal_path, parts_dir
from bulk_enrich.cli.lock import lock_path, output_lock

from .conftest import KEY

Run = Callable[..., tuple[int, str, str]]


def _enhance(emulator: Any, src: Path, out: Path) -> list[str]:
    return [
        "ping", "enhance", str(src), "-o", str(out), "--sources", "PG",
        "--base-url", emulator.base_url, "--api-key", KEY, "--chunk-size", "2",
    ]  # fmt: skip


def test_a_second_run_on_the_same_output_stops_before_any_job(
    emulator: Any, sov_csv: Path, tmp_path: Path, run_cli: Run
) -> None:
    out = tmp_path / "out.csv"
    with output_lock(out):  # the first run, still going
        code, _, err = run_cli(*_enhance(emulator, sov_csv, out))
        assert lock_path(out).read_text() == str(os.getpid())
    assert code == 2, err
    assert f"another bulk-enrich run (process {os.getpid()})" in err
    assert emulator.stats()["jobs_created"] == 0
    assert not out.exists()
    assert not parts_dir(out).exists()
    assert not journal_path(out).exists()


def test_the_lock_goes_with_the_run(
    emulator: Any, sov_csv: Path, tmp_path: Path, run_cli: Run
) -> None:
    out = tmp_path / "out.csv"
    lock_path(out).write_text("12345")  # left by a run that was killed: free to take
    code, _, err = run_cli(*_enhance(emulator, sov_csv, out))
    assert code == 0, err
    assert out.exists()
    assert not lock_path(out).exists()
    code, _, err = run_cli(*_enhance(emulator, sov_csv, out))  # the next run is not blocked
    assert code == 0, err


def test_a_symlinked_parts_folder_is_refused(
    emulator: Any, sov_csv: Path, tmp_path: Path, run_cli: Run
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out.csv"
    parts_dir(out).symlink_to(elsewhere, target_is_directory=True)
    code, _, err = run_cli(*_enhance(emulator, sov_csv, out))
    assert code == 2, err
    assert "symbolic link" in err
    assert list(elsewhere.iterdir()) == []
    assert parts_dir(out).is_symlink()
    assert emulator.stats()["jobs_created"] == 0


def test_an_input_edited_during_the_run_does_not_change_the_pairing(
    emulator: Any, tmp_path: Path, run_cli: Run, monkeypatch: Any
) -> None:
    # The rows are read once, before anything is sent, and carried forward to the output:
    # rewriting the file (rows swapped) while the jobs run cannot pair a row with another's
    # enrichment.
    from bulk_enrich.cli import enrich

    from .conftest import SOV_HEADER, read_csv, sov_rows, write_csv

    rows = sov_rows(8)
    src = write_csv(tmp_path / "sov.csv", SOV_HEADER, rows)
    original = enrich._on_progress
    edited: list[bool] = []

    def editing(progress: Any, prepared: Any) -> Any:
        inner = original(progress, prepared)

        def on_progress(state: Any) -> None:
            if not edited:
                write_csv(src, SOV_HEADER, rows[::-1])
                edited.append(True)
            inner(state)

        return on_progress

    monkeypatch.setattr(enrich, "_on_progress", editing)
    out = tmp_path / "out.csv"
    code, _, err = run_cli(*_enhance(emulator, src, out))
    assert code == 0, err
    assert edited, "the input was rewritten while the run went on"
    written = read_csv(out)
    assert [[r[h] for h in SOV_HEADER] for r in written] == rows
