"""Messages in command-line terms, configuration errors exit 2, the emulator's --help."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bulk_enrich_emulator.cli import build_parser
from faults.support import refused_port

from .conftest import KEY

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def no_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    names = ("PING_DATA_AUTH_TOKEN", "PING_DATA_BASE_URL", "PLACE_ENRICHMENT_API_KEY")
    for name in (*names, "REPROMPT_API_KEY", "PLACE_ENRICHMENT_ORG", "PLACE_ENRICHMENT_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))


@pytest.mark.usefixtures("no_config")
def test_configuration_errors_name_flags_and_exit_2(run_cli: Run, sov_csv: Path) -> None:
    out = str(sov_csv.parent / "o.csv")
    code, _, err = run_cli("ping", "enhance", str(sov_csv), "-o", out, "--sources", "PG")
    assert code == 2
    assert "pass --api-key, set PING_DATA_AUTH_TOKEN" in err
    assert "api_key=" not in err
    code, _, err = run_cli(
        "places", "batches", "--api-key", KEY, "--base-url", "http://127.0.0.1:1"
    )
    assert code == 2
    assert "no organization: pass --org or set PLACE_ENRICHMENT_ORG" in err
    code, _, err = run_cli(
        "ping", "datasources", "--api-key", KEY, "--base-url", "http://example.com"
    )
    assert code == 2
    assert "refusing plain http to example.com" in err


def test_a_base_url_with_the_api_path_gets_a_hint(emulator: Any, run_cli: Run) -> None:
    code, _, err = run_cli(
        "ping", "datasources", "--api-key", KEY, "--base-url", emulator.base_url + "/api/v1/"
    )
    assert code == 2
    assert f"give the server root ({emulator.base_url})" in err
    assert emulator.stats()["requests"] == {}


def test_a_network_error_names_the_host(run_cli: Run) -> None:
    with refused_port() as port:
        base = f"http://127.0.0.1:{port}"
        code, _, err = run_cli("ping", "datasources", "--api-key", KEY, "--base-url", base)
    assert code == 1
    assert f"(server 127.0.0.1:{port})" in err.splitlines()[-1]


def test_every_emulator_option_is_described_with_its_default() -> None:
    parser = build_parser()
    text = " ".join(parser.format_help().split())
    options = [a for a in parser._actions if not isinstance(a, argparse._HelpAction)]
    assert len(options) >= 20
    for action in options:
        assert action.help, action.option_strings
        if action.default is None or action.default is False:
            continue  # a flag, or an option whose help says what happens without it
        assert f"(default: {action.default})" in text or "default" in action.help
    assert "--daily-quota DAILY_QUOTA credits per source per day (/limits) (default: 5000000)" in (
        text
    )
