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
        return json.loads(data)


class StreamParseError(ValueError):
    """The document is not a JSON object (or is truncated)."""


def iter_object_items(
    source: str | Path | IO[str], block_chars: int = BLOCK_CHARS
) -> Iterator[tuple[str, Any]]:
    """Yield ``(key, value)`` for each entry of a top-level JSON object, in file order.

    A file of up to :data:`WHOLE_DOCUMENT_BYTES` is parsed whole (a key given twice then
    yields once, with its last value); anything it does not parse as an object is read
    incrementally, which accepts what ``json`` accepts and names what is wrong.
    """
    if isinstance(source, (str, Path)):
        whole = _whole_object(Path(source))
        if whole is not None:
            yield from whole.items()
            return
        with open(source, encoding="utf-8") as fh:
            yield from _iter(fh, block_chars)
    else:
        yield from _iter(source, block_chars)


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
    buf = ""
    pos = 0
    eof = False

    def fill() -> bool:
        nonlocal buf, pos, eof
        if eof:
            return False
        chunk = fh.read(block_chars)
        if not chunk:
            eof = True
            return False
        buf = buf[pos:] + chunk
        pos = 0
        return True

    def skip_ws() -> str:
        """Skip whitespace; return the next character ('' at end of input)."""
        nonlocal pos
        if pos < len(buf) and buf[pos] not in _WS_CHARS:  # compact JSON: no whitespace
            return buf[pos]
        while True:
            pos = _WS.match(buf, pos).end()  # type: ignore[union-attr]
            if pos < len(buf):
                return buf[pos]
            if not fill():
                return ""

    def decode() -> Any:
        nonlocal pos
        while True:
            try:
                value, end = _DECODER.raw_decode(buf, pos)
            except json.JSONDecodeError as exc:
                # Incomplete value at the end of the buffer: read more and try again.
                if len(buf) - pos < MAX_VALUE_CHARS and fill():
                    continue
                raise StreamParseError(f"invalid or truncated JSON: {exc.msg}") from exc
            # A number near the end of the buffer may continue in the next block.
            if isinstance(value, (int, float)) and not eof:
                j = end
                while j < len(buf) and buf[j] in _NUMBER_CHARS:
                    j += 1
                if j == len(buf) and fill():
                    continue
            pos = end
            return value

    if skip_ws() != "{":
        raise StreamParseError("expected a JSON object")
    pos += 1
    ch = skip_ws()
    if ch == "}":
        pos += 1
        _expect_end(skip_ws)
        return
    while True:
        if ch != '"':
            raise StreamParseError("expected a string key")
        key = decode()
        if skip_ws() != ":":
            raise StreamParseError("expected ':' after a key")
        pos += 1
        skip_ws()
        value = decode()
        yield key, value
        ch = skip_ws()
        if ch == ",":
            pos += 1
            ch = skip_ws()
            continue
        if ch == "}":
            pos += 1
            _expect_end(skip_ws)
            return
        raise StreamParseError("expected ',' or '}' (truncated file?)")


def _expect_end(skip_ws: Any) -> None:
    if skip_ws() != "":
        raise StreamParseError("unexpected data after the JSON object")
