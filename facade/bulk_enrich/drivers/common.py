"""What the sync and async drivers share: the httpx client's options, temporary files."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import IO, Any

import httpx

from bulk_enrich.engine.effects import Send, Stream
from bulk_enrich.engine.transport import HttpSettings, Transport
from bulk_enrich.engine.wire import SPOOL_BYTES, BodyReader, ByteCheck


def client_options(transport: Transport) -> dict[str, Any]:
    """Keyword arguments for ``httpx.Client`` / ``httpx.AsyncClient``."""
    settings: HttpSettings = transport.settings
    n = settings.max_connections
    return {
        "headers": transport.headers,
        "timeout": settings.timeout,
        "limits": httpx.Limits(max_connections=n, max_keepalive_connections=n),
        "follow_redirects": False,
        "transport": settings.transport,
    }


def request_of(client: httpx.Client | httpx.AsyncClient, send: Send) -> httpx.Request:
    """The httpx request of one attempt."""
    return client.build_request(
        send.method, send.url, params=send.params, content=send.content, headers=send.headers
    )


def spool() -> IO[bytes]:
    """A buffer for an answer's body that moves to disk past a few MB."""
    return tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)


def body_reader(buf: IO[bytes], resp: httpx.Response, send: Send) -> BodyReader:
    """The capped reader of ``resp``'s body into ``buf``."""
    return BodyReader(buf, resp.status_code, resp.headers, send.op, send.job_id, send.limit)


class Download:
    """One streamed download into a new temporary file (removed unless it is handed on)."""

    def __init__(self, stream: Stream) -> None:
        fd, name = tempfile.mkstemp(prefix=".part-", suffix=".tmp", dir=stream.directory)
        self.path = Path(name)
        self.file = os.fdopen(fd, "wb")
        self.check = ByteCheck()
        self.written = 0
        self.kept = False

    def write(self, block: bytes) -> None:
        """Screen and write one block."""
        self.check.feed(block)
        self.written += self.file.write(block)

    def finish(self) -> Path:
        """The complete file, flushed and handed on."""
        self.check.close()
        self.file.close()
        self.kept = True
        return self.path

    def close(self) -> None:
        """Remove the file unless it was handed on."""
        self.file.close()
        if not self.kept:
            with contextlib.suppress(OSError):
                self.path.unlink()
