"""Every code example of README.md and docs/*.md runs, or is visibly marked as not run.

The convention, by the fenced block's info string:

- ``python``: run. The python blocks of one file run in order in one namespace (later blocks
  use names defined earlier), in a temporary working directory, with the environment pointing
  both clients at an emulator on loopback (``PING_DATA_AUTH_TOKEN``, ``PING_DATA_BASE_URL``,
  ``PLACE_ENRICHMENT_API_KEY``, ``PLACE_ENRICHMENT_BASE_URL``, ``PLACE_ENRICHMENT_ORG=acme``).
  ``BASE_URL``, ``PLACE_BASE_URL``, ``API_KEY`` and ``PLACE_ORG`` are also defined.
- ``sh``: run. The sh blocks of one file run in order in one bash session (``set -euo
  pipefail``; exported variables and background jobs carry over from block to block), in a
  temporary directory that holds a link to the repository's ``examples/``, with the
  virtualenv's ``bin`` first on ``PATH`` and no API key in the environment: a block sets what
  it needs, as a user would. The documented port ``8765`` is replaced by a free port; after a
  line that starts ``bulk-enrich emulator ... &`` the session waits until that port accepts
  connections. Every process the session started is stopped at the end.
- ``console`` and ``text``: not run. Output shown for reading, a directory tree, or commands
  that cannot run inside the tests (``pip install``, ``make test``, a real server).

Any other info string, an unlabelled fence or an indented fence fails the test, so no block is
skipped silently.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
FILES = ["README.md", *sorted(f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md"))]
RUN = ("python", "sh")
NOT_RUN = ("console", "text")
FENCE_LINE = re.compile(r"^[ \t]*```", re.MULTILINE)
BLOCK = re.compile(r"^```([^\n`]*)\n(.*?)^```[ \t]*$", re.DOTALL | re.MULTILINE)
DOC_PORT = "8765"
STARTS_SERVER = re.compile(r"^\s*bulk-enrich emulator\b[^#]*&\s*(#.*)?$")
KEY_VARIABLES = (
    "PING_DATA_AUTH_TOKEN",
    "PING_DATA_AUTH_TOKEN_STG",
    "PING_DATA_BASE_URL",
    "PLACE_ENRICHMENT_API_KEY",
    "PLACE_ENRICHMENT_BASE_URL",
    "PLACE_ENRICHMENT_ORG",
    "REPROMPT_API_KEY",
)


def blocks(name: str) -> list[tuple[str, str]]:
    """``(info string, code)`` of every fenced block of ``name``, in order."""
    text = (ROOT / name).read_text(encoding="utf-8")
    return [(info.strip(), code) for info, code in BLOCK.findall(text)]


def of_kind(name: str, kind: str) -> list[str]:
    return [code for info, code in blocks(name) if info == kind]


def files_with(kind: str) -> list[str]:
    return [name for name in FILES if of_kind(name, kind)]


def test_the_documents_exist() -> None:
    expected = {
        "cli",
        "contributing",
        "emulator",
        "library",
        "performance",
        "polling",
        "reliability",
        "resuming",
    }
    assert {Path(name).stem for name in FILES if name.startswith("docs/")} >= expected


@pytest.mark.parametrize("name", FILES)
def test_no_block_is_skipped_silently(name: str) -> None:
    text = (ROOT / name).read_text(encoding="utf-8")
    found = blocks(name)
    fences = FENCE_LINE.findall(text)
    assert len(fences) == 2 * len(found), f"{name}: an unclosed, nested or indented fence"
    unknown = [info for info, _ in found if info not in RUN + NOT_RUN]
    assert not unknown, f"{name}: blocks labelled {unknown}; use one of {RUN + NOT_RUN}"
    runnable = sum(1 for info, _ in found if info in RUN)
    shown = sum(1 for info, _ in found if info in NOT_RUN)
    assert runnable + shown == len(found)
    if name == "README.md":
        assert runnable >= 4, "the README's quick starts should be run by the tests"


def test_every_runnable_block_is_collected() -> None:
    """The run tests below are parametrized over exactly the files that have such blocks."""
    total = sum(len(of_kind(n, "python")) + len(of_kind(n, "sh")) for n in FILES)
    collected = sum(len(of_kind(n, "python")) for n in files_with("python")) + sum(
        len(of_kind(n, "sh")) for n in files_with("sh")
    )
    assert total == collected > 0


@pytest.mark.parametrize("name", files_with("python"))
def test_python_examples_run(
    name: str, emulator: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = of_kind(name, "python")
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    for var in KEY_VARIABLES:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("PING_DATA_AUTH_TOKEN", "emulator-key")
    monkeypatch.setenv("PING_DATA_BASE_URL", emulator.base_url)
    monkeypatch.setenv("PLACE_ENRICHMENT_API_KEY", "emulator-key")
    monkeypatch.setenv("PLACE_ENRICHMENT_BASE_URL", emulator.base_url)
    monkeypatch.setenv("PLACE_ENRICHMENT_ORG", "acme")
    namespace: dict[str, Any] = {
        "__name__": "doc_example",
        "BASE_URL": emulator.base_url,
        "PLACE_BASE_URL": emulator.place_base_url("acme"),
        "API_KEY": "emulator-key",
        "PLACE_ORG": "acme",
    }
    ran = 0
    for number, source in enumerate(code, start=1):
        compiled = compile(source, f"{name}:python-block-{number}", "exec")
        exec(compiled, namespace)
        ran += 1
    assert ran == len(code)
    if name == "README.md":
        assert emulator.stats()["requests"], "the examples should have talked to the emulator"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def shell_script(code: list[str], port: int) -> str:
    """One bash script running ``code`` in order, marking where each block starts."""
    lines = [
        "set -euo pipefail",
        "trap 'kill $(jobs -p) 2>/dev/null; wait' EXIT",
        "__wait_port() {",
        f'  "{sys.executable}" -c "import socket, sys, time',
        "deadline = time.monotonic() + 60",
        "while time.monotonic() < deadline:",
        "    try:",
        "        socket.create_connection(('127.0.0.1', $1), 1).close(); sys.exit(0)",
        "    except OSError:",
        "        time.sleep(0.05)",
        'sys.exit(1)"',
        "}",
    ]
    for number, block in enumerate(code, start=1):
        lines.append(f"echo '--- sh block {number}' >&2")
        for line in block.replace(DOC_PORT, str(port)).splitlines():
            lines.append(line)
            if STARTS_SERVER.match(line):
                lines.append(f"__wait_port {port}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("name", files_with("sh"))
def test_shell_examples_run(name: str, tmp_path: Path) -> None:
    code = of_kind(name, "sh")
    work = tmp_path / "work"
    work.mkdir()
    (work / "examples").symlink_to(ROOT / "examples")
    script = tmp_path / "examples.sh"
    script.write_text(shell_script(code, free_port()), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in KEY_VARIABLES}
    env["HOME"] = str(tmp_path)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    proc = subprocess.Popen(
        ["bash", str(script)],
        cwd=work,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        output, _ = proc.communicate(timeout=240)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    started = output.count("--- sh block ")
    assert proc.returncode == 0, f"{name}: sh block {started} failed:\n{output[-4000:]}"
    assert started == len(code)
