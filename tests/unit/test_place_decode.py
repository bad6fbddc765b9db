"""The columnar Place decoder gives exactly the row path's batch, or None (row path taken)."""

from __future__ import annotations

import json
import random
from typing import Any

import msgspec
import pytest
from bulk_enrich.batches import ResultBatch
from bulk_enrich.engine.jsonstream import loads
from bulk_enrich.places.run import flat_rows
from bulk_enrich.results import PlaceResult

pytest.importorskip("msgspec")
pytest.importorskip("polars")  # imported before a test (it sets a variable of the process)
from bulk_enrich.columnar.place_decode import PlaceDecoder, concat, decode_page


def job(pid: str, status: str = "completed", **parts: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "place_id": pid,
        "status": status,
        "inputs": {"input_type": "place", "name": "x", "latitude": 1e-05},
        "outputs": {"name": "Café ü", "website": "https://a.example", "phone": "+1",
                    "phone_additional": []},
        "job_metadata": {"attribute_status": {"websites": "RUN", "phoneNumbers": "RUN"},
                         "last_enriched": None, "country_code": "US",
                         "enrichment_metadata": {"websites": {"attempt": 1}}},
        "reasoning": {"websites": "Derived."},
        "confidence_scores": {"website": "HIGH", "phone": None},
    }  # fmt: skip
    item.update(parts)
    return item


def page(jobs: list[Any]) -> bytes:
    return json.dumps({"jobs": jobs, "total": len(jobs), "limit": 10000, "offset": 0}).encode()


def row_path(raw: bytes) -> ResultBatch:
    """Today's rows of a page (as ``PlaceBackend.results`` makes them) as a batch."""
    jobs = loads(raw)["jobs"]
    pairs = ((str(j.get("place_id")), PlaceResult(str(j.get("place_id")), j)) for j in jobs)
    return ResultBatch.from_rows(flat_rows(pairs))


def assert_same(found: ResultBatch | None, expected: ResultBatch) -> None:
    assert found is not None
    assert found.ids == expected.ids
    assert set(found.columns) == set(expected.columns)
    for name, values in expected.columns.items():
        assert found.columns[name] == values, name
        assert [type(v) for v in found.columns[name]] == [type(v) for v in values], name


ADVERSARIAL: list[dict[str, Any]] = [
    job("p1"),
    job("p2", outputs={"name": "😀 \u2028 \"q\"", "website": None, "phone": 12,
                       "phone_additional": ["+2", "+3"], "rating": 4.0, "open": True,
                       "coordinates": [40.0, -74], "address": {"full_address": "1 Main St"},
                       "opening_hours": {"monday": "9-5", "note": ["a", 1]},
                       "categories": ["café", "bar"], "mixed": [1, "a", None]}),
    job("p3", "failed", outputs={"name": "n"},
        job_metadata={"attribute_status": {"websites": "ERROR", "phoneNumbers": "ERROR"}},
        reasoning={"error": "  Not enough inputs.  "}, confidence_scores={}),
    job("p4", "failed", reasoning={},
        job_metadata={"attribute_status": {"websites": "ERROR", "phoneNumbers": "RUN"}}),
    job("p5", "in_progress", outputs={}, reasoning={}, confidence_scores={},
        job_metadata={"attribute_status": {"websites": "NOT_RUN"}, "last_enriched": None}),
    job("p6", error_message="upstream said no", status="failed"),
    job("p7", outputs={"rating": 3, "address": {"city": "x"}, "coordinates": {"latitude": 1.5,
        "longitude": 2}}, confidence_scores={"rating": "LOW", "extra": 0.25}),
    job("p8", outputs={"phone_additional": ["+4"], "rating": 2.5e-07, "big": 2**62}),
    {k: v for k, v in job("p9").items() if k not in ("reasoning", "confidence_scores")},
    job("p10", "failed", outputs=None, job_metadata=None, confidence_scores=None, reasoning=None),
    job("p11", "failed", job_metadata={"attribute_status": None}),
]  # fmt: skip


def test_adversarial_page_matches_the_row_path_column_by_column() -> None:
    raw = page(ADVERSARIAL)
    assert_same(decode_page(raw), row_path(raw))


def test_learning_from_any_first_item_and_across_pages() -> None:
    decoder = PlaceDecoder()
    shuffled = list(ADVERSARIAL)
    for seed in range(6):
        random.Random(seed).shuffle(shuffled)
        raw = page(shuffled)
        assert_same(decoder.decode(raw), row_path(raw))
        assert_same(decode_page(raw), row_path(raw))


def test_pages_joined_match_the_row_path() -> None:
    first, second = page(ADVERSARIAL[:3]), page(ADVERSARIAL[3:])
    decoder = PlaceDecoder()
    batches = [decoder.decode(first), decoder.decode(second)]
    assert all(b is not None for b in batches)
    expected = ResultBatch.from_rows([*row_path(first).rows(), *row_path(second).rows()])
    found = concat([b for b in batches if b is not None])
    assert_same(found, ResultBatch.from_rows(found.rows()))
    assert found.ids == expected.ids
    for name, values in expected.columns.items():
        assert found.columns[name] == values


