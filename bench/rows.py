"""The report's table rows and target verdicts, built from the scenarios' results."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from typing import Any

from bench import report
from bench.cpu import per_million
from bench.import_time import import_rows
from bench.plan import BULK, FLOOR, NAIVE

#: Peak RSS bulk-enrich may reach converting a result, and how much it may grow from the
#: smaller to the larger result ("flat").
RSS_LIMIT_MB = 150.0
RSS_FLAT_GROWTH = 1.2


def _mb(n: float | None) -> str:
    return "-" if n is None else f"{n / 1e6:,.0f} MB" if n >= 1e6 else f"{n / 1e3:,.0f} kB"


def row(
    scenario: str,
    metric: str,
    bulk: float | None,
    naive: float | None,
    unit: str = "",
    digits: int = 2,
    target: str = "",
    met: bool | None = None,
    show_ratio: bool = True,
) -> dict[str, Any]:
    return {
        "scenario": scenario,
        "metric": metric,
        BULK: bulk,
        NAIVE: naive,
        "bulk_text": report.fmt(bulk, unit, digits),
        "naive_text": report.fmt(naive, unit, digits),
        "ratio_text": report.ratio(naive, bulk) if show_ratio else "-",
        "target": target,
        "met": met,
    }


Rows = list[dict[str, Any]]
Section = Callable[[dict[str, Any], Rows, Rows], None]


def build_rows(results: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Table rows and the target verdicts from the scenario results."""
    rows: list[dict[str, Any]] = []
    targets: list[dict[str, Any]] = []
    sections: tuple[Section, ...] = (
        _e2e_rows, _polling_rows, _memory_rows, _cpu_per_million_rows, _cpu_rows, import_rows,
    )  # fmt: skip
    for section in sections:
        section(results["scenarios"], rows, targets)
    return rows, targets


def _e2e_rows(
    sc: dict[str, Any], rows: list[dict[str, Any]], targets: list[dict[str, Any]]
) -> None:
    """Scenario 1: wall, server and client figures of each API's end-to-end runs."""
    for api, label, unit in (("ping", "Ping", "locations"), ("place", "Place", "places")):
        e2e = sc.get(f"e2e-{api}")
        if not e2e or "median" not in e2e:
            continue
        med = e2e["median"]
        name = f"1. end to end, {label} {e2e['count']:,} {unit}"
        b, n = med[BULK], med[NAIVE]
        busy = b["server_busy"]
        ratio_ok = b["ratio"] is not None and b["ratio"] <= 1.05
        rows.append(row(name, "wall time", b["wall"], n["wall"], " s", 1))
        rows.append(
            row(
                name,
                "server's own processing time",
                busy,
                n["server_busy"],
                " s",
                1,
                show_ratio=False,
            )
        )
        if b.get("before_first_job") is not None and n.get("before_first_job") is not None:
            rows.append(
                row(name, "client time before the first job / after the last", None, None)
                | {
                    "bulk_text": f"{b['before_first_job']:.1f} s / {b['after_last_job']:.1f} s",
                    "naive_text": f"{n['before_first_job']:.1f} s / {n['after_last_job']:.1f} s",
                    "ratio_text": "-",
                }
            )
        rows.append(
            row(
                name,
                "wall / server time (limit 1.0)",
                b["ratio"],
                n["ratio"],
                target="<= 1.05",
                met=ratio_ok,
            )
        )
        rows.append(row(name, "client CPU (user+sys)", b["cpu"], n["cpu"], " s", 1))
        rows.append(
            row(
                name,
                "emulator CPU (its own process)",
                b.get("emulator_cpu"),
                n.get("emulator_cpu"),
                " s",
                1,
                show_ratio=False,
            )
        )
        rows.append(row(name, "client peak RSS", b["max_rss_mb"], n["max_rss_mb"], " MB", 0))
        rows.append(
            row(name, "jobs / status requests", None, None, show_ratio=False)
            | {
                "bulk_text": f"{b['jobs']:.0f} / {b['status_polls']:.0f}",
                "naive_text": f"{n['jobs']:.0f} / {n['status_polls']:.0f}",
            }
        )
        targets.append(
            {"target": f"end-to-end ratio <= 1.05 ({label})", "figure": b["ratio"], "met": ratio_ok}
        )


def _polling_rows(
    sc: dict[str, Any], rows: list[dict[str, Any]], targets: list[dict[str, Any]]
) -> None:
    """Scenario 2: detection latency and status requests per job length."""
    poll = sc.get("polling")
    if poll and "jobs" in poll:
        jobs = poll["jobs"]
        for entry in jobs:
            t = entry["job_time"]
            b, n = entry[BULK], entry[NAIVE]
            limit = max(0.5, 0.1 * t)
            ok = b.get("all_met", b["latency_max"] <= limit)
            name = f"2. polling, {t:g} s job"
            rows.append(
                row(
                    name,
                    "detection latency (median)",
                    b["latency"],
                    n["latency"],
                    " s",
                    2,
                    f"<= {limit:g} s, every run",
                    ok,
                )
            )
            rows.append(row(name, "status requests", b["polls"], n["polls"], "", 0))
            targets.append(
                {
                    "target": f"detection latency <= max(0.5 s, 10 % of job) ({t:g} s job)",
                    "figure": {"worst": b["latency_max"], "median": b["latency"]},
                    "met": ok,
                }
            )
        log_ok = logarithmic([e["job_time"] for e in jobs], [e[BULK]["polls"] for e in jobs])
        if log_ok is not None:
            rows[-1]["target"] = "O(log T) polls"
            rows[-1]["met"] = log_ok
            targets.append(
                {
                    "target": "status requests grow as O(log T)",
                    "figure": [e[BULK]["polls"] for e in jobs],
                    "met": log_ok,
                }
            )


