"""Crash and resume: the CLI is SIGKILLed before its first job, between chunks, mid-download
and while writing the output, then rerun. Never a duplicate job, never a partial output file,
and the final output is byte-identical to an uninterrupted run's."""

from __future__ import annotations

from pathlib import Path

import pytest

from faults.crash import crash_and_resume, leftovers
from faults.matrix import reference

CASES = [
    ("ping", "before first job"),
    ("ping", "between chunks"),
    ("ping", "mid-download"),
    ("ping", "while writing output"),
    ("places", "between chunks"),
    ("places", "mid-download"),
]


def _size(point: str) -> tuple[int, int]:
    # Writing 2,000 rows leaves a window to land in; other points need several chunks.
    return (2000, 1000) if point == "while writing output" else (200, 50)


@pytest.mark.parametrize(("api", "point"), CASES)
def test_killed_run_resumes_without_duplicates_or_partial_output(
    api: str, point: str, tmp_path: Path
) -> None:
    n, chunk = _size(point)
    ref = reference(api, "cli", n, chunk, tmp_path / "ref")
    for seed in range(3):  # a kill can miss its window on a loaded machine: try again
        work = tmp_path / f"run-{seed}"
        outcome = crash_and_resume(
            api, point, n=n, chunk=chunk, work=work, reference=ref, seed=seed
        )
        if outcome.landed == point:
            break
    assert outcome.landed == point
    assert outcome.output_at_kill == "absent"
    assert outcome.resume_exit == 0, outcome.resume_stderr
    assert outcome.jobs_created == outcome.chunks
    assert outcome.identical
    assert leftovers(work, api) == []


def test_no_temporary_file_survives_a_kill_while_writing(tmp_path: Path) -> None:
    ref = reference("ping", "cli", 2000, 1000, tmp_path / "ref")
    outcome = crash_and_resume(
        "ping", "while writing output", n=2000, chunk=1000, work=tmp_path / "run", reference=ref
    )
    assert outcome.landed == "while writing output"
    assert outcome.stray_temp_files == 0
