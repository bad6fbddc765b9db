"""The Place decoder's polars columns against the row-at-a-time code they stand in for.

Whatever a page holds (keys given twice, fields the row path does not read, values of any
kind, absent or null parts), :func:`decode_page` gives exactly the row path's flat columns
(same values, same Python types, floats to the last digit) or None; with one decoder across
pages (its types learned as they come) too.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

pytest.importorskip("msgspec")
pytest.importorskip("polars")  # imported before a test (it sets a variable of the process)
from bulk_enrich.batches import ResultBatch
from bulk_enrich.columnar.place_decode import PlaceDecoder, concat, decode_page
from test_place_decode import row_path


def _typed(batch: ResultBatch) -> dict[str, list[tuple[type, str]]]:
    return {k: [(type(v), repr(v)) for v in vs] for k, vs in batch.columns.items()}


def _check(raw: bytes, decoder: PlaceDecoder | None = None) -> ResultBatch | None:
    """The decoded batch, asserted equal to the row path's when there is one."""
    batch = decode_page(raw, decoder)
    if batch is not None:
        expected = row_path(raw)
        assert batch.ids == expected.ids
        assert _typed(batch) == _typed(expected)
    return batch


KEYS = ["name", "website", "phone", "phone_additional", "address", "coordinates", "rating",
        "n", "a.b", "a b", "é", "", "__class__", "f0"]  # fmt: skip
