"""``pip install 'bulk-enrich[emulator]'`` alone is enough to run the emulator.

One clean virtualenv per session (no system site packages, a normal non-editable install of
this checkout with the ``emulator`` extra); the emulator runs from it as
``python -m bulk_enrich_emulator`` on an ephemeral loopback port and serves real requests,
validated against the packaged specs. Every wait has a deadline generous enough for a loaded
machine, and every process started here is stopped.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import httpx
import pytest

pytestmark = [pytest.mark.xdist_group("extra-install"), pytest.mark.timeout(1200)]

ROOT = Path(__file__).resolve().parents[2]
KEY = "extra-key"
INSTALL_DEADLINE = 900.0
READY_DEADLINE = 120.0
STOP_DEADLINE = 60.0
LISTENING = "emulator listening on "
HEAVY = ("pandas", "pyarrow", "openpyxl")


def _clean_env() -> dict[str, str]:
    """This process's environment without anything that would leak packages into the venv."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP")
    }
    env["PYTHONNOUSERSITE"] = "1"
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _run(args: list[str], cwd: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        args, cwd=cwd, env=_clean_env(), capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, f"{args} failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    return done


@pytest.fixture(scope="session")
def extra_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtualenv holding ``<this checkout>[emulator]`` and nothing else; its python."""
    base = tmp_path_factory.mktemp("extra-venv")
    venv = base / "venv"
    deadline = time.monotonic() + INSTALL_DEADLINE
    _run([sys.executable, "-m", "venv", str(venv)], cwd=base, timeout=INSTALL_DEADLINE)
    python = venv / "bin" / "python"
    _run(
        [
            str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q",
            f"{ROOT}[emulator]",
        ],
        cwd=base,
        timeout=max(1.0, deadline - time.monotonic()),
    )  # fmt: skip
    return python


def _lines(stream: IO[str], out: queue.Queue[str | None]) -> None:
    for line in stream:
        out.put(line)
    out.put(None)


@pytest.fixture
def emulator_process(
    extra_venv: Path, tmp_path: Path
) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """``python -m bulk_enrich_emulator --port 0`` from the clean venv; its URL. Always stopped."""
    stderr = (tmp_path / "emulator.stderr").open("w")
    process = subprocess.Popen(
        [
            str(extra_venv), "-m", "bulk_enrich_emulator", "--host", "127.0.0.1", "--port", "0",
            "--mode", "instant", "--api-key", KEY, "--data-dir", str(tmp_path / "data"),
        ],
        cwd=tmp_path,
        env=_clean_env(),
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
    )  # fmt: skip
    try:
        lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=_lines, args=(process.stdout, lines), daemon=True).start()
        deadline = time.monotonic() + READY_DEADLINE
        url = ""
        while not url:
            remaining = deadline - time.monotonic()
            assert remaining > 0, "the emulator printed no listening line in time"
            try:
                line = lines.get(timeout=remaining)
            except queue.Empty:
                continue
            if line is None:
                process.wait(STOP_DEADLINE)
                log = (tmp_path / "emulator.stderr").read_text()
                pytest.fail(f"the emulator exited with {process.returncode}:\n{log[-4000:]}")
            if line.startswith(LISTENING):
                url = line[len(LISTENING) :].strip()
        yield process, url
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(STOP_DEADLINE)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(STOP_DEADLINE)
        stderr.close()


def _wait_until_ready(client: httpx.Client) -> httpx.Response:
    """Poll the Ping datasources call until it answers 200, within ``READY_DEADLINE``."""
    deadline = time.monotonic() + READY_DEADLINE
    while True:
        try:
            answer = client.get("/api/v1/datasources")
            if answer.status_code == 200:
                return answer
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, "the emulator did not answer in time"
        time.sleep(0.2)


def test_clean_venv_has_the_extra_and_nothing_heavy(extra_venv: Path, tmp_path: Path) -> None:
    probe = (
        "import importlib.util as u, json; "
        f"print(json.dumps({{m: u.find_spec(m) is not None for m in {HEAVY!r}}}))"
    )
    done = _run([str(extra_venv), "-c", probe], cwd=tmp_path, timeout=READY_DEADLINE)
    assert done.stdout.strip() == '{"pandas": false, "pyarrow": false, "openpyxl": false}'
    script = extra_venv.parent / "bulk-enrich"
    help_text = _run([str(script), "emulator", "--help"], cwd=tmp_path, timeout=READY_DEADLINE)
    assert "listening" in help_text.stdout


def test_emulator_from_the_extra_serves_and_stops(
    emulator_process: tuple[subprocess.Popen[str], str],
) -> None:
    process, url = emulator_process
    assert url.startswith("http://127.0.0.1:")
    headers = {"Authorization": f"Token {KEY}"}
    with httpx.Client(base_url=url, headers=headers, timeout=30.0) as client:
        assert _wait_until_ready(client).json()
        rejected = client.post("/api/v1/bulk_enhance", json={"locations": "not a list"})
        assert rejected.status_code == 400, rejected.text
        started = client.post(
            "/api/v1/bulk_enhance",
            json={"locations": [{"id": "a", "address": "1 main st, miami, fl"}], "sources": ["PG"]},
        )
        assert started.status_code < 300, started.text
        status = client.get(f"/api/v1/bulk_enhance/{started.json()['id']}").json()
        output = client.get(status["result"]["outputs"][0]["url"]).json()
        assert output["a"]["PG"]["state"] == "FL"
    process.send_signal(signal.SIGTERM)
    assert process.wait(STOP_DEADLINE) == 0
