"""The emulator is a package of its own: the runtime never loads it, and it needs only the specs."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from bulk_enrich.cli import main as bulk_enrich_main

from tests.probes import python_probe

ROOT = Path(__file__).resolve().parents[2]
EMULATOR = ROOT / "facade" / "bulk_enrich_emulator"
ALLOWED_FROM_RUNTIME = {"bulk_enrich.specs"}


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_emulator_uses_only_the_spec_locator_from_the_runtime() -> None:
    used = {
        name
        for path in EMULATOR.rglob("*.py")
        for name in _imported_modules(path)
        if name == "bulk_enrich" or name.startswith("bulk_enrich.")
    }
    assert used <= ALLOWED_FROM_RUNTIME


def test_runtime_modules_never_load_the_emulator() -> None:
    probe = (
        "import pkgutil, importlib, sys, bulk_enrich\n"
        "for info in pkgutil.walk_packages(bulk_enrich.__path__, 'bulk_enrich.'):\n"
        "    importlib.import_module(info.name)\n"
        "print(sorted(m for m in sys.modules if m.startswith('bulk_enrich_emulator')))\n"
    )
    assert python_probe(probe).strip() == "[]"


def test_emulator_command_without_the_extra_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "bulk_enrich_emulator.cli", None)
    assert bulk_enrich_main(["emulator", "--port", "0"]) == 2
    assert "pip install 'bulk-enrich[emulator]'" in capsys.readouterr().err


def test_python_m_entry_has_its_own_help() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bulk_enrich_emulator", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert done.stdout.startswith("usage: python -m bulk_enrich_emulator")
    assert "emulator listening on http://HOST:PORT" in " ".join(done.stdout.split())