ODD_KEYS = ["status", "error_message", "place_id", "attribute_status.x", "confidence.y"]
ATTRIBUTES = ["websites", "phoneNumbers", "f1", "x y"]
STATUSES = ["RUN", "ERROR", "NOT_RUN", "RUN_CONDITION_FAILED"]
_PLAIN = st.text(st.sampled_from(list("ab1 ;,:-é😀")), max_size=6)
_TRICKY = st.text(st.sampled_from(list('ab1.e":,{}[]\\/\n\r\x00\x01\u2028é😀')), max_size=6)
_SPECIAL = ["null", "1.5", "completed", "\u2028", "\x00", "\ud83d\ude00"]
#: Lone surrogates (as JSON escapes, or written raw: not UTF-8), in odd pages only.
_LONE = st.sampled_from(["\ud83d", "\ude00x"])
_TEXT = st.one_of(*[_PLAIN] * 24, *[_TRICKY] * 6, st.sampled_from(_SPECIAL))
_FLOATS = st.one_of(
    st.floats(-1e6, 1e6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([1e-05, 1e16, 2.0, -0.0, 0.0, 1.5e-07, 1e308]),
)
_INTS = st.one_of(st.integers(-1000, 1000), st.integers(-(2**63), 2**63 - 1))
#: Integers beyond 64 bits (orjson reads those from 2**64 as floats), in odd pages only.
_BIG = st.sampled_from([2**63, -(2**63) - 1, 2**64 - 1, 2**64, 2**70])
_SCALAR = st.one_of(st.none(), st.booleans(), _INTS, _FLOATS, _TEXT)
_VALUE = st.one_of(
    _SCALAR,
    st.lists(_TEXT, max_size=3),
    st.lists(_SCALAR, max_size=3),
    st.dictionaries(_TEXT, _SCALAR, max_size=2),
    st.sampled_from([{"full_address": "1 Main"}, {"full_address": ""}, [40.5, -74],
                     {"latitude": 1, "longitude": 2.5}, [1, 2, 3], {"x": [2**70]}]),
)  # fmt: skip
#: A key's values: mostly one kind per key (as a service writes them), at times any.
_KINDS = st.sampled_from(
    [st.booleans(), _INTS, _FLOATS, _TEXT, st.lists(_TEXT, max_size=3), st.none()] * 3
    + [_SCALAR, _VALUE]
)
_SCALAR_KINDS = st.sampled_from([st.booleans(), _INTS, _FLOATS, _TEXT, st.none(), _SCALAR])
_TAME_KINDS = st.sampled_from(
    [_PLAIN, st.lists(_PLAIN, max_size=3), st.integers(-(2**63), 2**63 - 1), st.booleans(),
     st.floats(-1e15, 1e15), st.none()]
)  # fmt: skip
_ABSENT = object()


class Obj(list[tuple[str, Any]]):
    """A JSON object as its pairs, in order (a key may be given twice)."""


@st.composite
def _part(draw: st.DrawFn, names: list[str], kinds: dict[str, Any], tame: bool, odd: bool) -> Any:
    """A part of a job (outputs, attribute statuses, scores): pairs (keys at times twice),
    null, absent or (``odd``) not an object."""
    shapes = ["object"] * 12 + ["null", "absent"] * 2 + (["odd"] if odd else [])
    shape = draw(st.sampled_from(shapes))
    if shape != "object":
        return {"null": None, "absent": _ABSENT, "odd": "n/a"}[shape]
    chosen = draw(st.lists(st.sampled_from(names), max_size=5, unique=tame))
    return Obj((name, draw(kinds[name])) for name in chosen)


@st.composite
def _pages(draw: st.DrawFn, tame: bool = False) -> list[bytes]:
    """One or two pages of jobs (compact or not, ASCII or not), as text."""
    odd = not tame and draw(st.integers(0, 3)) == 0
    keys = KEYS[:8] if tame else KEYS + ODD_KEYS if odd else KEYS
    outputs = {k: draw(_TAME_KINDS if tame else _KINDS) for k in keys}
    status_kind = st.sampled_from(STATUSES) if tame else draw(_KINDS if odd else _SCALAR_KINDS)
    statuses = {k: status_kind for k in ATTRIBUTES}
    score_kind = st.sampled_from(["HIGH", "LOW", None]) if tame else _SCALAR
    scores = {k: score_kind for k in keys}
    states = ["completed"] * 12 + ["failed", "in_progress"] * 2 + ([] if tame else ["", None])
    states += [3] if odd else []
    spaced, ascii_only = draw(st.booleans()), draw(st.booleans())

    def dumps(value: Any) -> str:
        if isinstance(value, Obj):
            sep = ", " if spaced else ","
            inner = sep.join(f"{dumps(k)}{': ' if spaced else ':'}{dumps(v)}" for k, v in value)
            return "{" + inner + "}"
        if isinstance(value, list):
            return "[" + (", " if spaced else ",").join(map(dumps, value)) + "]"
        return json.dumps(value, ensure_ascii=ascii_only)

    pages = []
    for _ in range(draw(st.integers(1, 2))):
        jobs = []
        for _ in range(draw(st.integers(0 if odd else 1, 5))):
            job: Obj = Obj([("place_id", draw(_PLAIN if tame else _TEXT))])
            job.append(("status", draw(st.sampled_from(states))))
            job.append(("inputs", Obj([("name", "x"), ("latitude", 1e-05)])))
            job.append(("outputs", draw(_part(keys, outputs, tame, odd))))
            meta = draw(_part(ATTRIBUTES, statuses, tame, odd))
            if isinstance(meta, Obj):
                meta = Obj([("attribute_status", meta), ("last_enriched", None)])
            job.append(("job_metadata", meta))
            job.append(("confidence_scores", draw(_part(keys, scores, tame, odd))))
            if not tame:
                reasoning = st.sampled_from([{}, {"error": "  Not found. "}, {"error": 3}, None])
                job.append(("reasoning", draw(reasoning)))
                if draw(st.integers(0, 3)) == 0:
                    job.append(("error_message", draw(_VALUE)))
                if draw(st.integers(0, 5)) == 0:
                    job.append(("extra", draw(_VALUE)))
                if draw(st.integers(0, 9)) == 0:  # a field given twice
                    job.append((draw(st.sampled_from(job))[0], draw(_VALUE)))
                if odd and draw(st.integers(0, 3)) == 0:
                    job.append(("reasoning", Obj([("error", draw(_LONE))])))
                if odd and draw(st.integers(0, 3)) == 0:
                    job.append(("outputs", Obj([("n", draw(_BIG))])))
            job = Obj((k, v) for k, v in job if v is not _ABSENT)
            order = draw(st.permutations(range(len(job)))) if not tame else range(len(job))
            jobs.append(Obj(job[i] for i in order))
        pages.append(dumps(Obj([("jobs", jobs), ("total", len(jobs)), ("limit", 10)])))
    return [page.encode("utf-8", errors="surrogatepass") for page in pages]


def _parsed(raw: bytes) -> bool:
    try:
        json.loads(raw)
    except ValueError:  # not JSON (a lone surrogate written raw)
        return False
    return True


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages=_pages())
@example(
    pages=[b'{"jobs":[{"place_id":"a","outputs":{"n":1}},{"place_id":"b","outputs":{"n":1.5}}]}']
)
@example(
    pages=[
        b'{"jobs":[{"place_id":"a","outputs":{"n":null}}]}',
        b'{"jobs":[{"place_id":"a","outputs":{}},{"place_id":"b","outputs":{"n":"x"}}]}',
    ]
)
@example(pages=[b'{"jobs":[{"place_id":"a","outputs":{"n":[1]}},{"place_id":"b","outputs":null}]}'])
@example(
    pages=[
        b'{"jobs":[{"place_id":"a","status":"failed","job_metadata":{"attribute_status":'
        b'{"b":"ERROR","a":"ERROR"}}},{"place_id":"c","status":"failed","job_metadata":'
        b'{"attribute_status":{"a":"ERROR","b":"ERROR"}}}]}'
    ]
)
@example(pages=[b'{"jobs":[{"place_id":"a","outputs":{"n":{"x":18446744073709551616}}}]}'])
# A list of text among other kinds: joined all the same.
@example(
    pages=[b'{"jobs":[{"place_id":"a","outputs":{"n":[]}},{"place_id":"b","outputs":{"n":false}}]}']
)
# A key named "" (a frame renames such a Series).
@example(pages=[b'{"jobs":[{"place_id":"a","outputs":{"":false}}]}'])
def test_any_page_is_decoded_exactly_or_not_at_all(pages: list[bytes]) -> None:
    decoder = PlaceDecoder()
    for raw in pages:
        if not _parsed(raw):
            assert decode_page(raw) is None
            continue
        _check(raw)
        _check(raw, decoder)  # types learned from the pages before


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages=_pages(tame=True))
def test_a_services_page_is_decoded_into_a_frame(pages: list[bytes]) -> None:
    decoder = PlaceDecoder()
    batches = []
    for raw in pages:
        batch = _check(raw, decoder)
        assert batch is not None
        batches.append(batch)
    joined = concat(batches)
    expected = ResultBatch.from_rows(r for raw in pages for r in row_path(raw).rows())
    assert joined.ids == expected.ids
    assert {k: v for k, v in _typed(joined).items()} == _typed(expected)
