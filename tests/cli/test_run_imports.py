"""A CLI run imports what its command needs: one API's generated client, not the other's; the
sync driver, not asyncio's; httpx without its own command line (click, rich, pygments)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import KEY, SOV_HEADER, SOV_ROWS, write_csv
from tests.probes import python_probe

#: Top-level modules (or ``httpx._main``) no enrichment run needs.
NEVER = ("asyncio", "httpx._main", "rich", "click", "pygments", "bulk_enrich.drivers.aio")
PING_ONLY = ("ping_data_api", "bulk_enrich.ping")
PLACE_ONLY = ("place_enrichment_api", "bulk_enrich.places")

PROBE = """
import json, sys
from bulk_enrich.cli import main
code = main({args!r})
names = set(sys.modules)
print(json.dumps([code, sorted(names)]))
"""


def _imported(args: list[str]) -> tuple[int, set[str]]:
    out = python_probe(PROBE.format(args=args))
    code, names = json.loads(out.strip().splitlines()[-1])
    assert code == 0, out
    return code, set(names)


def _present(names: set[str], prefixes: tuple[str, ...]) -> list[str]:
    return sorted(n for n in names if any(n == p or n.startswith(p + ".") for p in prefixes))


@pytest.mark.parametrize("chunk", ["2", "10000"])
def test_a_ping_run_imports_no_place_client(emulator: Any, tmp_path: Path, chunk: str) -> None:
    src = write_csv(tmp_path / "sov.csv", SOV_HEADER, SOV_ROWS)
    _code, names = _imported([
        "ping", "enhance", str(src), "-o", str(tmp_path / "out.csv"), "--sources", "PG",
        "--base-url", emulator.base_url, "--api-key", KEY, "--chunk-size", chunk, "--quiet",
    ])  # fmt: skip
    assert (tmp_path / "out.csv").exists()
    assert "ping_data_api" in names  # the probe sees what the run imported
    assert _present(names, PLACE_ONLY + NEVER) == []


def test_a_place_run_imports_no_ping_client(emulator: Any, tmp_path: Path) -> None:
    src = write_csv(
        tmp_path / "stores.csv",
        ["store_id", "name", "address", "city", "state"],
        [["S1", "Blue Fern Coffee", "100 Main St", "Boston", "MA"], ["S2", "Annex", "", "", ""]],
    )
    _code, names = _imported([
        "places", "enrich", str(src), "-o", str(tmp_path / "out.csv"),
        "--attributes", "websites,phoneNumbers", "--base-url", emulator.base_url,
        "--api-key", KEY, "--org", "acme", "--quiet",
    ])  # fmt: skip
    assert (tmp_path / "out.csv").exists()
    assert "place_enrichment_api" in names
    assert _present(names, PING_ONLY + NEVER) == []


def test_an_httpx_that_needs_its_command_line_is_imported_whole(tmp_path: Path) -> None:
    """Leaving out ``httpx._main`` is only a saving: an httpx whose package imports it
    unconditionally is imported whole, and works."""
    package = tmp_path / "httpx"
    package.mkdir()
    (package / "__init__.py").write_text("from ._main import main\nVERSION = 'stub'\n")
    (package / "_main.py").write_text("def main() -> str:\n    return 'cli'\n")
    probe = (
        "import sys\n"
        f"sys.path.insert(0, {str(tmp_path)!r})\n"
        "from bulk_enrich.cli import _import_httpx_without_its_cli\n"
        "_import_httpx_without_its_cli()\n"
        "import httpx\n"
        "print(httpx.VERSION, httpx.main(), 'httpx._main' in sys.modules)\n"
    )
    assert python_probe(probe).split() == ["stub", "cli", "True"]
