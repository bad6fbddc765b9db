"""Streams release everything when left; tokens, configuration errors, logging, typing."""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

import pytest
from bulk_enrich import AsyncPingData, BulkEnrichError, ConfigurationError, PingData
from bulk_enrich_emulator import EmulatorHandle

KEY = "emulator-key"
ROOT = Path(__file__).resolve().parents[2]


def locs(n: int) -> list[dict[str, Any]]:
    return [{"id": f"l{i}", "address": f"{i} Main St, Springfield, IL 62701"} for i in range(n)]


@pytest.fixture
def own_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary root of the test's own: the other worker's runs make their directories
    elsewhere, so the ones found here are this test's."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def run_dirs() -> set[Path]:
    """The runs' temporary work directories (not the emulator's)."""
    temp = Path(tempfile.gettempdir())
    return {p for p in temp.glob("bulk-enrich-*") if not p.name.startswith("bulk-enrich-emu")}


def held(directories: set[Path]) -> list[str]:
    """Open descriptors of this process on files in ``directories``."""
    out = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if any(target.startswith(str(d)) for d in directories):
            out.append(target)
    return out


def workers() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith("bulk-enrich")]


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_breaking_out_of_a_stream_leaves_no_thread_descriptor_or_directory(
    emulator: EmulatorHandle, own_temp: Path
) -> None:
    before = run_dirs()
    with PingData(api_key=KEY, base_url=emulator.base_url) as ping:
        with ping.iter_enhance_many(locs(60), sources=["PG"], chunk_size=10) as run:
            for _ in run:
                mine = run_dirs() - before
                assert mine
                assert workers()
                break
        assert workers() == []
        assert held(mine) == []
        assert not any(d.exists() for d in mine)


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_breaking_out_of_an_async_stream_releases_it(
    emulator: EmulatorHandle, own_temp: Path
) -> None:
    before = run_dirs()

    async def main() -> tuple[set[Path], int]:
        async with AsyncPingData(api_key=KEY, base_url=emulator.base_url) as ping:
            async with ping.iter_enhance_many(locs(40), sources=["PG"], chunk_size=10) as run:
                async for _ in run:
                    mine = run_dirs() - before
                    assert mine
                    break
            return mine, len(asyncio.all_tasks())

    mine, tasks = asyncio.run(main())
    assert tasks == 1  # only main(): the run's tasks were cancelled
    assert held(mine) == []
    assert not any(d.exists() for d in mine)


def test_a_token_for_another_server_is_refused(emulator: EmulatorHandle) -> None:
    with PingData(api_key=KEY, base_url=emulator.base_url) as ping:
        job = ping.submit(locs(2), sources=["PG"])
        token = job.token
        assert ping.job(token).id == job.id
    with PingData(api_key=KEY, base_url="https://elsewhere.example") as other:
        with pytest.raises(ConfigurationError, match="belongs to"):
            other.job(token)
        with pytest.raises(ConfigurationError):
            other.enhance_many(locs(2), sources=["PG"], resume_jobs={0: token})


@pytest.mark.parametrize("url", ["example.com/api", "http://example.com"])
def test_configuration_errors_have_their_own_class(url: str) -> None:
    with pytest.raises(ConfigurationError) as exc:
        PingData(api_key=KEY, base_url=url).datasources()
    assert isinstance(exc.value, BulkEnrichError)


def test_the_package_logger_has_a_null_handler() -> None:
    handlers = logging.getLogger("bulk_enrich").handlers
    assert any(isinstance(h, logging.NullHandler) for h in handlers)


def test_import_is_lazy() -> None:
    code = (
        "import sys, bulk_enrich; "
        "assert 'bulk_enrich.results' not in sys.modules; "
        "assert 'ping_data_api.models' not in sys.modules; "
        "from bulk_enrich import PingData, __all__; "
        "import bulk_enrich as b; assert all(hasattr(b, n) for n in __all__)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


@pytest.mark.parametrize(
    ("name", "unwanted"),
    [
        ("PingData", ("asyncio", "place_enrichment_api", "bulk_enrich.places")),
        ("PlaceEnrichment", ("asyncio", "ping_data_api", "bulk_enrich.ping")),
        ("AsyncPingData", ("place_enrichment_api", "bulk_enrich.drivers.sync")),
    ],
)
def test_a_client_imports_only_its_own_api(name: str, unwanted: tuple[str, ...]) -> None:
    code = (
        f"import sys; from bulk_enrich import {name}; "
        f"print(sorted(m for m in sys.modules if m.startswith({unwanted!r})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], check=True, cwd=ROOT, capture_output=True, text=True
    )
    assert done.stdout.strip() == "[]"


USER_SCRIPT = """
from bulk_enrich import PingData

def first_latitude(ping: PingData) -> float | None:
    results = ping.enhance_many([{"id": "a", "address": "1 Main St"}], sources=["PG"])
    latitude: float | None = results["a"]["PG"].latitude
    ok: bool = results["a"]["PG"].is_success
    return latitude if ok else None
"""

BAD_SCRIPT = """
from bulk_enrich import PingData

def first_latitude(ping: PingData) -> float:
    results = ping.enhance_many([{"id": "a", "address": "1 Main St"}], sources=["PG"])
    latitude: float = results["a"]["PG"].latitude
    return latitude
"""


def test_user_code_type_checks_under_mypy_strict(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.py", tmp_path / "bad.py"
    good.write_text(USER_SCRIPT)
    bad.write_text(BAD_SCRIPT)
    command = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--config-file="]
    passed = subprocess.run([*command, str(good)], capture_output=True, text=True, cwd=tmp_path)
    assert passed.returncode == 0, passed.stdout
    failed = subprocess.run([*command, str(bad)], capture_output=True, text=True, cwd=tmp_path)
    assert failed.returncode == 1
    assert 'Incompatible types in assignment (expression has type "float | None"' in (failed.stdout)
