"""The emulator's command line, its in-process ASGI use, and the default private data dir."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from bulk_enrich_emulator import EmulatorConfig, create_app, running
from bulk_enrich_emulator.cli import build_parser, config_from_args, main
from bulk_enrich_emulator.place import FREEZE_AT

from tests.probes import python_probe

ROOT = Path(__file__).resolve().parents[2]


def test_cli_arguments_build_the_config() -> None:
    args = build_parser().parse_args(
        [
            "--rate", "123", "--mode", "manual", "--api-key", "a", "--api-key", "b",
            "--place-api-key", "p1=acme", "--place-api-key", "p2", "--error-rate", "0.1",
            "--retry-after", "3", "--output-lag", "2", "--seed", "9", "--max-streak", "2",
        ]
    )  # fmt: skip
    config = config_from_args(args)
    assert config.rate == 123
    assert config.mode == "manual"
    assert config.ping_api_keys == ("a", "b")
    assert config.place_api_keys == {"p1": "acme", "p2": None}
    assert config.faults.error_rate == 0.1
    assert config.faults.retry_after == 3
    assert config.faults.max_streak == 2
    assert config.output_lag == 2
    assert config.seed == 9


def test_cli_refuses_a_non_loopback_host(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--host", "0.0.0.0", "--port", "0"])
    assert exc.value.code == 2
    assert "--allow-remote" in capsys.readouterr().err


def test_bulk_enrich_emulator_command_serves_until_sigterm(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-c", "import sys; from bulk_enrich.cli import main; sys.exit(main())",
         "emulator", "--port", "0",
         "--data-dir", str(tmp_path), "--api-key", "cli-key"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        assert line.startswith("emulator listening on http://127.0.0.1:")
        base_url = line.rsplit(" ", 1)[1]
        answer = httpx.get(
            f"{base_url}/api/v1/datasources", headers={"Authorization": "Token cli-key"}, timeout=30
        )
        assert answer.status_code == 200
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        finally:
            if process.poll() is None:
                process.kill()
    assert process.returncode == 0


@pytest.mark.anyio
async def test_in_process_asgi_app_needs_no_server(tmp_path: Path) -> None:
    app = create_app(EmulatorConfig(mode="instant", data_dir=tmp_path))
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(
            transport=transport,
            base_url="http://emulator.test",
            headers={"Authorization": "Token emulator-key"},
        ) as http:
            started = await http.post(
                "/api/v1/bulk_enhance",
                json={
                    "locations": [{"id": "a", "address": "1 main st, miami, fl"}],
                    "sources": ["PG"],
                },
            )
            job_id = started.json()["id"]
            status = (await http.get(f"/api/v1/bulk_enhance/{job_id}")).json()
            url = status["result"]["outputs"][0]["url"]
            assert url.startswith("http://emulator.test/api/v1/bulk_enhance/")
            output = (await http.get(url)).json()
        assert output["a"]["PG"]["state"] == "FL"
        assert app.state.stats.jobs_created == 1
    finally:
        app.close()


def test_default_data_dir_is_private_and_removed_on_stop() -> None:
    with running(EmulatorConfig(mode="instant")) as emulator:
        data_dir = emulator.app.data_dir
        assert data_dir.is_dir()
    assert not data_dir.exists()


def test_config_repr_and_stats_never_show_keys() -> None:
    config = EmulatorConfig(ping_api_keys=("secret-ping",), place_api_keys={"secret-place": None})
    assert "secret" not in repr(config)
    app = create_app(config)
    try:
        assert "secret" not in str(app.snapshot())
    finally:
        app.close()


def test_accepted_connections_send_without_delay() -> None:
    """The listening socket names TCP, so asyncio sets TCP_NODELAY on what it accepts (an
    answer's second write is not held for the client's delayed ACK)."""
    import asyncio
    import socket

    from bulk_enrich_emulator.server import bind_socket

    async def accepted_nodelay() -> int:
        sock = bind_socket("127.0.0.1", 0)
        found: list[int] = []

        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            accepted = writer.get_extra_info("socket")
            found.append(accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        server = await asyncio.start_server(handle, sock=sock)
        async with server:
            _, writer = await asyncio.open_connection(*sock.getsockname()[:2])
            while not found:
                await asyncio.sleep(0.01)
            writer.close()
        return found[0]

    assert asyncio.run(accepted_nodelay()) == 1


def test_the_specs_validators_are_compiled_before_the_first_request() -> None:
    """A new emulator compiles its validators when it is made, so a client's first request
    (part of its time before the first job) does not wait for them. In a fresh process: the
    compiled validators are kept per process."""
    probe = (
        "from bulk_enrich_emulator import create_app, validation\n"
        "assert validation.operations.cache_info().currsize == 0\n"
        "create_app()\n"
        "print(validation.operations.cache_info().currsize)\n"
    )
    assert python_probe(probe).strip() == "1"


@pytest.mark.anyio
@pytest.mark.parametrize("owns_process", [False, True])
async def test_the_collector_is_tuned_only_in_a_process_of_its_own(
    tmp_path: Path, owns_process: bool
) -> None:
    """A big Place batch freezes the collector's walks where the emulator has its process to
    itself (``serve``), never in a host's process (``start``, the ASGI app)."""
    app = create_app(EmulatorConfig(mode="instant", data_dir=tmp_path))
    app.owns_process = owns_process
    jobs = [{"place_id": f"p{i}", "inputs": {"name": f"Shop {i}"}} for i in range(FREEZE_AT)]
    assert gc.get_freeze_count() == 0
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url="http://emulator.test/v1/emulator-org",
            headers={"Authorization": "Bearer emulator-key"},
        ) as http:
            answer = await http.post(
                "/place_enrichment/batches", json={"batch_name": "big", "jobs": jobs}
            )
        assert answer.status_code == 200, answer.text
        assert (gc.get_freeze_count() > 0) is owns_process
    finally:
        gc.unfreeze()
        app.close()
