"""What the sync and async drivers share: client options, one attempt's reading and download.

Everything here is fed by the drivers' loops; the decisions (caps, decoding, screening) are
the engine's (:mod:`bulk_enrich.engine.bodies`). A deadline is checked between blocks, so a
server that drips an answer cannot hold an attempt past it; the per-read timeouts are cut to
what remains of it, so a silent one cannot either.
"""

from __future__ import annotations

import contextlib
import functools
import os
import ssl
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import IO, Any

import httpx

from bulk_enrich.engine.bodies import BodyReader, Buffer, ByteCheck, Decoder, Refused
from bulk_enrich.engine.effects import Answer, Send, Stream, Streamed
from bulk_enrich.engine.transport import HttpSettings, Transport, parsed_url
from bulk_enrich.engine.wire import SPOOL_BYTES


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
        "verify": tls_context(os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR")),
    }


@functools.cache
def tls_context(cert_file: str | None, cert_dir: str | None) -> ssl.SSLContext:
    """httpx's default TLS context, made once per process (loading the certificate
    authorities is a start-up cost each client would pay; a run makes two) for the environment's
    ``SSL_CERT_FILE`` / ``SSL_CERT_DIR`` as httpx reads them. Shared, never changed."""
    return httpx.create_ssl_context()


def timeout_until(
    client: httpx.Client | httpx.AsyncClient, deadline: float, read: float | None = None
) -> httpx.Timeout:
    """The client's timeouts (``read`` instead of its read timeout, if given), each cut to
    what remains until ``deadline``."""
    remaining = max(0.001, deadline - time.monotonic())
    base = client.timeout

    def cut(value: float | None) -> float:
        return remaining if value is None else min(value, remaining)

    return httpx.Timeout(
        connect=cut(base.connect),
        read=cut(base.read if read is None else read),
        write=cut(base.write),
        pool=cut(base.pool),
    )


def request_of(client: httpx.Client | httpx.AsyncClient, send: Send) -> httpx.Request:
    """The httpx request of one attempt."""
    return client.build_request(
        send.method,
        parsed_url(send.url),  # (a URL parsed already is not parsed again)
        params=send.params,
        content=send.content,
        headers=send.headers,
        timeout=timeout_until(client, send.deadline, send.read_timeout),
    )


def check_deadline(deadline: float, what: str) -> None:
    """Raise a read timeout once ``deadline`` has passed."""
    if time.monotonic() > deadline:
        raise httpx.ReadTimeout(f"{what} was not complete by its deadline")


def raw_blocks(resp: httpx.Response) -> Iterator[bytes]:
    """The body as received, in blocks (a response built in memory, as by a mock transport,
    was read and decoded already: its content, once)."""
    if resp.is_stream_consumed:
        yield resp.content
        return
    yield from resp.iter_raw()  # as received: a chunk size would wait to fill it


async def araw_blocks(resp: httpx.Response) -> AsyncIterator[bytes]:
    """:func:`raw_blocks` for an async response."""
    if resp.is_stream_consumed:
        yield resp.content
        return
    async for block in resp.aiter_raw():
        yield block


def decoder_for(resp: httpx.Response) -> Decoder:
    """The decoder of ``resp``'s body (none for content already decoded in memory)."""
    return Decoder({} if resp.is_stream_consumed else resp.headers)


class Spool:
    """An answer's body while it is read: its blocks kept as received and joined once at the
    end (an in-memory file that grows copies it again and again, many times the cost of one
    join for a large Place page), moved to a temporary file past ``limit`` bytes."""

    def __init__(self, limit: int = SPOOL_BYTES) -> None:
        self.limit = limit
        self._blocks: list[bytes] = []
        self._size = 0
        self._file: IO[bytes] | None = None

    def write(self, block: bytes) -> int:
        """Keep ``block``."""
        if self._file is not None:
            return self._file.write(block)
        self._blocks.append(block)
        self._size += len(block)
        if self._size > self.limit:
            self._file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by __exit__)
            self._file.writelines(self._blocks)
            self._blocks = []
        return len(block)

    def seek(self, offset: int) -> int:
        """Rewind (before :meth:`read`)."""
        return self._file.seek(offset) if self._file is not None else offset

    def read(self) -> bytes:
        """Everything written."""
        if self._file is not None:
            return self._file.read()
        return self._blocks[0] if len(self._blocks) == 1 else b"".join(self._blocks)

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self._blocks = []
        if self._file is not None:
            self._file.close()


def spool() -> Spool:
    """A buffer for an answer's body that moves to disk past :data:`SPOOL_BYTES`."""
    return Spool()


class Reading:
    """One answer read into ``buf``: decoded in bounded steps, capped, by the deadline."""

    def __init__(
        self, buf: Buffer, resp: httpx.Response, attempt: Send | Stream, limit: int
    ) -> None:
        self.resp = resp
        self.deadline = attempt.deadline
        self.decoder = decoder_for(resp)
        self.body = BodyReader(
            buf, resp.status_code, resp.headers, attempt.op, attempt.job_id, limit
        )

    def feed(self, raw: bytes) -> bool:
        """Take one block as received; False once an error answer is long enough."""
        check_deadline(self.deadline, "the answer")
        return all(self.body.feed(block) for block in self.decoder.feed(raw))

    def answer(self) -> Answer:
        """The answer read (a gzip stream must have ended)."""
        if self.body.ok:
            self.decoder.close()
        return Answer(self.resp.status_code, self.resp.headers, self.body.value())


class Download:
    """One streamed download into a new temporary file (removed unless it is handed on)."""

    def __init__(self, stream: Stream) -> None:
        fd, name = tempfile.mkstemp(prefix=".part-", suffix=".tmp", dir=stream.directory)
        self.stream = stream
        self.path = Path(name)
        self.file = os.fdopen(fd, "wb")
        self.check = ByteCheck()
        self.decoder: Decoder | None = None
        self.written = 0
        self.kept = False

    def start(self, resp: httpx.Response) -> None:
        """Read the answer's encoding (refused if the client does not accept it)."""
        self.decoder = decoder_for(resp)

    def write(self, raw: bytes) -> None:
        """Decode, screen and write one block as received."""
        check_deadline(self.stream.deadline, "the download")
        assert self.decoder is not None
        for block in self.decoder.feed(raw):
            self.check.feed(block)
            self.written += self.file.write(block)
            if self.written > self.stream.limit:
                raise Refused(f"the file is larger than {self.stream.limit} bytes (refused)")

    def finish(self, resp: httpx.Response) -> Streamed:
        """The complete file, flushed and handed on."""
        assert self.decoder is not None
        self.decoder.close()
        self.check.close()
        self.file.close()
        self.kept = True
        wire = resp.num_bytes_downloaded
        return Streamed(resp.status_code, resp.headers, self.path, self.written, wire)

    def close(self) -> None:
        """Remove the file unless it was handed on."""
        self.file.close()
        if not self.kept:
            with contextlib.suppress(OSError):
                self.path.unlink()
