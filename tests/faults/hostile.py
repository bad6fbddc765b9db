"""A small, hostile Ping.Data server (raw ASGI) and a recorder standing in for another origin.

It speaks just enough of the API for the facade and the CLI to run, and misbehaves on demand:
server-chosen output file names, output URLs on other origins or schemes, redirects, huge or
invalid bodies, jobs that never finish, vanish, or lose the key's authorisation mid-run.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from bulk_enrich_emulator.ping_data import DATASOURCES

Scope = dict[str, Any]


@dataclass
class Behaviour:
    """What the hostile server does (fields may be changed while it runs)."""

    filenames: tuple[str, ...] = ("output.json",)
    #: Output URL per file: ``None`` -> the API's own path; else this URL (any origin/scheme).
    output_url: str | None = None
    #: Answer output downloads with a redirect to this URL.
    redirect_to: str | None = None
    never_finish: bool = False
    #: After this many status polls of a job: ``"vanish"`` (404), ``"unauthorized"`` (401),
    #: ``"invalid-json"``, ``"huge"`` (an endless JSON string of ``huge_bytes``).
    turn_after: int | None = None
    turn: str = ""
    huge_bytes: int = 64 * 1024 * 1024
    huge_download_bytes: int = 0
    #: Answers a status poll instead of the server: ``await hook(send, job_id, poll, doc)``,
    #: with the answer the server would give (see :mod:`faults.misbehave`).
    status_hook: Any = None
    #: Answers an output download instead: ``await hook(send, job_id, attempt, body)``.
    download_hook: Any = None
    downloads: int = 0
    #: The ids of the jobs it creates (``{n}``: 1, 2, ...).
    job_id_format: str = "job-{n}"


@dataclass
class Record:
    method: str
    path: str
    headers: dict[str, str]


@dataclass
class HostileServer:
    """The ASGI app; ``requests`` lists every request seen (headers included)."""

    behaviour: Behaviour = field(default_factory=Behaviour)
    requests: list[Record] = field(default_factory=list)
    jobs: dict[str, list[str]] = field(default_factory=dict)
    polls: dict[str, int] = field(default_factory=dict)
    base_url: str = ""
    _lock: threading.Lock = field(default_factory=threading.Lock)

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        path = scope["path"]
        method = scope["method"]
        with self._lock:
            self.requests.append(Record(method, path, headers))
        if not headers.get("authorization", "").startswith("Token "):
            await _json(send, 401, {"id": "x", "message": "Invalid token."})
            return
        parts = path.strip("/").split("/")
        if method == "POST" and path == "/api/v1/bulk_enhance":
            await self._create(send, body, headers)
        elif method == "GET" and parts[:3] == ["api", "v1", "bulk_enhance"] and len(parts) == 4:
            await self._status(send, parts[3])
        elif method == "GET" and parts[:3] == ["api", "v1", "bulk_enhance"] and len(parts) >= 5:
            await self._download(send, parts[3])
        elif method == "GET" and path in PREFLIGHT:  # the pre-flight reads answer honestly
            await _json(send, 200, PREFLIGHT[path])
        else:
            await _json(send, 404, {"message": "Not found."})

    async def _create(self, send: Any, body: bytes, headers: dict[str, str]) -> None:
        if headers.get("content-encoding") == "gzip":
            import gzip

            body = gzip.decompress(body)
        data = json.loads(body)
        with self._lock:
            job_id = self.behaviour.job_id_format.format(n=len(self.jobs) + 1)
            self.jobs[job_id] = [str(loc["id"]) for loc in data["locations"]]
        await _json(send, 201, {"id": job_id, "message": "OK"})

    async def _status(self, send: Any, job_id: str) -> None:
        b = self.behaviour
        with self._lock:
            self.polls[job_id] = polls = self.polls.get(job_id, 0) + 1
            ids = self.jobs.get(job_id)
        if ids is None:
            await _json(send, 404, {"message": "Not found."})
            return
        if b.turn_after is not None and polls > b.turn_after:
            if b.turn == "vanish":
                await _json(send, 404, {"message": "Not found."})
                return
            if b.turn == "unauthorized":
                await _json(send, 401, {"id": "e1", "message": "Invalid token."})
                return
            if b.turn == "invalid-json":
                await _raw(
                    send, 200, b'{"request": {"status": "COMPLETE",, oops', "application/json"
                )
                return
            if b.turn == "huge":
                await _huge(send, b.huge_bytes)
                return
        if b.never_finish:
            state, result = "IN_PROGRESS", None
        else:
            state = "COMPLETE"
            outputs = []
            for name in b.filenames:
                url = b.output_url or (
                    f"{self.base_url}/api/v1/bulk_enhance/{quote(job_id, safe='')}"
                    f"/output/{quote(name, safe='')}"
                )
                outputs.append({"description": "output", "filename": name, "url": url})
            result = {"status": "SUCCESS", "message": "OK", "outputs": outputs, "sources": []}
        doc = {
            "request": {
                "status": state,
                "num_requested": len(ids),
                "num_completed": len(ids),
                "num_problems": 0,
                "num_canceled": 0,
            },
            "result": result,
        }
        if b.status_hook is not None:
            await b.status_hook(send, job_id, polls, doc)
            return
        await _json(send, 200, doc)

    async def _download(self, send: Any, job_id: str) -> None:
        b = self.behaviour
        if b.redirect_to:
            await send(
                {
                    "type": "http.response.start",
                    "status": 302,
                    "headers": [(b"location", b.redirect_to.encode())],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return
        ids = self.jobs.get(job_id, [])
        if b.huge_download_bytes:
            await _huge_output(send, ids, b.huge_download_bytes)
            return
        data = {
            loc: {
                "PG": {
                    "is_success": True,
                    "status_code": 200,
                    "error_message": None,
                    "fetch_time": 0.1,
                    "latitude": 42.0,
                    "longitude": -71.0,
                }
            }
            for loc in ids
        }
        if b.download_hook is not None:
            with self._lock:
                b.downloads += 1
                attempt = b.downloads
            await b.download_hook(send, job_id, attempt, json.dumps(data).encode())
            return
        await _json(send, 200, data)


#: What the pre-flight reads get: the PG datasource and a quota that never runs out.
PREFLIGHT: dict[str, Any] = {
    "/api/v1/datasources": {"configs": {"PG": DATASOURCES["PG"].config()}},
    "/api/v1/limits": {
        "scope": "user",
        "subject": "hostile",
        "allowlist": {"mode": "unrestricted", "sources": ["PG"]},
        "sources": {
            "PG": {
                "limits": {"daily": None, "monthly": None},
                "usage": {"daily": 0, "monthly": 0},
                "remaining": {"daily": None, "monthly": None},
            }
        },
    },
}


async def _json(send: Any, status: int, data: Any) -> None:
    await _raw(send, status, json.dumps(data).encode(), "application/json")


async def _raw(send: Any, status: int, body: bytes, ctype: str) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", ctype.encode()),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


BLOCK = 1 << 20


async def _huge(send: Any, size: int) -> None:
    """A status answer that is one enormous JSON string, streamed without a length."""
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send(
        {"type": "http.response.body", "body": b'{"request": {"status": "', "more_body": True}
    )
    block = b"x" * BLOCK
    sent = 0
    while sent < size:
        await send({"type": "http.response.body", "body": block, "more_body": True})
        sent += len(block)
    await send({"type": "http.response.body", "body": b'"}}'})


async def _huge_output(send: Any, ids: list[str], size: int) -> None:
    """A valid output file of about ``size`` bytes (a long padding field), streamed."""
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": b"{", "more_body": True})
    per = max(1, size // max(1, len(ids)))
    block = b"y" * min(per, BLOCK)
    for i, loc in enumerate(ids):
        head = (b"," if i else b"") + json.dumps(loc).encode()
        head += b': {"PG": {"is_success": true, "status_code": 200, "error_message": null, "pad": "'
        await send({"type": "http.response.body", "body": head, "more_body": True})
        sent = 0
        while sent < per:
            await send({"type": "http.response.body", "body": block, "more_body": True})
            sent += len(block)
        await send({"type": "http.response.body", "body": b'"}}', "more_body": True})
    await send({"type": "http.response.body", "body": b"}"})


@dataclass
class Recorder:
    """Another origin: answers 200 to anything and records what it was sent."""

    requests: list[Record] = field(default_factory=list)

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        self.requests.append(Record(scope["method"], scope["path"], headers))
        await _json(send, 200, {})

    def saw_credentials(self) -> bool:
        return any("authorization" in r.headers or "apikey" in r.headers for r in self.requests)
