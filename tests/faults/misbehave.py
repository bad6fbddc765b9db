"""Answers that flood, drip, lie and loop: hooks for the hostile server's status and downloads.

Each builder returns an ASGI responder ``hook(send, job_id, n, body)`` (``n``: the poll or the
download attempt, from 1); the bodies are made on the fly, so a bomb costs the server nothing.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import zlib
from collections.abc import Awaitable, Callable
from typing import Any

Hook = Callable[[Any, str, int, Any], Awaitable[None]]
MIB = 1 << 20


async def start(send: Any, status: int, headers: dict[str, str]) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(k.encode(), v.encode()) for k, v in headers.items()],
        }
    )


async def body(send: Any, data: bytes, more: bool = False) -> None:
    await send({"type": "http.response.body", "body": data, "more_body": more})


def _gzip_of_zeros(size: int) -> bytes:
    """A gzip stream that expands to ``size`` zero bytes (about size/1000 compressed)."""
    z = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(MIB)
    out = [z.compress(block) for _ in range(size // MIB)]
    out.append(z.flush())
    return b"".join(out)


def gzip_bomb(expanded: int, layers: int = 1) -> Hook:
    """A status answer of ``expanded`` zero bytes, gzip-compressed ``layers`` times."""
    data = _gzip_of_zeros(expanded)
    for _ in range(layers - 1):
        data = gzip.compress(data, compresslevel=9)
    encoding = ", ".join(["gzip"] * layers)

    async def hook(send: Any, job_id: str, n: int, doc: Any) -> None:
        await start(send, 200, {"content-type": "application/json", "content-encoding": encoding})
        await body(send, data)

    return hook


def drip(interval: float = 0.2) -> Hook:
    """A status answer that sends one byte every ``interval`` seconds, forever."""

    async def hook(send: Any, job_id: str, n: int, doc: Any) -> None:
        await start(send, 200, {"content-type": "application/json"})
        await body(send, b"{", more=True)
        while True:
            await asyncio.sleep(interval)
            await body(send, b" ", more=True)

    return hook


def deep_json(depth: int = 100_000) -> Hook:
    """A status answer nested ``depth`` arrays deep."""
    data = b"[" * depth + b"]" * depth

    async def hook(send: Any, job_id: str, n: int, doc: Any) -> None:
        await start(send, 200, {"content-type": "application/json"})
        await body(send, data)

    return hook


def retry_after_zero() -> Hook:
    """IN_PROGRESS for ever, each answer saying ``Retry-After: 0``."""

    async def hook(send: Any, job_id: str, n: int, doc: Any) -> None:
        doc = {**doc, "request": {**doc["request"], "status": "IN_PROGRESS"}, "result": None}
        data = json.dumps(doc).encode()
        headers = {"content-type": "application/json", "retry-after": "0"}
        await start(send, 200, {**headers, "content-length": str(len(data))})
        await body(send, data)

    return hook


def cut_short(times: int) -> Hook:
    """The first ``times`` downloads end cleanly half-way, chunked, with no length."""

    async def hook(send: Any, job_id: str, n: int, data: bytes) -> None:
        await start(send, 200, {"content-type": "application/json"})
        if n <= times:
            await body(send, data[: len(data) // 2], more=True)
            await body(send, b"")
            return
        await body(send, data)

    return hook


def corrupt_gzip(times: int) -> Hook:
    """The first ``times`` downloads are gzip streams with a damaged middle."""

    async def hook(send: Any, job_id: str, n: int, data: bytes) -> None:
        packed = bytearray(gzip.compress(data))
        if n <= times:
            middle = len(packed) // 2
            packed[middle : middle + 8] = b"\xff" * 8
        await start(send, 200, {"content-type": "application/json", "content-encoding": "gzip"})
        await body(send, bytes(packed))

    return hook


def flood() -> Hook:
    """A download that never ends (no length, a valid JSON prefix, then bytes for ever)."""

    async def hook(send: Any, job_id: str, n: int, data: bytes) -> None:
        await start(send, 200, {"content-type": "application/json"})
        await body(send, b'{"x": "', more=True)
        block = b"y" * MIB
        while True:
            await body(send, block, more=True)
            await asyncio.sleep(0)

    return hook


def duplicate_first_id(latitude: float) -> Hook:
    """Downloads that give the first location a second time, at the end, with ``latitude``."""

    async def hook(send: Any, job_id: str, n: int, data: bytes) -> None:
        first = next(iter(json.loads(data)))
        again = {"PG": {"is_success": True, "status_code": 200, "error_message": None,
                        "latitude": latitude, "longitude": 1.5}}  # fmt: skip
        doubled = data.rstrip()[:-1] + b", " + json.dumps(first).encode() + b": "
        doubled += json.dumps(again).encode() + b"}"
        await start(send, 200, {"content-type": "application/json"})
        await body(send, doubled)

    return hook
