"""The official Ping.Data client (``pingintel-api``), unchanged, against the emulator over
loopback: its Python API and its ``pingdataapi`` command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from bulk_enrich_emulator import EmulatorHandle

pingdata = pytest.importorskip("pingintel_api.pingdata.pingdata_api_client")
pingdataapi_cmd = pytest.importorskip("pingintel_api.pingdataapi_cmd")
testing = pytest.importorskip("click.testing")

KEY = "emulator-key"
ADDRESSES = ("123 main st, miami, fl", "456 elm st, los angeles, ca")


@pytest.fixture
def emu(emulator_factory: Any) -> EmulatorHandle:
    handle: EmulatorHandle = emulator_factory(mode="instant")
    return handle


def client(emu: EmulatorHandle) -> Any:
    return pingdata.PingDataAPIClient(api_url=emu.base_url, auth_token=KEY)


def test_bulk_enhance_with_output_fetch(
    emu: EmulatorHandle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the client writes each output file into the working folder
    locations = [
        {"id": "item-1", "address": ADDRESSES[0], "sources": ["PG", "PH"]},
        {"id": "item-2", "address": ADDRESSES[1]},
    ]
    answer = client(emu).bulk_enhance(
        locations=locations, sources=["PG"], poll_seconds=0.01, fetch_outputs=True, verbose=0
    )
    assert answer["success"] is True
    [output] = answer["output_files"]
    data = json.loads((tmp_path / output["local_filepath"]).read_text())
    assert set(data) == {"item-1", "item-2"}
    assert set(data["item-1"]) == {"PG", "PH"}  # the location's own sources
    assert set(data["item-2"]) == {"PG"}  # the request's sources


def test_single_enhance(emu: EmulatorHandle) -> None:
    answer = client(emu).enhance(address=ADDRESSES[0], sources=["PG"])
    assert set(answer["location_data"]) == {"PG"}
    assert answer["location_data"]["PG"]["is_success"] is True


def test_datasources_and_usage(emu: EmulatorHandle) -> None:
    ping = client(emu)
    configs = ping.list_datasources()["configs"]
    assert "PG" in configs
    assert ping.get_datasource(code="pg")["config"]["source_code"] == "PG"
    ping.enhance(address=ADDRESSES[1], sources=["PH"])
    usage = ping.get_usage(start="-1h")
    assert usage["totals"]["PH"] >= 1


def run_cli(emu: EmulatorHandle, *args: str) -> Any:
    runner = testing.CliRunner()
    return runner.invoke(
        pingdataapi_cmd.cli,
        ["--api-url", emu.base_url, "--auth-token", KEY, *args],
        catch_exceptions=False,
    )


def test_cli_bulk_enhance_without_sources(
    emu: EmulatorHandle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CLI sends ``"sources": []`` unless ``-s`` is given: the server's default set."""
    monkeypatch.chdir(tmp_path)
    result = run_cli(emu, "bulk-enhance", "-a", ADDRESSES[0], "-a", ADDRESSES[1])
    assert result.exit_code == 0, result.output
    assert "'success': True" in result.output
    [written] = list(tmp_path.glob("output-data-*.json"))
    data = json.loads(written.read_text())
    assert set(data) == {"id_001", "id_002"}
    assert set(data["id_001"]) == {"PG", "PH"}


def test_cli_enhance_datasources_usage(emu: EmulatorHandle) -> None:
    enhanced = run_cli(emu, "enhance", "-a", ADDRESSES[0], "-s", "PG")
    assert enhanced.exit_code == 0, enhanced.output
    assert "location_data" in enhanced.output
    listed = run_cli(emu, "list-datasources")
    assert listed.exit_code == 0, listed.output
    assert "PG" in listed.output
    usage = run_cli(emu, "usage")
    assert usage.exit_code == 0, usage.output
    assert "totals" in usage.output or "PG" in usage.output
