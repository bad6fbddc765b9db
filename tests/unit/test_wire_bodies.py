"""Request bodies and gzip: orjson's text is json's JSON value; isal and zlib agree."""

from __future__ import annotations

import collections
import enum
import gzip
import json
import math
import random
import zlib
from typing import Any

import pytest
from bulk_enrich.engine import deflate
from bulk_enrich.engine.bodies import READ_BLOCK, Decoder, Truncated
from bulk_enrich.engine.chunking import ChunkFeed, json_size, plan_chunks
from bulk_enrich.engine.jsonbytes import json_bytes
from bulk_enrich.engine.wire import compress_body, json_with
from bulk_enrich.errors import InvalidInputError


class Level(enum.IntEnum):
    HIGH = 3


class Code(enum.StrEnum):
    PG = "PG"


class Text(str):
    pass


#: Values where orjson and json.dumps could part ways.
ADVERSARIAL: list[Any] = [
    "Café Straße 1, Zürich ☃ 東京 \U0001f600",
    'quote " backslash \\ slash / tab \t newline \n nul \x00 \x1f del \x7f',
    "\u2028\u2029 line separators",
    "\ud800 a lone surrogate",
    "",
    2**63 - 1,
    -(2**63),
    2**63,
    2**64 - 1,
    2**64,
    -(2**64) - 1,
    10**30,
    0,
    -0.0,
    0.1 + 0.2,
    1e16,
    1e-5,
    1e-7,
    123456789012345680.0,
    5e-324,
    1.7976931348623157e308,
    -2.5e-300,
    40.712345,
    1.0,
    True,
    False,
    None,
    [],
    {},
    (1, "two"),
    {"nested": [{"deep": [1.5, "x", None, {"é": "ü"}]}]},
    {1: "int key", 2.5: "float key", False: "bool key", None: "none key"},
    collections.OrderedDict([("b", 1), ("a", 2)]),
    Level.HIGH,
    Code.PG,
    Text("a str subclass"),
    json.loads("[" * 300 + "1" + "]" * 300),  # deeper than orjson goes (json takes it)
]


def canonical(text: bytes | str) -> str:
    """A JSON value written so that equal values, and only those, are equal strings (keeps
    -0.0 apart from 0, 1.0 apart from 1)."""
    return repr(json.loads(text))


@pytest.mark.parametrize("value", ADVERSARIAL, ids=lambda v: type(v).__name__)
def test_the_body_is_the_json_value_json_dumps_writes(value: Any) -> None:
    expected = json.dumps(value, separators=(",", ":"), allow_nan=False)
    sent = json_bytes(value)
    assert canonical(sent) == canonical(expected)
    in_item = {"id": "L1", "address": "x", "datasource_config": {"v": value, "w": [value]}}
    assert canonical(json_bytes([in_item])) == canonical(json.dumps([in_item]))


def test_all_adversarial_values_in_one_array() -> None:
    items = [{"id": f"L{i}", "address": "x", "extra": v} for i, v in enumerate(ADVERSARIAL)]
    assert canonical(json_bytes(items)) == canonical(json.dumps(items))


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_nan_and_infinity_are_refused_as_before(bad: float) -> None:
    # orjson would write them as null: the value must never reach the server changed.
    for value in (bad, [None, bad], {"a": None, "b": {"c": bad}}):
        with pytest.raises(InvalidInputError, match="not JSON-serialisable"):
            json_bytes(value)
    with pytest.raises(InvalidInputError):
        plan_chunks([{"id": "a", "address": "null", "v": bad}], 10, 1_000_000)


def test_unserialisable_values_are_refused_as_before() -> None:
    circular: list[Any] = []
    circular.append(circular)
    for value in (object(), {"a": {1, 2}}, circular, b"bytes"):
        with pytest.raises(InvalidInputError):
            json_bytes(value)


def test_a_spliced_body_is_the_whole_body_serialised_at_once() -> None:
    items = [{"id": "é", "n": 2**64}, {"id": "b", "x": 1e-7}]
    body = {"locations": [], "sources": ["PG", "PH"], "flag": True, "ö": None}
    spliced = json_with(body, "locations", json_bytes(items))
    assert canonical(spliced) == canonical(json.dumps({**body, "locations": items}))


