"""Reading JSON answers and output files: fast for the usual sizes, in flat memory for the rest.

:func:`loads` parses with orjson (about twice as fast as the standard library) and falls back to
``json.loads`` for what only the latter accepts (NaN, Infinity, lone surrogates). orjson reads an
integer beyond 64 bits as a float; no field of either API carries one.

Bulk output files are ``{"<id>": {...}, ...}`` and can hold a million entries. A file of up to
:data:`WHOLE_DOCUMENT_BYTES` (a chunk's output) is parsed whole; a larger one is read in blocks,
each key and value decoded with ``json.JSONDecoder.raw_decode`` (C speed per value), keeping at
most one block plus one value in memory.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import orjson

BLOCK_CHARS = 1 << 20
#: A single value larger than this is treated as malformed (guards memory).
MAX_VALUE_CHARS = 256 << 20
_WS = re.compile(r"[ \t\n\r]*")
_WS_CHARS = frozenset(" \t\n\r")
_DECODER = json.JSONDecoder()
_NUMBER_CHARS = frozenset("0123456789+-.eE")
#: Output files up to this size are parsed whole (parsing takes about five times the size in
#: memory, for a moment: a 10,000-location chunk's 9 MB output, 50 MB).
WHOLE_DOCUMENT_BYTES = 16 << 20


def loads(data: bytes | str) -> Any:
    """Parse a JSON document; ``ValueError`` (``json.JSONDecodeError``) when it is not JSON."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        try:
            return json.loads(data)
        except RecursionError:
            raise ValueError("JSON nested too deep") from None


class StreamParseError(ValueError):
    """The document is not a JSON object (or is truncated)."""


def iter_object_items(
    source: str | Path | IO[str], block_chars: int = BLOCK_CHARS
) -> Iterator[tuple[str, Any]]:
    """Yield ``(key, value)`` for each entry of a top-level JSON object, in file order.

    A key given twice yields once, with its last value, as a JSON object means it, whatever
    the file's size. A file of up to :data:`WHOLE_DOCUMENT_BYTES` is parsed whole; a larger
    one (or anything it does not parse as an object) is read incrementally, which accepts
    what ``json`` accepts and names what is wrong; a file given as a path is then read twice (a
    first pass finds repeated keys; a third when there are some). A stream yields every entry
    as read.
    """
    if not isinstance(source, (str, Path)):
        yield from _iter(source, block_chars)
        return
    whole = _whole_object(Path(source))
    if whole is not None:
        yield from whole.items()
        return
    repeated = _repeated_keys(Path(source), block_chars)
    with open(source, encoding="utf-8") as fh:
        for key, value in _iter(fh, block_chars):
            left = repeated.get(key)
            if left is None or left == 1:  # a key given once, or its last occurrence
                yield key, value
            else:
                repeated[key] = left - 1


def _repeated_keys(path: Path, block_chars: int) -> dict[str, int]:
    """How often each key given more than once occurs, in flat memory: a first pass marks each
    key in a fixed 1 MiB bitmap (two bits a key); a second counts just the keys found marked
    already (a repeat, or rarely a mere clash of bits)."""
    bits = bytearray(_BITMAP_BYTES)
    suspects: set[str] = set()
    with open(path, encoding="utf-8") as fh:
        for key, _ in _iter(fh, block_chars):
            h = hash(key)
            a, b = h & _BIT_MASK, (h >> 24) & _BIT_MASK
            if bits[a >> 3] & (1 << (a & 7)) and bits[b >> 3] & (1 << (b & 7)):
                suspects.add(key)
            bits[a >> 3] |= 1 << (a & 7)
            bits[b >> 3] |= 1 << (b & 7)
    del bits
    if not suspects:
        return {}
    counts: Counter[str] = Counter()
    with open(path, encoding="utf-8") as fh:
        for key, _ in _iter(fh, block_chars):
            if key in suspects:
                counts[key] += 1
    return {key: n for key, n in counts.items() if n > 1}


_BITMAP_BYTES = 1 << 20
_BIT_MASK = _BITMAP_BYTES * 8 - 1


def _whole_object(path: Path) -> dict[str, Any] | None:
    """The file's top-level object parsed at once, or None (too large, or not plain JSON)."""
    if path.stat().st_size > WHOLE_DOCUMENT_BYTES:
        return None
    try:
        data = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError:
        return None
    return data if isinstance(data, dict) else None


def _iter(fh: IO[str], block_chars: int) -> Iterator[tuple[str, Any]]:
    return _Reader(fh, block_chars).items()


class _Reader:
    """Reads one JSON object's members from a text stream, one block at a time."""

    def __init__(self, fh: IO[str], block_chars: int) -> None:
        self.fh = fh
        self.block_chars = block_chars
        self.buf = ""
        self.pos = 0
        self.eof = False

    def fill(self) -> bool:
        """Append the next block (keeping what is not read yet); False at end of input."""
        if self.eof:
            return False
        chunk = self.fh.read(self.block_chars)
        if not chunk:
            self.eof = True
            return False
        self.buf = self.buf[self.pos :] + chunk
        self.pos = 0
        return True

    def skip_ws(self) -> str:
        """Skip whitespace; return the next character ('' at end of input)."""
        buf, pos = self.buf, self.pos
        if pos < len(buf) and buf[pos] not in _WS_CHARS:  # compact JSON: no whitespace
            return buf[pos]
        while True:
            self.pos = _WS.match(self.buf, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.fill():
                return ""

    def decode(self) -> Any:
        """The JSON value at the current position (reading more blocks as needed)."""
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buf, self.pos)
            except RecursionError:
                raise StreamParseError("JSON nested too deep") from None
            except json.JSONDecodeError as exc:
                # Incomplete value at the end of the buffer: read more and try again.
                if len(self.buf) - self.pos < MAX_VALUE_CHARS and self.fill():
                    continue
                raise StreamParseError(f"invalid or truncated JSON: {exc.msg}") from exc
            # A number near the end of the buffer may continue in the next block.
            if isinstance(value, (int, float)) and not self.eof:
                j = end
                while j < len(self.buf) and self.buf[j] in _NUMBER_CHARS:
                    j += 1
                if j == len(self.buf) and self.fill():
                    continue
            self.pos = end
            return value

    def expect(self, char: str, problem: str) -> None:
        """Step over ``char`` (after whitespace), or raise ``problem``."""
        if self.skip_ws() != char:
            raise StreamParseError(problem)
        self.pos += 1

    def end(self) -> None:
        """Nothing but whitespace may follow the object."""
        if self.skip_ws() != "":
            raise StreamParseError("unexpected data after the JSON object")

    def items(self) -> Iterator[tuple[str, Any]]:
        """``(key, value)`` of the top-level object, in document order."""
        self.expect("{", "expected a JSON object")
        ch = self.skip_ws()
        while ch != "}":
            if ch != '"':
                raise StreamParseError("expected a string key")
            key = self.decode()
            self.expect(":", "expected ':' after a key")
            self.skip_ws()
            yield key, self.decode()
            ch = self.skip_ws()
            if ch == ",":
                self.pos += 1
                ch = self.skip_ws()
                if ch == "}":
                    raise StreamParseError("expected a string key")
            elif ch != "}":
                raise StreamParseError("expected ',' or '}' (truncated file?)")
        self.pos += 1
        self.end()
