"""The bench's output: the comparison table (text and Markdown), targets, profile summaries."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.stage_report import stage_markdown, stage_text

BULK, NAIVE = "bulk-enrich", "naive"
COLUMNS = ("scenario", "metric", BULK, NAIVE, "naive / bulk", "target (bulk-enrich)", "met")


def fmt(value: Any, unit: str = "", digits: int = 2) -> str:
    """A number with a unit, or ``-``."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}{unit}"
    if isinstance(value, float):
        return f"{value:,.{digits}f}{unit}"
    return str(value)


def ratio(naive: float | None, bulk: float | None) -> str:
    """``naive / bulk`` as ``3.4x`` (``-`` when either is missing or bulk is zero)."""
    if naive is None or bulk is None or bulk == 0:
        return "-"
    return f"{naive / bulk:.1f}x"


def met_text(met: bool | None) -> str:
    """``yes`` / ``NO`` / ``-``."""
    return "-" if met is None else ("yes" if met else "NO")


def table_rows(results: dict[str, Any]) -> list[list[str]]:
    """The rows of the comparison table, built from ``results['rows']``."""
    out = []
    for row in results.get("rows", []):
        out.append(
            [
                row["scenario"],
                row["metric"],
                row["bulk_text"],
                row["naive_text"],
                row.get("ratio_text", "-"),
                row.get("target", ""),
                met_text(row.get("met")),
            ]
        )
    return out


def text_table(rows: Sequence[Sequence[str]], header: Sequence[str] = COLUMNS) -> str:
    """A plain, aligned table for the terminal."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = "  ".join("-" * w for w in widths)
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(header, widths, strict=True)), line]
    lines += ["  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(lines)


def markdown_table(rows: Sequence[Sequence[str]], header: Sequence[str] = COLUMNS) -> str:
    """The same table in Markdown."""

    def cell(value: str) -> str:
        return str(value).replace("|", "\\|")

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def profile_markdown(profile: dict[str, Any], top: int = 12) -> str:
    """Top functions of one profile (own CPU time, then cumulative), as Markdown."""
    total = profile.get("profiled_seconds") or 0.0
    parts = [f"Profiled CPU: {total:.2f} s (thread CPU time, all threads).", ""]
    for key, title in (("by_tottime", "own time"), ("by_cumtime", "cumulative time")):
        parts += [f"Top by {title}:", "", "| function | calls | own s | cum s | own % |"]
        parts.append("|---|---:|---:|---:|---:|")
        for r in profile.get(key, [])[:top]:
            share = 100 * r["tottime"] / total if total else 0.0
            parts.append(
                f"| `{r['function']}` | {r['calls']:,} | {r['tottime']:.2f} | "
                f"{r['cumtime']:.2f} | {share:.0f} |"
            )
        parts.append("")
    return "\n".join(parts)


def profile_text(profile: dict[str, Any], top: int = 8) -> str:
    """Top functions by own time, for the terminal."""
    total = profile.get("profiled_seconds") or 0.0
    lines = [f"  profiled CPU {total:.2f} s; top by own time:"]
    for r in profile.get("by_tottime", [])[:top]:
        share = 100 * r["tottime"] / total if total else 0.0
        lines.append(f"    {r['tottime']:7.2f} s {share:4.0f}%  {r['function']}")
    return "\n".join(lines)


def machine_line(machine: dict[str, Any]) -> str:
    """One line naming the machine."""
    return (
        f"{machine['date']}; {machine['nproc']} cores ({machine['cpu_model']}), "
        f"{machine['memory']} RAM; Python {machine['python']}; {machine['platform']}"
    )


def render_text(results: dict[str, Any]) -> str:
    """Everything the terminal shows at the end of a run."""
    parts = [
        f"bulk-enrich benchmark ({results['mode']} run, {results['duration_s']:.0f} s)",
        machine_line(results["machine"]),
        "",
        text_table(table_rows(results)),
        "",
    ]
    parts += [f"note: {n}" for n in results.get("notes", [])]
    stages = stage_text(results)
    if stages:
        parts += ["", "client CPU per stage, us per item (end-to-end runs):", stages]
    for strategy, profile in results.get("profiles", {}).items():
        parts += ["", f"{strategy} client profile ({results.get('profile_count', 0):,} locations):"]
        parts.append(profile_text(profile))
    return "\n".join(parts)


def render_markdown(results: dict[str, Any]) -> str:
    """``bench/RESULTS.md``."""
    parts = [
        "# Benchmark results",
        "",
        f"`make bench` ({results['mode']} run, {results['duration_s']:.0f} s). "
        f"Machine: {machine_line(results['machine'])}.",
        "",
        "Medians over the runs listed under notes; `naive / bulk` is the naive strategy's figure "
        "divided by bulk-enrich's (above 1: bulk-enrich is better).",
        "",
        markdown_table(table_rows(results)),
        "",
        "## Notes",
        "",
    ]
    parts += [f"- {n}" for n in results.get("notes", [])]
    stages = stage_markdown(results)
    if stages:
        parts += ["", stages]
    for strategy, profile in results.get("profiles", {}).items():
        parts += [
            "",
            f"## Top functions of the {strategy} client under cProfile "
            f"({results.get('profile_count', 0):,} locations, Ping, CSV to CSV)",
            "",
            profile_markdown(profile),
        ]
    return "\n".join(parts).rstrip() + "\n"


def write(results: dict[str, Any], directory: Path) -> tuple[Path, Path]:
    """Write ``results.json`` and ``RESULTS.md`` into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    json_path = directory / "results.json"
    md_path = directory / "RESULTS.md"
    json_path.write_text(json.dumps(results, indent=1, default=str) + "\n")
    md_path.write_text(render_markdown(results))
    return json_path, md_path