def test_size_planning_counts_the_bytes_sent() -> None:
    # Characters beyond ASCII are several bytes in UTF-8: the plan measures bytes, as sent.
    items = [
        {"id": f"L{i}", "address": "Straße ☃ 東京 \U0001f600" * (1 + i % 7)} for i in range(300)
    ]
    limit = 2_000
    chunks = plan_chunks(items, 100, limit)
    assert sum(len(c) for c in chunks) == len(items)
    for chunk in chunks:
        sent = json_bytes(items[chunk.start : chunk.stop])
        assert json_size(items[chunk.start : chunk.stop]) == len(sent) <= limit
    feed = ChunkFeed(iter(items), lambda _index, item: item, 100, limit)
    for chunk in iter(feed.next_chunk, None):
        planned = feed.take_encoded(chunk)
        assert planned is not None
        assert len(planned) <= limit
        assert json.loads(planned) == items[chunk.start : chunk.stop]


# -- gzip: isal and zlib --------------------------------------------------------------------
LIBRARIES = ["zlib", "isal"]


@pytest.fixture(params=LIBRARIES)
def library(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Request bodies and downloads gzip-coded by one library."""
    if request.param == "isal":
        isal_zlib = pytest.importorskip("isal.isal_zlib")
        monkeypatch.setattr(deflate, "_lib", isal_zlib)
        monkeypatch.setattr(deflate, "ERRORS", (zlib.error, isal_zlib.IsalError))
    else:
        monkeypatch.setattr(deflate, "_lib", zlib)
        monkeypatch.setattr(deflate, "ERRORS", (zlib.error,))
    return str(request.param)


def output_like(size: int) -> bytes:
    """JSON text much like an output file (compressible, not trivially)."""
    rng = random.Random(7)
    parts = []
    total = 0
    while total < size:
        part = json.dumps({f"L{total}": {"PG": {"lat": rng.random(), "name": "Café" * 3}}})
        parts.append(part)
        total += len(part)
    return ",".join(parts).encode()


def decode(decoder: Decoder, wire: bytes, step: int) -> list[bytes]:
    blocks: list[bytes] = []
    for i in range(0, len(wire), step):
        blocks.extend(decoder.feed(wire[i : i + step]))
    decoder.close()
    return blocks


@pytest.mark.parametrize("step", [1, 997, 65_536, 10**9])
def test_gzip_bodies_decode_to_the_same_bytes_with_either_library(library: str, step: int) -> None:
    raw = output_like(3 * READ_BLOCK if step > 1 else 50_000)
    sent, headers = compress_body(raw, threshold=0)
    assert headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(sent) == raw  # what any server does with it
    assert len(sent) < len(raw) // 3
    for wire in (sent, gzip.compress(raw, 6), zlib.compress(raw, 9, deflate.GZIP_WBITS)):
        blocks = decode(Decoder({"content-encoding": "gzip"}), wire, step)
        assert b"".join(blocks) == raw
        assert all(0 < len(b) <= READ_BLOCK for b in blocks)


def test_a_small_bomb_expands_in_bounded_steps(library: str) -> None:
    wire = gzip.compress(b"\0" * (40 * READ_BLOCK), 9)
    decoder = Decoder({"content-encoding": "gzip"})
    sizes = [len(b) for b in decoder.feed(wire)]
    assert max(sizes) <= READ_BLOCK
    assert sum(sizes) == 40 * READ_BLOCK
    decoder.close()


def test_corrupt_truncated_and_trailing_gzip_are_refused(library: str) -> None:
    raw = output_like(200_000)
    wire = gzip.compress(raw)
    corrupt = wire[:100] + bytes(b ^ 0x55 for b in wire[100:200]) + wire[200:]
    with pytest.raises(Truncated):
        decode(Decoder({"content-encoding": "gzip"}), corrupt, 4096)
    with pytest.raises(Truncated, match="ends early"):
        decode(Decoder({"content-encoding": "gzip"}), wire[:-9], 4096)
    with pytest.raises(Truncated, match="after the end"):
        decode(Decoder({"content-encoding": "gzip"}), wire + wire, 4096)
    with pytest.raises(Truncated, match="after the end"):
        decode(Decoder({"content-encoding": "gzip"}), wire + b"garbage", 4096)
    assert b"".join(decode(Decoder({"content-encoding": "gzip"}), wire + b"\r\n", 4096)) == raw


def test_an_explicit_level_is_zlibs() -> None:
    raw = output_like(100_000)
    assert deflate.gzip_compress(raw, 9) == zlib.compress(raw, 9, deflate.GZIP_WBITS)
    assert gzip.decompress(deflate.gzip_compress(raw)) == raw
