"""Shared pieces of the reliability suite: serving any ASGI app on loopback, a chaos
middleware for faults the emulator cannot make itself, a retry counter, and sample inputs."""

from __future__ import annotations

import asyncio
import contextlib
import csv
import logging
import random
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import uvicorn

Scope = dict[str, Any]

KEY = "emulator-key"
ORG = "acme"
#: Seconds a stopping server lets the answers it is still sending go on before cancelling them
#: (hostile answers that drip or flood never end by themselves).
GRACE = 1


# --------------------------------------------------------------------------- serving


class Served:
    """An ASGI app served on a loopback port in a background thread."""

    def __init__(self, server: uvicorn.Server, thread: threading.Thread, host: str, port: int):
        self._server = server
        self._thread = thread
        self.host = host
        self.port = port

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def stop(self) -> None:
        """Stop serving; an answer still being sent (a drip, a flood) is cancelled after the
        grace period, and the server's thread has ended when this returns."""
        self._server.should_exit = True
        self._thread.join(GRACE + 5)
        if self._thread.is_alive():
            self._server.force_exit = True
            self._thread.join(10)
        if self._thread.is_alive():
            raise RuntimeError(f"the test server on port {self.port} did not stop")


@contextlib.contextmanager
def serve(app: Any, host: str = "127.0.0.1", *, lifespan: str = "off") -> Iterator[Served]:
    """Serve ``app`` on a free port of ``host`` for the duration of the block."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, 0))
    sock.listen(256)
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="critical",
        lifespan=lifespan,
        access_log=False,
        timeout_graceful_shutdown=GRACE,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("test server failed to start")
        thread.join(0.01)
    served = Served(server, thread, host, port)
    try:
        yield served
    finally:
        served.stop()
        sock.close()


@contextlib.contextmanager
def refused_port(host: str = "127.0.0.1") -> Iterator[int]:
    """A port that refuses connections for the duration of the block: bound, never listening,
    so no other test's server can take it meanwhile (a port bound then released could be)."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        yield int(sock.getsockname()[1])


class Chaos:
    """ASGI middleware adding faults the emulator has no knob for.

    ``slow_rate`` of GET answers wait ``slow_seconds`` before the wrapped app sees the request
    (past the client's read timeout); ``truncate_rate`` of GET answers are cut in half (the
    announced Content-Length stays, the connection is then aborted). Admin paths are spared,
    and so is a path's next request after ``max_streak`` faulty answers in a row on it.
    """

    def __init__(
        self,
        app: Any,
        *,
        slow_rate: float = 0.0,
        slow_seconds: float = 0.0,
        truncate_rate: float = 0.0,
        seed: int = 0,
        max_streak: int | None = None,
    ) -> None:
        self.app = app
        self.slow_rate = slow_rate
        self.slow_seconds = slow_seconds
        self.truncate_rate = truncate_rate
        self._random = random.Random(seed)
        self.max_streak = max_streak
        self._streaks: dict[str, int] = {}
        self.counts = {"slow": 0, "truncated": 0}

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or scope["path"].startswith("/_emulator")
        ):
            await self.app(scope, receive, send)
            return
        slow = self._random.random() < self.slow_rate
        cut = self._random.random() < self.truncate_rate
        if self._streak_ended(scope["path"], slow or cut):
            slow = cut = False
        if slow:
            self.counts["slow"] += 1
            await asyncio.sleep(self.slow_seconds)
        if not cut:
            await self.app(scope, receive, send)
            return
        self.counts["truncated"] += 1
        start: dict[str, Any] = {}
        body = bytearray()

        async def capture(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                body.extend(message.get("body", b""))

        await self.app(scope, receive, capture)
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(body)).encode()))
        await send({**start, "headers": headers})
        await send(
            {"type": "http.response.body", "body": bytes(body[: len(body) // 2]), "more_body": True}
        )
        raise ConnectionAbortedError("truncated on purpose")

    def _streak_ended(self, path: str, faulty: bool) -> bool:
        """Count a faulty answer on ``path``; True when its run of faulty answers must end."""
        streak = self._streaks.pop(path, 0)
        if not faulty or self.max_streak is None:
            return False
        if streak >= self.max_streak:
            return True
        self._streaks[path] = streak + 1
        return False


# --------------------------------------------------------------------------- counting


class RetryCounter(logging.Handler):
    """Counts the facade's retry log lines (``bulk_enrich.http`` warnings "...; retry N in")."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0
        self._lock2 = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        if "; retry " in record.getMessage():
            with self._lock2:
                self.count += 1


@contextlib.contextmanager
def counting_retries() -> Iterator[RetryCounter]:
    """Attach a :class:`RetryCounter` to the facade's transport logger."""
    logger = logging.getLogger("bulk_enrich.http")
    counter = RetryCounter()
    previous = logger.level
    logger.addHandler(counter)
    if logger.getEffectiveLevel() > logging.WARNING:
        logger.setLevel(logging.WARNING)
    try:
        yield counter
    finally:
        logger.removeHandler(counter)
        logger.setLevel(previous)


# --------------------------------------------------------------------------- inputs


def ping_locations(n: int) -> list[dict[str, Any]]:
    """``n`` locations with unique ids (addresses, ZIPs and coordinates mixed)."""
    cities = [
        ("Boston", "MA", "02110"),
        ("Austin", "TX", "78701"),
        ("Miami", "FL", "33101"),
        ("Denver", "CO", "80202"),
        ("Seattle", "WA", "98101"),
    ]
    out: list[dict[str, Any]] = []
    for i in range(n):
        city, state, zip_code = cities[i % len(cities)]
        if i % 7 == 3:
            out.append(
                {
                    "id": f"L{i:05d}",
                    "latitude": 40.0 + (i % 50) / 100,
                    "longitude": -75.0 - (i % 40) / 100,
                }
            )
        else:
            out.append(
                {
                    "id": f"L{i:05d}",
                    "address_line_1": f"{100 + i} Main St",
                    "city": city,
                    "state": state,
                    "postal_code": zip_code,
                }
            )
    return out


def places(n: int) -> list[dict[str, Any]]:
    """``n`` places with unique ids."""
    return [
        {
            "place_id": f"P{i:05d}",
            "name": f"Shop {i}",
            "full_address": f"{i} Main St, Springfield, IL",
        }
        for i in range(n)
    ]


PING_HEADER = ["Loc #", "Street Address", "City", "State", "Zip", "Lat", "Long"]
PLACE_HEADER = ["store_id", "name", "address", "city", "state", "postal_code"]


def write_input(path: Path, api: str, n: int) -> Path:
    """A CSV input of ``n`` rows for ``ping enhance`` or ``places enrich``."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        if api == "ping":
            writer.writerow(PING_HEADER)
            for loc in ping_locations(n):
                writer.writerow(
                    [
                        loc["id"],
                        loc.get("address_line_1", ""),
                        loc.get("city", ""),
                        loc.get("state", ""),
                        loc.get("postal_code", ""),
                        loc.get("latitude", ""),
                        loc.get("longitude", ""),
                    ]
                )
        else:
            writer.writerow(PLACE_HEADER)
            for i in range(n):
                writer.writerow(
                    [f"S{i:05d}", f"Shop {i}", f"{i} Main St", "Springfield", "IL", "62701"]
                )
    return path
