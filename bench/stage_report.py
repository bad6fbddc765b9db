"""The report's per-stage table: each client's CPU in microseconds per item, stage by stage.

From the end-to-end runs, each under the stage sampler (:mod:`bench.stages`); the median of a
strategy's runs per stage, divided by the items of the run.
"""

from __future__ import annotations

from typing import Any

from bench.plan import BULK, NAIVE
from bench.stagemap import STAGES

APIS = (("ping", "Ping"), ("place", "Place"))


def stage_columns(results: dict[str, Any]) -> list[tuple[str, dict[str, float], int]]:
    """``(column title, seconds per stage, items)`` for each API and strategy that ran."""
    columns = []
    for api, label in APIS:
        e2e = results.get("scenarios", {}).get(f"e2e-{api}") or {}
        for strategy in (BULK, NAIVE):
            seconds = (e2e.get("stages") or {}).get(strategy)
            if seconds:
                columns.append((f"{label}, {strategy}", seconds, int(e2e["count"])))
    return columns


def stage_table(results: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    """Header and rows: us per item per stage, the total, and the sampler's own cost."""
    columns = stage_columns(results)
    header = ["stage (us per item)", *(title for title, _, _ in columns)]
    rows = []
    for key, text in STAGES.items():
        rows.append([text, *(_us(s.get(key, 0.0), n) for _, s, n in columns)])
    rows.append(["**total**", *(_us(sum(s.get(k, 0.0) for k in STAGES), n) for _, s, n in columns)])
    rows.append(
        [
            "the stage sampler itself (not in the total)",
            *(_us(s.get("sampler", 0.0), n) for _, s, n in columns),
        ]
    )
    return header, rows


def _us(seconds: float, count: int) -> str:
    return f"{seconds * 1e6 / count:.1f}" if count else "-"


def stage_markdown(results: dict[str, Any]) -> str:
    """The section of ``RESULTS.md`` (empty when no end-to-end run was sampled)."""
    header, rows = stage_table(results)
    if len(header) < 2:
        return ""
    lines = [
        "## Where the client's CPU goes, per stage",
        "",
        "Client CPU of the end-to-end runs (scenario 1) in microseconds per location (Ping) or "
        "place (Place), stage by stage, from the stage sampler (bench/stages.py: each "
        "thread's CPU clock charged to the stage its stack is in; the mapping is in "
        "bench/stagemap.py). The totals are the client CPU rows of scenario 1 per item.",
        "",
        "| " + " | ".join(header) + " |",
        "|---|" + "---:|" * (len(header) - 1),
    ]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    unmapped = unmapped_text(results)
    if unmapped:
        lines += ["", unmapped]
    return "\n".join(lines)


def unmapped_text(results: dict[str, Any]) -> str:
    """The functions bulk-enrich's samples most often found in ``other`` (to map new code)."""
    found = []
    for api, label in APIS:
        e2e = results.get("scenarios", {}).get(f"e2e-{api}") or {}
        for run in (e2e.get("runs") or {}).get(BULK, [])[:1]:
            top = (run.get("stages") or {}).get("other_top") or []
            if top:
                names = ", ".join(f"`{name}` ({count:,})" for name, count in top[:5])
                found.append(f"{label}: {names}")
    if not found:
        return ""
    return (
        "Where bulk-enrich's samples in 'other' were, innermost function of its own code "
        "(samples; a new module shows up here until bench/stagemap.py maps it): "
        + "; ".join(found)
        + "."
    )


def stage_text(results: dict[str, Any]) -> str:
    """The same table for the terminal."""
    header, rows = stage_table(results)
    if len(header) < 2:
        return ""
    width = max(len(r[0]) for r in rows)
    cells = max(len(h) for h in header[1:])
    out = [header[0].ljust(width) + "  " + "  ".join(h.rjust(cells) for h in header[1:])]
    for r in rows:
        cells_text = "  ".join(c.rjust(cells) for c in r[1:])
        out.append(r[0].replace("**", "").ljust(width) + "  " + cells_text)
    return "\n".join(out)
