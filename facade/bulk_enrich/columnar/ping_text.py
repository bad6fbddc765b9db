"""A Ping.Data output's text read in parts: its first locations, its locations a chunk at a time.

Both cut the text ``{"id": {...}, "id": {...}}`` where a location seems to end and let msgspec's
parse of the part, closed by a ``}``, say whether it does: the parser's state after a prefix of
the text is the same whatever follows, so a part parses as an object only if the cut ends a
location (a cut inside a string or a nested object leaves the part unclosed).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import msgspec

#: The text whose locations make the decoder's structures (the whole file when smaller).
SAMPLE_BYTES = 1 << 16
#: The text decoded at a time (a few hundred locations).
CHUNK_BYTES = 1 << 19
#: Cuts tried (the end of the sampled prefix, of a chunk) before giving up.
_TRIES = 64
_WS = b" \t\n\r"
#: How far a key is looked for after a cut's ``},"``.
_KEY_BYTES = 256


def sample(data: bytes, size: int) -> list[Any] | None:
    """The locations of the file's first ``size`` bytes or so (up to a ``}`` ending one),
    decoded generically: the file's first ones (a number cut short is no object)."""
    try:
        if len(data) <= size:
            whole = msgspec.json.decode(data)
            return list(whole.values()) if isinstance(whole, dict) else None
        end = size
        for _ in range(_TRIES):
            cut = data.rfind(b"}", 0, end)
            if cut <= 0:
                return None
            try:
                prefix = msgspec.json.decode(data[: cut + 1] + b"}")
            except msgspec.DecodeError:
                end = cut
                continue
            return list(prefix.values()) if isinstance(prefix, dict) else None
    except msgspec.DecodeError:
        return None
    return None


def chunks(
    data: bytes, decoder: msgspec.json.Decoder[Any], keys: set[bytes], size: int
) -> Iterator[dict[str, Any]]:
    """The file's locations, decoded about ``size`` bytes of text at a time (the objects of a
    chunk are read out while they are in the processor's cache).

    A chunk is ``{``, the file's text from after its ``{`` or a comma up to a ``},`` further on,
    and ``}``. It parses only if that comma separates two locations (a comma nested deeper or in
    a string leaves the chunk unclosed): then its locations are the file's, in order; a cut
    elsewhere is tried again at the next ``},"`` (the key after it not one of the sample's, as
    a location's id is not), a few times, before the job is refused."""
    start = len(data) - len(data.lstrip(_WS))
    end = len(data.rstrip(_WS)) - 1
    if data[start : start + 1] != b"{" or data[end : end + 1] != b"}":
        yield decoder.decode(data)  # not an object: msgspec says so
        return
    pos = start + 1
    while end - pos > size * 3 // 2:
        cut = pos + size
        for _ in range(_TRIES):
            cut = data.find(b'},"', cut + 1, end)
            if cut < 0:
                break
            after = data.find(b'"', cut + 3, cut + 3 + _KEY_BYTES)
            if after >= 0 and data[cut + 3 : after] in keys:
                continue  # a source's next field
            try:
                located = decoder.decode(b"{" + data[pos : cut + 1] + b"}")
            except msgspec.ValidationError:
                raise  # before the cut: in the file itself (a cut elsewhere is a syntax error)
            except msgspec.DecodeError:
                continue
            break
        else:
            raise ValueError("no cut of a chunk parses")
        if cut < 0:
            break
        yield located
        pos = cut + 2
    yield decoder.decode(b"{" + data[pos:end] + b"}")
