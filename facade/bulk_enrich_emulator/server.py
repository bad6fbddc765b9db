"""Serving the emulator over HTTP: blocking ``serve`` and the ``running`` context manager."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import urllib.request
from collections.abc import Iterator
from typing import Any

import uvicorn

from .app import Emulator, create_app
from .config import EmulatorConfig, FaultConfig

LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
#: Seconds a stopping server lets the answers it is sending finish.
GRACE = 5


def _uvicorn_config(app: Emulator, host: str, port: int) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        lifespan="on",
        access_log=False,
        timeout_keep_alive=30,
        limit_concurrency=None,
        # On stop, answers still being sent get this long before they are cancelled.
        timeout_graceful_shutdown=GRACE,
    )


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host``:``port`` (0: a free port).

    Made with ``IPPROTO_TCP`` named: asyncio then sets ``TCP_NODELAY`` on each connection it
    accepts (it checks the protocol), so an answer written in two parts is not held back
    until the client's delayed ACK (on every request of a kept-alive connection)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def serve(
    config: EmulatorConfig | None = None,
    host: str = "127.0.0.1",
    port: int = 8765,
    *,
    sock: socket.socket | None = None,
) -> None:
    """Serve the emulator until interrupted (SIGINT/SIGTERM). Blocking."""
    app = create_app(config)
    app.owns_process = True
    server = uvicorn.Server(_uvicorn_config(app, host, port))
    try:
        server.run(sockets=[sock] if sock is not None else None)
    finally:
        app.close()


class EmulatorHandle:
    """A running emulator: its URLs, its app, and helpers to read counters and set faults."""

    def __init__(self, app: Emulator, server: uvicorn.Server, thread: threading.Thread,
                 host: str, port: int) -> None:  # fmt: skip
        self.app = app
        self.host = host
        self.port = port
        self._server = server
        self._thread = thread

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT`` (the Ping.Data base URL)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def place_base_url(self, org: str = "emulator-org") -> str:
        """``http://127.0.0.1:PORT/v1/<org>`` (the Place Enrichment base URL)."""
        return f"{self.base_url}/v1/{org}"

    @property
    def config(self) -> EmulatorConfig:
        """The live configuration."""
        return self.app.config

    def stats(self) -> dict[str, Any]:
        """Counters of what was served (same document as ``GET /_emulator/stats``)."""
        return self.app.snapshot()

    def stats_over_http(self) -> dict[str, Any]:
        """``GET /_emulator/stats`` through the server."""
        with urllib.request.urlopen(f"{self.base_url}/_emulator/stats", timeout=10) as answer:  # noqa: S310
            data: dict[str, Any] = json.loads(answer.read())
        return data

    def set_faults(self, faults: FaultConfig | dict[str, Any] | None = None, **kwargs: Any) -> None:
        """Replace the fault settings."""
        self.app.set_faults(faults, **kwargs)

    def configure(self, **settings: Any) -> None:
        """Change runtime settings (rate, mode, queue_delay, output_lag, ...)."""
        self.app.config.update(settings)

    def reset(self) -> None:
        """Forget jobs, batches and counters."""
        self.app.reset()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the server and wait for its thread (answers still being sent are cancelled
        after :data:`GRACE` seconds); RuntimeError if it has not ended after ``timeout``."""
        self._server.should_exit = True
        self._thread.join(timeout)
        if self._thread.is_alive():
            self._server.force_exit = True
            self._thread.join(timeout)
        self.app.close()
        if self._thread.is_alive():
            raise RuntimeError(f"the emulator on port {self.port} did not stop")

    def __repr__(self) -> str:
        return f"EmulatorHandle(base_url={self.base_url!r})"


def start(
    config: EmulatorConfig | None = None, host: str = "127.0.0.1", port: int = 0
) -> EmulatorHandle:
    """Start an emulator in a background thread; stop it with ``handle.stop()``."""
    app = create_app(config)
    sock = bind_socket(host, port)
    actual_port = sock.getsockname()[1]
    server = uvicorn.Server(_uvicorn_config(app, host, actual_port))
    failure: list[BaseException] = []

    def run() -> None:
        try:
            server.run(sockets=[sock])
        except BaseException as exc:  # reported to the starting thread
            failure.append(exc)
        finally:
            sock.close()

    thread = threading.Thread(target=run, name=f"emulator-{actual_port}", daemon=True)
    thread.start()
    while not server.started:
        if failure or not thread.is_alive():
            app.close()
            raise RuntimeError(f"emulator failed to start: {failure[0] if failure else 'exited'}")
        thread.join(0.01)
    return EmulatorHandle(app, server, thread, host, actual_port)


@contextlib.contextmanager
def running(
    config: EmulatorConfig | None = None, host: str = "127.0.0.1", port: int = 0
) -> Iterator[EmulatorHandle]:
    """Run an emulator on a free loopback port for the duration of a ``with`` block."""
    handle = start(config, host, port)
    try:
        yield handle
    finally:
        handle.stop()
