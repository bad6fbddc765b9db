"""Validation of locations and places, and deterministic chunk planning."""

from __future__ import annotations

import itertools
import json
import math

import pandas as pd
import pytest
from bulk_enrich.engine import chunking
from bulk_enrich.engine.chunking import ChunkFeed, json_size, plan_chunks
from bulk_enrich.engine.inputs import (
    normalize_locations,
    normalize_places,
    validate_attributes,
    validate_sources,
)
from bulk_enrich.errors import InvalidInputError
from ping_data_api.models.batch_location import BatchLocation


def test_every_offending_location_is_named() -> None:
    locations = [
        {"id": "a", "address": "1 Main St"},
        {"id": "a", "address": "2 Main St"},
        {"id": "b", "address": ""},
        {"address": "3 Main St"},
        {"id": 7, "address": "4 Main St"},
        {"id": "c", "latitude": 95.0, "longitude": 0.0},
    ]
    with pytest.raises(InvalidInputError) as info:
        normalize_locations(locations)
    err = info.value
    indexes = [p[0] for p in err.problems]
    assert indexes == [1, 2, 3, 4, 5]
    assert "duplicate id" in str(err)
    assert "'b'" in str(err)
    assert "missing id" in str(err)
    assert set(err.ids) == {"a", "b", "c"}


def test_valid_locations_are_not_copied_or_mutated() -> None:
    loc = {"id": "x", "latitude": 40.0, "longitude": -75.0}
    items, rejected = normalize_locations([loc, {"id": "y", "city": "Springfield"}])
    assert items[0] is loc
    assert rejected == {}
    assert loc == {"id": "x", "latitude": 40.0, "longitude": -75.0}


def test_on_invalid_fail_keeps_unlocatable_rows_as_failures_but_ids_still_raise() -> None:
    items, rejected = normalize_locations(
        [{"id": "a", "address": "1 Main"}, {"id": "b"}], on_invalid="fail"
    )
    assert [i["id"] for i in items] == ["a", "b"]
    assert list(rejected) == ["b"]
    with pytest.raises(InvalidInputError):
        normalize_locations(
            [{"id": "a", "address": "x"}, {"id": "a", "address": "y"}], on_invalid="fail"
        )


def test_models_and_dataframes_are_accepted() -> None:
    model = BatchLocation(id="m1", address="1 Main St")
    items, _ = normalize_locations([model])
    assert items[0]["id"] == "m1"
    frame = pd.DataFrame(
        [
            {"id": "d1", "address": "1 Main St", "latitude": math.nan},
            {"id": "d2", "address": None, "latitude": 1.0},
        ]
    )
    with pytest.raises(InvalidInputError) as info:
        normalize_locations(frame)
    assert info.value.ids == ["d2"]  # d2 has a latitude but no longitude and no address
    items, _ = normalize_locations(frame.iloc[:1])
    assert items[0]["latitude"] is None  # NaN is not valid JSON


def test_sources_and_attributes_must_be_non_empty() -> None:
    with pytest.raises(InvalidInputError):
        validate_sources([])
    with pytest.raises(InvalidInputError):
        validate_sources("PG")
    with pytest.raises(InvalidInputError):
        validate_sources(["P G"])
    assert validate_sources(["PG", "PH", "PG"]) == ["PG", "PH"]
    with pytest.raises(InvalidInputError):
        validate_attributes([], None)
    with pytest.raises(InvalidInputError):
        validate_attributes(["websites"], "core")
    assert validate_attributes(None, "core") == (None, "core")


def test_places_need_a_name_and_unique_ids() -> None:
    with pytest.raises(InvalidInputError) as info:
        normalize_places(
            [
                {"place_id": "p1", "name": "A"},
                {"place_id": "p1", "name": "B"},
                {"place_id": "p2", "inputs": {"full_address": "1 Main"}},
                {"id": "p3", "name": "C", "country_code": "usa"},
            ]
        )
    assert info.value.ids == ["p1", "p2", "p3"]
    jobs = normalize_places([{"id": "p9", "name": "Shop", "full_address": "1 Main", "phone": None}])
    assert jobs == [{"place_id": "p9", "inputs": {"name": "Shop", "full_address": "1 Main"}}]


