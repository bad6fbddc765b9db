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


def _argv(strategy: str, command: list[str], common: list[str], naive: list[str]) -> list[str]:
    """The real CLI (``bulk-enrich COMMAND... COMMON --quiet``) or the naive client
    (``python -m bench.naive API COMMON NAIVE``; ``command[0]`` names the API)."""
    if strategy == BULK:
        return [bulk_enrich_exe(), *command, *common, "--quiet"]
    return [PYTHON, "-m", "bench.naive", command[0], *common, *naive]


def ping_argv(
    strategy: str, plan: Plan, url: str, inp: Path, out: Path, naive_poll: float | None = None
) -> list[str]:
    """CSV -> CSV for Ping.Data: the real CLI, or the naive client."""
    common = [str(inp), "-o", str(out), "--sources", PING_SOURCES, "--base-url", url,
              "--api-key", PING_KEY]  # fmt: skip
    naive = [
        "--chunk-size",
        str(plan.naive_ping_chunk),
        "--poll",
        str(naive_poll or plan.naive_poll),
    ]
    return _argv(strategy, ["ping", "enhance"], common, naive)


def place_argv(strategy: str, plan: Plan, url: str, inp: Path, out: Path) -> list[str]:
    """CSV -> CSV for Place Enrichment: the real CLI, or the naive client."""
    common = [str(inp), "-o", str(out), "--org", PLACE_ORG, "--attributes", PLACE_ATTRIBUTES,
              "--base-url", url, "--api-key", PLACE_KEY]  # fmt: skip
    naive = ["--chunk-size", str(plan.naive_chunk), "--poll", str(plan.naive_poll)]
    return _argv(strategy, ["places", "enrich"], common, naive)


def staged(strategy: str, argv: list[str], out: Path) -> list[str]:
    """``argv`` run under the stage sampler (:mod:`bench.stages`), which writes ``out``."""
    if strategy == BULK:
        target, args = "bulk_enrich.cli:main", argv[1:]
    else:
        target, args = "bench.naive:main", argv[3:]  # after PYTHON -m bench.naive
    return [PYTHON, "-m", "bench.stages", str(out), target, "--", *args]
