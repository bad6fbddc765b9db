"""Fast slice of the fault matrix: every fault once per API, the modes (library sync, library
async, CLI) rotated so each is exercised; ``make faults`` runs every cell, repeatedly, bigger.

Each run (resumed the documented way after an error) must enrich every location exactly
once, equal the fault-free run, and create no duplicate job."""

from __future__ import annotations

from pathlib import Path

import pytest

from faults.matrix import FAULTS, MAX_ATTEMPTS, MODES, dead_server, run_scenario

CELLS = [
    (name, api, MODES[(i + j) % len(MODES)])
    for i, (name, fault) in enumerate(FAULTS.items())
    for j, api in enumerate(fault.apis)
]


@pytest.mark.parametrize(("fault", "api", "mode"), CELLS)
def test_fault_costs_time_never_data(fault: str, api: str, mode: str, tmp_path: Path) -> None:
    outcome = run_scenario(fault, api, mode, n=200, chunk=25, work=tmp_path)
    assert outcome.faults > 0, "the fault was never injected: the run proves nothing"
    assert outcome.error is None, outcome.error
    assert outcome.attempts < MAX_ATTEMPTS
    assert outcome.duplicates == 0, f"{outcome.jobs_created} jobs for {outcome.chunks} chunks"
    assert outcome.lost == 0
    assert outcome.duplicated_rows == 0


@pytest.mark.parametrize(
    ("api", "mode", "kind"),
    [
        ("ping", "sync", "5xx"),
        ("places", "cli", "5xx"),
        ("ping", "cli", "refused"),
        ("places", "async", "refused"),
    ],
)
def test_dead_server_ends_in_a_clear_error_within_the_budget(
    api: str, mode: str, kind: str, tmp_path: Path
) -> None:
    outcome = dead_server(api, mode, kind, tmp_path)
    if kind == "5xx":
        op = "get_bulk_enhance_status" if api == "ping" else "get_batch"
        assert op in outcome.error
        assert "503" in outcome.error
        # 40 locations in 2 chunks: the pre-flight reads (datasources and limits, or
        # attributes), 2 submissions, then 1 poll + 4 retries per job at most.
        assert outcome.jobs_created == 2
        assert outcome.requests <= (2 if api == "ping" else 1) + 2 + 2 * 5
    else:
        assert "Connection refused" in outcome.error or "connection attempts failed" in (
            outcome.error
        )
    assert "Traceback" not in outcome.error