def test_more_than_50000_places_in_one_batch_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="50,000"):
        normalize_places(
            [{"place_id": f"p{i}", "name": "x"} for i in range(50_001)], max_items=50_000
        )


def test_chunks_are_deterministic_contiguous_and_bounded() -> None:
    items = [{"id": str(i), "address": "x" * (i % 50)} for i in range(1000)]
    a = plan_chunks(items, 300, 10_000)
    b = plan_chunks(items, 300, 10_000)
    assert a == b
    assert a[0].start == 0
    assert a[-1].stop == 1000
    assert all(x.stop == y.start for x, y in itertools.pairwise(a))
    assert all(len(c) <= 300 for c in a)
    assert all(json_size(items[c.start : c.stop]) <= 10_000 for c in a)
    assert [c.index for c in a] == list(range(len(a)))


def test_unserialisable_input_is_refused_before_sending() -> None:
    with pytest.raises(InvalidInputError):
        plan_chunks([{"id": "a", "address": "x", "extra": object()}], 10, 1_000_000)
    with pytest.raises(InvalidInputError):
        plan_chunks([{"id": "a", "address": "x", "v": math.inf}], 10, 1_000_000)


def test_a_feed_keeps_each_chunks_json_for_its_request_within_a_budget(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    items = [{"id": str(i), "address": "x" * (i % 50)} for i in range(1000)]
    feed = ChunkFeed(iter(items), lambda _index, item: item, 300, 10_000)
    chunks = list(iter(feed.next_chunk, None))
    assert chunks == plan_chunks(items, 300, 10_000)  # the same plan as from a list
    for chunk in chunks:
        text = feed.take_encoded(chunk)
        assert text is not None
        assert json.loads(text) == items[chunk.start : chunk.stop]
        assert feed.take_encoded(chunk) is None  # handed out once
    # Over the budget the oldest go first (a resumed chunk is never sent: its JSON must not
    # stay for the whole run).
    monkeypatch.setattr(chunking, "KEEP_ENCODED_BYTES", 25_000)
    feed = ChunkFeed(iter(items), lambda _index, item: item, 300, 10_000)
    chunks = list(iter(feed.next_chunk, None))
    kept = [c.index for c in chunks if feed.take_encoded(c) is not None]
    assert kept == [c.index for c in chunks][-len(kept) :]
    assert 2 <= len(kept) < len(chunks)


class _Columns:
    """Items that write their own JSON (as the CLI's columns do), counting the dicts made."""

    def __init__(self, items: list[dict[str, object]]) -> None:
        self.items = items
        self.keys = frozenset({"id", "address"})
        self.made = 0

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, span: slice) -> list[dict[str, object]]:
        self.made += len(self.items[span])
        return self.items[span]

    def json_array(self, start: int, stop: int) -> bytes:
        return json.dumps(self.items[start:stop], separators=(",", ":")).encode()

    def values_of(self, key: str, start: int, stop: int) -> list[object]:
        return [item[key] for item in self.items[start:stop]]


def test_items_that_write_their_own_json_are_planned_alike_without_a_dict_each(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    items = [{"id": str(i), "address": "x" * (i % 50)} for i in range(1000)]
    columns = _Columns(items)
    assert isinstance(columns, chunking.EncodedItems)
    feed = ChunkFeed.of_encoded(columns, 300, 10_000)
    chunks = list(iter(feed.next_chunk, None))
    assert chunks == plan_chunks(items, 300, 10_000)  # halved where too large, as from a list
    assert feed.done
    assert feed.items is columns
    for chunk in chunks:
        assert feed.take_encoded(chunk) == chunking.json_array(items[chunk.start : chunk.stop])
    assert chunking.values_of(columns, "id", 5, 8) == ["5", "6", "7"]
    assert columns.made == 0  # nothing was made a dict of
    # Past the budget, a chunk's JSON is written again when its request needs it.
    monkeypatch.setattr(chunking, "KEEP_ENCODED_BYTES", 25_000)
    feed = ChunkFeed.of_encoded(columns, 300, 10_000)
    chunks = list(iter(feed.next_chunk, None))
    assert all(feed.take_encoded(c) == columns.json_array(c.start, c.stop) for c in chunks)
    assert ChunkFeed.of_encoded(_Columns([]), 300).next_chunk() is None