def _memory_rows(
    sc: dict[str, Any], rows: list[dict[str, Any]], targets: list[dict[str, Any]]
) -> None:
    """Scenario 3: peak RSS per result size and format."""
    mem = sc.get("memory")
    if mem and "runs" in mem:
        by_fmt: dict[str, list[dict[str, Any]]] = {}
        for entry in mem["runs"]:
            by_fmt.setdefault(entry["format"], []).append(entry)
        for fmt, entries in by_fmt.items():
            entries.sort(key=lambda e: e["count"])
            small, large = entries[0][BULK]["max_rss_mb"], entries[-1][BULK]["max_rss_mb"]
            flat = large <= small * RSS_FLAT_GROWTH
            for e in entries:
                b, n = e[BULK], e[NAIVE]
                ok = b["max_rss_mb"] <= RSS_LIMIT_MB and flat
                rows.append(
                    row(
                        f"3. memory, {e['count']:,} locations -> {fmt}",
                        f"peak RSS (result file {_mb(e['result_bytes'])})",
                        b["max_rss_mb"],
                        n["max_rss_mb"] if n else None,
                        " MB",
                        0,
                        f"<= {RSS_LIMIT_MB:g} MB, flat",
                        ok,
                    )
                )
                if not n:
                    rows[-1]["naive_text"] = "not run"
            targets.append(
                {
                    "target": f"peak RSS <= {RSS_LIMIT_MB:g} MB and flat ({fmt})",
                    "figure": [e[BULK]["max_rss_mb"] for e in entries],
                    "met": all(e[BULK]["max_rss_mb"] <= RSS_LIMIT_MB for e in entries) and flat,
                }
            )


#: Client CPU per million items bulk-enrich may use, as a share of the naive client's.
CPU_SHARE = {"ping": 0.25, "place": 0.35}


def _cpu_per_million_rows(
    sc: dict[str, Any], rows: list[dict[str, Any]], targets: list[dict[str, Any]]
) -> None:
    """Scenario 4: client CPU per million items, from the end-to-end runs."""
    for api, label, unit in (("ping", "Ping", "locations"), ("place", "Place", "places")):
        e2e = sc.get(f"e2e-{api}")
        if not e2e or "median" not in e2e:
            continue
        stages = e2e.get("stages") or {}
        b, n = (
            per_million(
                e2e["median"][strategy]["cpu"],
                e2e["count"],
                (stages.get(strategy) or {}).get("startup", 0.0),
            )
            for strategy in (BULK, NAIVE)
        )
        share = CPU_SHARE[api]
        target = f"<= {share:g} x naive"
        ok = None if b is None or n is None else b <= share * n
        if ok is not None:
            targets.append(
                {
                    "target": f"client CPU <= {share:g} x the naive baseline's ({label})",
                    "figure": [b, n],
                    "met": ok,
                }
            )
        rows.append(
            row("4. client CPU", f"user+sys per 1,000,000 {unit}", b, n, " s", 1, target, ok)
        )


def _cpu_rows(
    sc: dict[str, Any], rows: list[dict[str, Any]], targets: list[dict[str, Any]]
) -> None:
    """Scenario 4: the side-by-side CPU seconds and instruction counts."""
    cpu = sc.get("cpu")
    if cpu:
        count = f"{cpu['count']:,}"
        floor = f"the floor client (csv and json calls only) for {count}, in bulk-enrich's place"
        counts = {k: v / 1e9 for k, v in (cpu.get("instructions") or {}).items() if v}
        measured = [
            (f"user+sys for {count} locations (beside the memory runs)", cpu, " s"),
            (floor, {BULK: cpu[FLOOR], NAIVE: cpu[NAIVE]}, " s"),
        ]
        if BULK in counts and NAIVE in counts:  # perf could count them
            measured.append((f"instructions (perf, user space) for {count}", counts, " G"))
            if FLOOR in counts:
                measured.append((floor, {BULK: counts[FLOOR], NAIVE: counts[NAIVE]}, " G"))
        for metric, values, unit in measured:
            rows.append(row("4. client CPU", metric, values[BULK], values[NAIVE], unit, 1))


#: Jobs shorter than this sit on the 0.5 s latency floor, where any schedule polls at a fixed
#: interval; the O(log T) verdict looks at the longer ones.
LOG_VERDICT_FROM_S = 2.0


def logarithmic(times: Sequence[float], polls: Sequence[float]) -> bool | None:
    """Whether polls grow no faster than log T: polls per unit of log T, step by step, must not
    grow (50 % and one poll of slack) from one step to the next. A fixed or capped interval adds
    polls in proportion to T, so its rate per unit of log T multiplies with each longer job."""
    pairs = [(t, n) for t, n in zip(times, polls, strict=True) if t >= LOG_VERDICT_FROM_S]
    if len(pairs) < 3:
        return None
    rates = [(b[1] - a[1]) / math.log(b[0] / a[0]) for a, b in itertools.pairwise(pairs)]
    return all(
        later <= 1.5 * max(earlier, 1.0) + 1 / math.log(pairs[i + 2][0] / pairs[i + 1][0])
        for i, (earlier, later) in enumerate(itertools.pairwise(rates))
    )
