"""Reading answer bodies within bounds, without I/O: the drivers feed what they receive.

:class:`Decoder` undoes a ``Content-Encoding`` (identity or a single gzip) in steps of at most
:data:`READ_BLOCK` bytes, so a small compressed answer cannot expand in memory before the caps
see it; stacked or unknown encodings are refused. :class:`BodyReader` keeps an API answer
within its cap; :class:`ByteCheck` screens a JSON download while it streams.
"""

from __future__ import annotations

import codecs
import sys
from collections.abc import Iterator, Mapping
from typing import Any, Protocol

from bulk_enrich.engine import deflate
from bulk_enrich.errors import ServerError

#: Blocks in which answers and downloads are read and decoded.
READ_BLOCK = 1 << 20
#: Of an error answer only this much is kept (enough for its message and an excerpt).
ERROR_BODY_BYTES = 64 * 1024


class Refused(Exception):
    """An answer the client will not read (an encoding it does not accept, a download over its
    cap): not retried."""


class Decoder:
    """Undoes an answer's ``Content-Encoding`` in bounded steps: identity, or gzip once (by
    ISA-L when installed, about 4x faster than zlib; see :mod:`~bulk_enrich.engine.deflate`)."""

    def __init__(self, headers: Mapping[str, str]) -> None:
        header = headers.get("content-encoding", "")
        codings = [c.strip().lower() for c in header.split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        self._gzip: Any = None
        if codings in (["gzip"], ["x-gzip"]):
            self._gzip = deflate.gzip_decompressobj()
        elif codings:
            raise Refused(f"content encoding {header!r} is not accepted (only gzip, once)")

    def feed(self, raw: bytes) -> Iterator[bytes]:
        """The decoded bytes of ``raw``, at most :data:`READ_BLOCK` at a time."""
        if self._gzip is None:
            if raw:
                yield raw
            return
        data = raw
        while data:
            try:
                out = self._gzip.decompress(data, READ_BLOCK)
            except deflate.ERRORS as exc:
                raise Truncated(f"corrupt gzip data: {exc}") from None
            if out:
                yield out
            data = self._gzip.unconsumed_tail
            if self._gzip.eof and (data or self._gzip.unused_data.strip()):
                raise Truncated("data after the end of the gzip stream (corrupt)")

    def close(self) -> None:
        """Raise Truncated when a gzip stream ended before its end."""
        if self._gzip is not None and not self._gzip.eof:
            raise Truncated("the gzip stream ends early (truncated)")


class Buffer(Protocol):
    """Where an answer's bytes go while it is read (a file, or the drivers' spool)."""

    def write(self, block: bytes, /) -> int: ...

    def seek(self, offset: int, /) -> int: ...

    def read(self) -> bytes: ...


class BodyReader:
    """Accumulates an answer's (decoded) bytes within a cap.

    A 2xx answer over ``cap`` is refused with :class:`ServerError`; an error answer is simply
    cut at :data:`ERROR_BODY_BYTES`. Large answers are spooled to disk while they are read.
    """

    def __init__(
        self,
        buf: Buffer,
        status: int,
        headers: Mapping[str, str],
        op: str,
        job_id: str | None,
        cap: int,
    ) -> None:
        self.buf = buf
        self.ok = status < 300
        self.limit = cap if self.ok else ERROR_BODY_BYTES
        self.status = status
        self.op = op
        self.job_id = job_id
        self.size = 0
        announced = headers.get("content-length", "")
        if self.ok and announced.isdigit() and int(announced) > self.limit:
            raise self.too_large()

    def too_large(self) -> ServerError:
        return ServerError(
            f"{self.op}: the answer is larger than {self.limit} bytes (refused)",
            status=self.status,
            job_id=self.job_id,
        )

    def feed(self, block: bytes) -> bool:
        """Keep ``block``; return False once an error answer is long enough to stop reading."""
        room = self.limit - self.size
        if len(block) > room:
            if self.ok:
                raise self.too_large()
            self.buf.write(block[:room])
            self.size = self.limit
            return False
        self.buf.write(block)
        self.size += len(block)
        return True

    def value(self) -> bytes:
        self.buf.seek(0)
        return self.buf.read()


class Truncated(Exception):
    """A download that is shorter than announced or visibly corrupt (retried)."""


#: Bytes that never appear raw in JSON text (control characters other than whitespace).
_CONTROL = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])


def _printable_only(block: bytes) -> bool:
    """Whether every byte of ``block`` is at least a space (False when unknown: numpy is not
    loaded, or the block is empty)."""
    numpy = sys.modules.get("numpy")
    if numpy is None or not block:
        return False
    return int(numpy.frombuffer(block, dtype=numpy.uint8).min()) >= 0x20


class ByteCheck:
    """Cheap, C-speed screening of a JSON download while it streams.

    JSON text is UTF-8 and holds no raw control characters (other than whitespace), so binary
    garbage is caught without parsing; the full parse happens when the file is read. Both checks
    run at memory speed: ``bytes.translate`` for the control bytes (a regular expression is
    about 6x slower), and the UTF-8 decoder only for blocks that are not plain ASCII. When the
    process has numpy loaded (the CLI's fast path does), a block whose smallest byte is a
    printable one (compact JSON: no whitespace either) needs no ``translate``: numpy finds
    that minimum with vector instructions, many times faster.
    """

    def __init__(self) -> None:
        self._utf8 = codecs.getincrementaldecoder("utf-8")()

    def feed(self, block: bytes) -> None:
        if not _printable_only(block) and len(block.translate(None, _CONTROL)) != len(block):
            raise Truncated("control characters in a JSON download (corrupt)")
        if block.isascii() and not self._utf8.getstate()[0]:
            return  # ASCII after a complete character: valid UTF-8, nothing to carry over
        try:
            self._utf8.decode(block)
        except UnicodeDecodeError as exc:
            raise Truncated(f"invalid UTF-8 in a JSON download (corrupt): {exc.reason}") from None

    def close(self) -> None:
        try:
            self._utf8.decode(b"", final=True)
        except UnicodeDecodeError:
            raise Truncated("a JSON download ends inside a character (truncated)") from None