@pytest.mark.parametrize(
    "odd",
    [
        job("x", outputs={"status": "shadowed"}),  # the row path overwrites its own column
        job("x", outputs={"attribute_status.websites": "x"}),
        job("x", outputs={"place_id": "dropped"}),
        job("x", job_metadata={"attribute_status": {"websites": {"nested": 1}}}),
        job("x", outputs={"website": 2**70}),  # beyond 64 bits: orjson reads a float
        {**job("x"), "place_id": 7},
        "not an object",
    ],
)
def test_what_it_cannot_keep_exactly_takes_the_row_path(odd: Any) -> None:
    assert decode_page(page([job("a"), odd])) is None


def test_empty_page_and_not_json() -> None:
    assert_same(decode_page(page([])), row_path(page([])))
    assert decode_page(b"{not json") is None
    assert decode_page(b'{"jobs": 3}') is None


@pytest.mark.parametrize(
    "body",
    [
        b'{"jobs": [{"place_id": "P1", "outputs": {"website": "x"}}, {"place_id": "P2"}],'
        b' "total": 2}',
        b'{"jobs": [], "total": 0, "page": 1}',
        b'{"jobs": 5, "total": 1}',  # another shape: read as the row path reads it
        b'{"total": true}',
        b"[1, 2]",
    ],
)
def test_a_raw_page_holds_the_jobs_page_jobs_gives(body: bytes) -> None:
    from bulk_enrich.columnar.place_decode import raw_page
    from bulk_enrich.engine.jsonstream import loads
    from bulk_enrich.places.operations import page_jobs

    jobs, total = raw_page(body)
    expected_jobs, expected_total = page_jobs(loads(body))
    assert [loads(bytes(j)) if isinstance(j, msgspec.Raw) else j for j in jobs] == expected_jobs
    assert total == expected_total


@pytest.mark.parametrize("body", [b'{"jobs": [{"a": 01}]}', b'{"jobs": [{"a": 1}', b"nope"])
def test_a_raw_page_that_is_not_json_is_refused_as_json_is(body: bytes) -> None:
    from bulk_enrich.columnar.place_decode import raw_page

    with pytest.raises(ValueError, match=r"(?i)json|truncated|malformed"):
        raw_page(body)


@pytest.mark.parametrize(
    "item",
    [
        job("x", unexpected={"a": [1, {"b": 2**70}]}),  # a field the row path does not read
        job("x", job_metadata={"attribute_status": {"websites": "RUN"}, "model": "7"}),
        job("x", status=None),
        job("x", status=""),
        {k: v for k, v in job("x").items() if k != "status"},
        job("x", outputs={"a b": "spaced", "__class__": 1, "_x": True, "é": None}),
        job("x", confidence_scores={"a.b": 0.5, "": "LOW"}),
    ],
)
def test_what_the_row_path_reads_the_same_is_decoded(item: dict[str, Any]) -> None:
    raw = page([job("a"), item])
    assert_same(decode_page(raw), row_path(raw))


def test_a_page_decoded_as_it_arrives_is_counted_by_its_ids() -> None:
    from bulk_enrich.columnar.place_decode import DecodedPage, decoded_page, raw_page
    from bulk_enrich.engine.paging import Page

    raw = json.dumps({"jobs": ADVERSARIAL[:4], "total": 9, "limit": 4}).encode()
    found = decoded_page(raw, PlaceDecoder())
    assert isinstance(found, DecodedPage)
    assert (found.items, found.total) == (["p1", "p2", "p3", "p4"], 9)
    assert_same(found.batch, row_path(raw))
    odd = page([job("a"), job("x", status=3)])  # the row path's: as raw_page reads it
    assert decoded_page(odd, PlaceDecoder()) == Page(*raw_page(odd))
    with pytest.raises(ValueError, match=r"(?i)json|truncated|malformed"):
        decoded_page(b'{"jobs": [', PlaceDecoder())


def test_a_frames_tally_and_rows_are_the_lists_ones() -> None:
    from bulk_enrich.cli.place_api import AttributeTally

    raw = page([ADVERSARIAL[i] for i in (0, 2, 3, 4, 5, 8)])
    batch = decode_page(raw)
    assert batch is not None
    assert batch.frame is not None  # every column of one type here
    lists = row_path(raw)
    assert sorted(batch.rows()) == sorted(lists.rows())
    tallies = []
    for columns in (batch.series(), lists.columns):
        tally = AttributeTally(["websites", "phoneNumbers", "openingHours"], "attribute")
        tally.add_columns(columns, len(batch))
        tallies.append(tally)
    assert tallies[0] == tallies[1]
    assert tallies[0].rows == 6
