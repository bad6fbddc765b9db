"""Every ```python block of README.md runs against the emulator.

Blocks of one file run in order in one namespace (later blocks use names defined earlier), in a
temporary working directory, with the environment pointing both clients at the emulator.
``BASE_URL``, ``PLACE_BASE_URL``, ``API_KEY`` and ``PLACE_ORG`` are also defined for blocks that
prefer explicit arguments.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from bulk_enrich_emulator import EmulatorHandle

ROOT = Path(__file__).resolve().parents[2]
FILES = ["README.md"]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


def blocks(name: str) -> list[str]:
    path = ROOT / name
    return BLOCK.findall(path.read_text(encoding="utf-8")) if path.is_file() else []


def test_readme_has_examples() -> None:
    assert len(blocks("README.md")) >= 6


@pytest.mark.parametrize("name", FILES)
def test_readme_examples_run(
    name: str, emulator: EmulatorHandle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = blocks(name)
    if not code:
        pytest.skip(f"{name} has no python examples")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    for var in ("PING_DATA_AUTH_TOKEN_STG", "REPROMPT_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("PING_DATA_AUTH_TOKEN", "emulator-key")
    monkeypatch.setenv("PING_DATA_BASE_URL", emulator.base_url)
    monkeypatch.setenv("PLACE_ENRICHMENT_API_KEY", "emulator-key")
    monkeypatch.setenv("PLACE_ENRICHMENT_BASE_URL", emulator.base_url)
    monkeypatch.setenv("PLACE_ENRICHMENT_ORG", "acme")
    namespace: dict[str, Any] = {
        "__name__": "readme_example",
        "BASE_URL": emulator.base_url,
        "PLACE_BASE_URL": emulator.place_base_url("acme"),
        "API_KEY": "emulator-key",
        "PLACE_ORG": "acme",
    }
    for number, source in enumerate(code, start=1):
        compiled = compile(source, f"{name}:python-block-{number}", "exec")
        exec(compiled, namespace)
    assert emulator.stats()["requests"], "the examples should have talked to the emulator"
