"""Minimal ASGI request and response helpers (no web framework)."""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import anyio

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

#: Largest request body accepted (decompressed), bytes.
MAX_BODY = 512 * 1024 * 1024
CHUNK = 256 * 1024


class HTTPError(Exception):
    """An error answer: raised by handlers, turned into a JSON response by the app."""

    def __init__(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        super().__init__(status)
        self.status = status
        self.body = body
        self.headers = headers or {}


class ConnectionDropped(Exception):
    """Raised to abort the connection without an answer (fault injection)."""


@dataclass
class Request:
    """An incoming request, body already read and decompressed."""

    method: str
    path: str
    query: list[tuple[str, str]]
    headers: dict[str, str]
    body: bytes
    scheme: str
    host: str
    path_params: dict[str, str] = field(default_factory=dict)
    operation_id: str = ""
    org_slug: str | None = None
    _json: Any = None
    _json_loaded: bool = False

    def header(self, name: str, default: str | None = None) -> str | None:
        """A header value by lower-case name."""
        return self.headers.get(name, default)

    def query_dict(self) -> dict[str, list[str]]:
        """Query parameters, each name mapped to all its values."""
        result: dict[str, list[str]] = {}
        for key, value in self.query:
            result.setdefault(key, []).append(value)
        return result

    @property
    def base_url(self) -> str:
        """``scheme://host`` as the client addressed this server."""
        return f"{self.scheme}://{self.host}"

    def json(self) -> Any:
        """The body parsed as JSON (400 if it is not)."""
        if not self._json_loaded:
            if not self.body.strip():
                raise HTTPError(400, {"detail": "request body: a JSON document is required"})
            try:
                self._json = json.loads(self.body)
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise HTTPError(400, {"detail": f"request body: invalid JSON ({exc})"}) from exc
            self._json_loaded = True
        return self._json


async def read_request(scope: Scope, receive: Receive) -> Request:
    """Read the whole body and decode ``Content-Encoding: gzip`` / ``deflate``."""
    headers: dict[str, str] = {}
    for raw_key, raw_value in scope.get("headers", []):
        key = raw_key.decode("latin-1").lower()
        value = raw_value.decode("latin-1")
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    chunks: list[bytes] = []
    size = 0
    more = True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ConnectionDropped("client disconnected")
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            raise HTTPError(413, {"detail": "request body too large"})
        chunks.append(chunk)
        more = bool(message.get("more_body", False))
    body = b"".join(chunks)
    encoding = headers.get("content-encoding", "identity").strip().lower()
    if body and encoding in ("gzip", "x-gzip"):
        try:
            body = gzip.decompress(body)
        except (OSError, EOFError, zlib.error) as exc:
            raise HTTPError(400, {"detail": f"request body: bad gzip data ({exc})"}) from exc
    elif body and encoding == "deflate":
        try:
            body = zlib.decompress(body)
        except zlib.error as exc:
            raise HTTPError(400, {"detail": f"request body: bad deflate data ({exc})"}) from exc
    elif encoding not in ("identity", "", "gzip", "x-gzip", "deflate"):
        raise HTTPError(415, {"detail": f"unsupported Content-Encoding {encoding!r}"})
    query_string = scope.get("query_string", b"").decode("latin-1")
    server = scope.get("server") or ("127.0.0.1", 80)
    host = headers.get("host") or f"{server[0]}:{server[1]}"
    return Request(
        method=scope["method"].upper(),
        path=scope["path"],
        query=parse_qsl(query_string, keep_blank_values=True),
        headers=headers,
        body=body,
        scheme=scope.get("scheme", "http"),
        host=host,
    )


def _header_list(headers: dict[str, str]) -> list[tuple[bytes, bytes]]:
    return [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]


def dumps(body: Any) -> bytes:
    """Compact JSON bytes."""
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


async def send_bytes(
    send: Send,
    status: int,
    payload: bytes,
    headers: dict[str, str] | None = None,
    content_type: str = "application/json",
) -> None:
    """Send a complete response."""
    all_headers = {"content-type": content_type, "content-length": str(len(payload))}
    all_headers.update(headers or {})
    await send(
        {"type": "http.response.start", "status": status, "headers": _header_list(all_headers)}
    )
    await send({"type": "http.response.body", "body": payload, "more_body": False})


async def send_json(
    send: Send, status: int, body: Any, headers: dict[str, str] | None = None
) -> None:
    """Send ``body`` as JSON."""
    await send_bytes(send, status, dumps(body), headers)


async def send_file(
    send: Send,
    path: Path,
    *,
    headers: dict[str, str] | None = None,
    truncate_at: int | None = None,
    corrupt: Callable[[bytes, int], bytes] | None = None,
) -> int:
    """Stream a file with its full ``Content-Length``; return the bytes sent.

    ``truncate_at`` stops after that many bytes and aborts the connection (the client sees
    a body shorter than promised); ``corrupt(chunk, offset)`` may rewrite chunks.
    """
    size = path.stat().st_size
    all_headers = {"content-type": "application/json", "content-length": str(size)}
    all_headers.update(headers or {})
    await send({"type": "http.response.start", "status": 200, "headers": _header_list(all_headers)})
    sent = 0
    async with await anyio.open_file(path, "rb") as handle:
        while True:
            limit = CHUNK if truncate_at is None else min(CHUNK, truncate_at - sent)
            chunk = await handle.read(limit) if limit > 0 else b""
            if not chunk:
                break
            if corrupt is not None:
                chunk = corrupt(chunk, sent)
            sent += len(chunk)
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
    if truncate_at is not None and sent < size:
        raise ConnectionDropped("download truncated")
    await send({"type": "http.response.body", "body": b"", "more_body": False})
    return sent


@dataclass
class JSONResponse:
    """A JSON answer."""

    body: Any
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes | None = None  # the body already encoded


@dataclass
class FileResponse:
    """A file answer, streamed from disk."""

    path: Path
    headers: dict[str, str] = field(default_factory=dict)


Response = JSONResponse | FileResponse
