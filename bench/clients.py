"""The command lines of each client: bulk-enrich's CLI and the naive baseline, per API."""

from __future__ import annotations

from pathlib import Path

from bench.emulator_proc import (
    PING_KEY,
    PLACE_KEY,
    PLACE_ORG,
    bulk_enrich_exe,
)
from bench.measure import (
    PYTHON,
)
from bench.plan import BULK, PING_SOURCES, PLACE_ATTRIBUTES, Plan


def ping_argv(
    strategy: str, plan: Plan, url: str, inp: Path, out: Path, naive_poll: float | None = None
) -> list[str]:
    """CSV -> CSV for Ping.Data: the real CLI, or the naive client."""
    if strategy == BULK:
        return [
            bulk_enrich_exe(),
            "ping",
            "enhance",
            str(inp),
            "-o",
            str(out),
            "--sources",
            PING_SOURCES,
            "--base-url",
            url,
            "--api-key",
            PING_KEY,
            "--quiet",
        ]
    return [
        PYTHON,
        "-m",
        "bench.naive",
        "ping",
        str(inp),
        "-o",
        str(out),
        "--sources",
        PING_SOURCES,
        "--base-url",
        url,
        "--api-key",
        PING_KEY,
        "--chunk-size",
        str(plan.naive_ping_chunk),
        "--poll",
        str(naive_poll or plan.naive_poll),
    ]


def place_argv(strategy: str, plan: Plan, url: str, inp: Path, out: Path) -> list[str]:
    """CSV -> CSV for Place Enrichment: the real CLI, or the naive client."""
    if strategy == BULK:
        return [
            bulk_enrich_exe(),
            "places",
            "enrich",
            str(inp),
            "-o",
            str(out),
            "--org",
            PLACE_ORG,
            "--attributes",
            PLACE_ATTRIBUTES,
            "--base-url",
            url,
            "--api-key",
            PLACE_KEY,
            "--quiet",
        ]
    return [
        PYTHON,
        "-m",
        "bench.naive",
        "places",
        str(inp),
        "-o",
        str(out),
        "--org",
        PLACE_ORG,
        "--attributes",
        PLACE_ATTRIBUTES,
        "--base-url",
        url,
        "--api-key",
        PLACE_KEY,
        "--chunk-size",
        str(plan.naive_chunk),
        "--poll",
        str(plan.naive_poll),
    ]


def staged(strategy: str, argv: list[str], out: Path) -> list[str]:
    """``argv`` run under the stage sampler (:mod:`bench.stages`), which writes ``out``."""
    if strategy == BULK:
        target, args = "bulk_enrich.cli:main", argv[1:]
    else:
        target, args = "bench.naive:main", argv[3:]  # after PYTHON -m bench.naive
    return [PYTHON, "-m", "bench.stages", str(out), target, "--", *args]
