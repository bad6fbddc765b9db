"""Every `x-deviation` note in openapi/ is listed in openapi/README.md, and vice versa."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

OPENAPI = Path(__file__).resolve().parents[1] / "openapi"


def _deviations(node: Any, pointer: str = "#") -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "x-deviation":
                yield pointer
            else:
                escaped = str(key).replace("~", "~0").replace("/", "~1")
                yield from _deviations(value, f"{pointer}/{escaped}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _deviations(value, f"{pointer}/{index}")


@pytest.mark.parametrize("spec", ["ping-data.yaml", "place-enrichment.yaml"])
def test_every_deviation_is_listed(spec: str) -> None:
    document = yaml.safe_load((OPENAPI / spec).read_text())
    in_spec = set(_deviations(document))
    readme = (OPENAPI / "README.md").read_text()
    section = readme.split(f"### `{spec}`", 1)[1].split("### ", 1)[0]
    listed = set(re.findall(r"^\| `(#[^`]*)` \|", section, flags=re.MULTILINE))
    assert in_spec, "expected the spec to carry x-deviation notes"
    assert in_spec == listed, (
        f"unlisted: {sorted(in_spec - listed)}; listed but gone: {sorted(listed - in_spec)}"
    )
