"""The library's import time: each statement timed in a fresh interpreter, the median kept."""

from __future__ import annotations

import subprocess
from typing import Any

from bench.measure import PYTHON, REPO, child_env, median
from bench.plan import BULK, NAIVE

#: The statements timed, each in a fresh ``python -c``.
STATEMENTS = ("import bulk_enrich", "from bulk_enrich import PingData")
#: The project's target for ``import bulk_enrich``.
TARGET_MS = 150.0
FULL_REPS, QUICK_REPS = 7, 3
_PROBE = "import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"


def once(statement: str) -> float:
    """Milliseconds ``statement`` takes in a fresh interpreter (its start-up not counted)."""
    done = subprocess.run(
        [PYTHON, "-c", _PROBE.format(statement=statement)],
        cwd=str(REPO),
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return float(done.stdout.strip().splitlines()[-1]) * 1000.0


def import_times(quick: bool) -> dict[str, Any]:
    """The median and every run of each statement (:data:`QUICK_REPS` or :data:`FULL_REPS`)."""
    reps = QUICK_REPS if quick else FULL_REPS
    timed: dict[str, Any] = {}
    for statement in STATEMENTS:
        runs = [once(statement) for _ in range(reps)]
        timed[statement] = {"median_ms": median(runs), "runs_ms": [round(r, 1) for r in runs]}
    return {"reps": reps, "target_ms": TARGET_MS, "statements": timed}


def import_rows(
    sc: dict[str, Any], rows: list[dict[str, Any]], targets: list[dict[str, Any]]
) -> None:
    """Scenario 5: the import time of each statement (bulk-enrich only)."""
    found = sc.get("import")
    if not found or "statements" not in found:
        return
    for statement, timed in found["statements"].items():
        ok = timed["median_ms"] < TARGET_MS if statement == STATEMENTS[0] else None
        rows.append(
            {
                "scenario": "5. import time",
                "metric": f"`{statement}` (fresh interpreter, median of {found['reps']})",
                BULK: timed["median_ms"],
                NAIVE: None,
                "bulk_text": f"{timed['median_ms']:.0f} ms",
                "naive_text": "-",
                "ratio_text": "-",
                "target": f"< {TARGET_MS:g} ms" if ok is not None else "",
                "met": ok,
            }
        )
        if ok is not None:
            targets.append(
                {
                    "target": f"`{statement}` under {TARGET_MS:g} ms",
                    "figure": timed["median_ms"],
                    "met": ok,
                }
            )
