"""The emulator in its own process on 127.0.0.1, and its admin endpoints.

Its CPU must never count as the client's, so it always runs as a separate process; the bench
talks to it over loopback only.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

from bench.measure import REPO, background_child, child_env, die_with_parent

HOST = "127.0.0.1"
PING_KEY = "emulator-key"
PLACE_KEY = "emulator-key"
PLACE_ORG = "bench"
_LISTENING = re.compile(r"emulator listening on (http://[0-9.]+:\d+)")


def free_port() -> int:
    """A port free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def bulk_enrich_exe() -> str:
    """The ``bulk-enrich`` console script of this virtualenv."""
    return str(REPO / ".venv" / "bin" / "bulk-enrich")


class Emulator:
    """``bulk-enrich emulator`` as a child process; a context manager that always stops it.

    ``background``: started at the lowest priority (see :func:`bench.measure.lowest_priority`).
    """

    def __init__(
        self,
        log_dir: Path,
        rate: float,
        extra_args: tuple[str, ...] = (),
        *,
        background: bool = False,
    ) -> None:
        self.log_dir = log_dir
        self.rate = rate
        self.extra_args = extra_args
        self.background = background
        self.proc: subprocess.Popen[bytes] | None = None
        self.url = ""
        self._admin: httpx.Client | None = None

    def __enter__(self) -> Emulator:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self, timeout: float = 180.0) -> None:
        """Start the emulator and wait until it answers."""
        self.log_dir.mkdir(parents=True, exist_ok=True)
        port = free_port()
        log = self.log_dir / f"emulator-{port}.log"
        argv = [
            bulk_enrich_exe(),
            "emulator",
            "--host",
            HOST,
            "--port",
            str(port),
            "--rate",
            str(self.rate),
            *self.extra_args,
        ]
        with open(log, "wb") as fh:
            self.proc = subprocess.Popen(
                argv,
                cwd=str(REPO),
                env=child_env(),
                stdout=fh,
                stderr=subprocess.STDOUT,
                start_new_session=self.background,
                preexec_fn=background_child if self.background else die_with_parent,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"emulator exited early:\n{log.read_text(errors='replace')}")
            match = _LISTENING.search(log.read_text(errors="replace"))
            if match:
                self.url = match.group(1)
                break
            time.sleep(0.05)
        else:
            self.stop()
            raise RuntimeError(f"emulator did not start within {timeout:.0f} s")
        # Control requests wait for an emulator that may run at the lowest priority on a
        # loaded machine (the background lane): generous, never the measured path.
        self._admin = httpx.Client(base_url=self.url, timeout=180.0, trust_env=False)

    def stop(self) -> None:
        """Stop the emulator (SIGTERM, then SIGKILL after 10 s)."""
        if self._admin is not None:
            self._admin.close()
            self._admin = None
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    @property
    def pid(self) -> int:
        """Process id of the emulator."""
        assert self.proc is not None
        return self.proc.pid

    @property
    def admin(self) -> httpx.Client:
        """An HTTP client on the emulator's origin."""
        assert self._admin is not None, "emulator not started"
        return self._admin

    def stats(self) -> dict[str, Any]:
        """``GET /_emulator/stats``."""
        r = self.admin.get("/_emulator/stats")
        r.raise_for_status()
        data: dict[str, Any] = r.json()
        return data

    def reset(self) -> None:
        """``POST /_emulator/reset``: forget jobs and counters."""
        self.admin.post("/_emulator/reset").raise_for_status()

    def configure(self, **settings: Any) -> None:
        """``PUT /_emulator/config`` with runtime settings (rate, mode, queue_delay...)."""
        self.admin.put("/_emulator/config", json=settings).raise_for_status()

    def cpu_seconds(self) -> float:
        """User+system CPU the emulator process has used so far (from /proc)."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return (int(fields[11]) + int(fields[12])) / ticks

    @property
    def ping_url(self) -> str:
        """Base URL of the Ping.Data API."""
        return self.url

    @property
    def place_url(self) -> str:
        """Base URL (host root) of the Place Enrichment API."""
        return self.url
