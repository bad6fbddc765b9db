"""Locate the vendored OpenAPI documents (the project's single source of truth)."""

from __future__ import annotations

from pathlib import Path

PING_DATA = "ping-data.yaml"
PLACE_ENRICHMENT = "place-enrichment.yaml"


def spec_path(name: str) -> Path:
    """Path of a vendored spec: packaged copy in a wheel, ``openapi/`` in a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_openapi" / name, here.parents[1] / "openapi" / name):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"OpenAPI document {name!r} not found beside {here}")
