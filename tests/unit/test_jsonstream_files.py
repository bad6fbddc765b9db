"""Incremental JSON parsing and safe file handling."""

from __future__ import annotations

import io
import json
import random

import pytest
from bulk_enrich.engine.jsonstream import StreamParseError, iter_object_items, loads
from bulk_enrich.files import safe_filename, same_origin


def random_value(rng: random.Random, depth: int = 0) -> object:
    kind = rng.randrange(7 if depth < 3 else 4)
    if kind == 0:
        return rng.choice([None, True, False])
    if kind == 1:
        return rng.choice([0, -12, 3.25, 1e-7, 123456789012345678])
    if kind == 2:
        return "".join(rng.choice('ab "\\/\n\u00e9\u4e2d') for _ in range(rng.randrange(12)))
    if kind == 3:
        return rng.random()
    if kind == 4:
        return [random_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    return {f"k{i}": random_value(rng, depth + 1) for i in range(rng.randrange(4))}


@pytest.mark.parametrize("block", [1, 2, 7, 64, 1 << 20])
def test_parses_like_json_loads_whatever_the_block_size(block: int) -> None:
    rng = random.Random(block)
    doc = {f"id-{i}": {"PG": random_value(rng)} for i in range(200)}
    for indent in (None, 2):
        text = json.dumps(doc, indent=indent, ensure_ascii=False)
        items = list(iter_object_items(io.StringIO(text), block_chars=block))
        assert dict(items) == doc
        assert [k for k, _ in items] == list(doc)


def test_numbers_split_across_blocks_are_not_cut() -> None:
    text = '{"a": 12345678, "b": -1.5e10}'
    for block in range(1, len(text) + 1):
        assert dict(iter_object_items(io.StringIO(text), block_chars=block)) == {
            "a": 12345678,
            "b": -1.5e10,
        }


@pytest.mark.parametrize(
    "text",
    [
        '{"a": {"x": 1}, "b": {"y"',
        '{"a": 1,',
        "[1, 2]",
        '{"a" 1}',
        '{"a": 1} trailing',
        "",
        '{"a": 1 "b": 2}',
    ],
)
def test_truncated_or_malformed_documents_raise(text: str) -> None:
    with pytest.raises(StreamParseError):
        list(iter_object_items(io.StringIO(text), block_chars=3))


@pytest.mark.parametrize(
    "text",
    [
        '{"a": {"x": 1}, "b": {"y"',
        '{"a": 1,',
        "[1, 2]",
        '{"a": 1} trailing',
        "",
    ],
)
def test_malformed_files_raise_whatever_their_size(tmp_path, text: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "out.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(StreamParseError):
        list(iter_object_items(path))


def test_a_file_parsed_whole_gives_what_the_incremental_parser_gives(tmp_path) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(7)
    doc = {f"id-{i}": {"PG": random_value(rng)} for i in range(500)}
    path = tmp_path / "out.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    items = list(iter_object_items(path))
    assert items == list(iter_object_items(io.StringIO(path.read_text(encoding="utf-8"))))
    assert [k for k, _ in items] == list(doc)


def test_what_only_the_standard_library_reads_is_still_read(tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = '{"a": {"score": NaN, "name": "\\ud800", "big": 123456789012345678901234567890}}'
    expected = json.loads(text)
    path = tmp_path / "out.json"
    path.write_text(text, encoding="utf-8")
    got = dict(iter_object_items(path))
    assert got["a"]["score"] != got["a"]["score"]  # NaN
    assert got["a"]["name"] == expected["a"]["name"]
    assert got["a"]["big"] == expected["a"]["big"]
    assert loads(text.encode())["a"]["name"] == expected["a"]["name"]
    with pytest.raises(ValueError, match="Expecting"):
        loads(b'{"a": 1,}')


def test_empty_object_and_files(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "out.json"
    path.write_text(" {\n} \n", encoding="utf-8")
    assert list(iter_object_items(path)) == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("output.json", "output.json"),
        ("../../etc/passwd", "passwd"),
        ("/abs/path/file.json", "file.json"),
        ("..\\..\\windows\\evil.json", "evil.json"),
        ("..", "fallback.json"),
        ("", "fallback.json"),
        (".hidden", "hidden"),
        ("a b?c*.json", "a_b_c_.json"),
        ("x" * 300, "x" * 128),
    ],
)
def test_server_file_names_are_reduced_to_safe_basenames(name: str, expected: str) -> None:
    result = safe_filename(name, fallback="fallback.json")
    assert result == expected
    assert "/" not in result
    assert "\\" not in result
    assert ".." not in result


def test_same_origin_compares_scheme_host_and_port() -> None:
    base = "https://data-api.sovfixer.com"
    assert same_origin("https://data-api.sovfixer.com/api/v1/x", base)
    assert same_origin("https://DATA-API.sovfixer.com:443/x", base)
    assert not same_origin("http://data-api.sovfixer.com/x", base)
    assert not same_origin("https://data-api.sovfixer.com.evil.com/x", base)
    assert not same_origin("https://data-api.sovfixer.com:8443/x", base)
    assert same_origin("http://127.0.0.1:8000/a", "http://127.0.0.1:8000")
