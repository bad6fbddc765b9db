"""The CLI hands its items to the client as :class:`Checked`: the client's own check, which it
then skips, would have returned every one of them unchanged and found nothing wrong.

Checked on the bench data, the example portfolio and store list, and the messy inputs of the
columnar-input tests, both with the columnar input stage and with the row-wise one.
"""

from __future__ import annotations

from pathlib import Path

import orjson
import polars as pl
import pytest
from bulk_enrich import batches
from bulk_enrich.cli import prepare as prepare_module
from bulk_enrich.cli.columnar_layout import item_struct
from bulk_enrich.cli.lazyitems import Encoding, LazyItems
from bulk_enrich.cli.options import build_options
from bulk_enrich.cli.parser import build_parser
from bulk_enrich.cli.ping_api import PingApi
from bulk_enrich.cli.place_api import PlaceApi
from bulk_enrich.engine.inputs import LocationCheck, PlaceCheck, place_job
from hypothesis import given
from hypothesis import strategies as st

from bench import datagen

from .conftest import SOV_HEADER, SOV_ROWS, write_csv

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
COMMON = ["--api-key", "k", "--base-url", "http://127.0.0.1:9"]


def _sent(path: Path, kind: str, work: Path) -> list[dict[str, object]]:
    if kind == "ping":
        argv = ["ping", "enhance", str(path), "-o", str(work / "o.csv"), *COMMON, "--sources", "PG"]
    else:
        argv = ["places", "enrich", str(path), "-o", str(work / "o.csv"), *COMMON,
                "--org", "o", "--attributes", "websites"]  # fmt: skip
    options = build_options(build_parser().parse_args(argv))
    api = PingApi(options) if kind == "ping" else PlaceApi(options)
    prepared = prepare_module.prepare(api, options.run, work / "spool")
    prepared.rows.close()
    assert prepared.sent
    return prepared.sent


def _inputs(tmp_path: Path) -> list[tuple[Path, str]]:
    return [
        (datagen.locations_csv(tmp_path / "data", 3_000), "ping"),
        (EXAMPLES / "sov.csv", "ping"),
        (write_csv(tmp_path / "sov.csv", SOV_HEADER, SOV_ROWS), "ping"),
        (datagen.places_csv(tmp_path / "data", 2_000), "places"),
        (EXAMPLES / "stores.csv", "places"),
    ]


@pytest.mark.parametrize("columnar", [True, False])
def test_a_second_check_would_change_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, columnar: bool
) -> None:
    monkeypatch.setattr(batches, "ENABLED", columnar)
    for path, kind in _inputs(tmp_path):
        sent = _sent(path, kind, tmp_path)
        if columnar and "data" in path.parts:  # the bench data: items made as they are read
            assert isinstance(sent, LazyItems)
        if kind == "ping":
            ping_check = LocationCheck("raise")
            for index, item in enumerate(sent):
                checked, problems = ping_check.check(index, item)
                assert problems == [], (path.name, item)
                assert checked is item  # not even copied: nothing to change
        else:
            place_check = PlaceCheck()
            for index, item in enumerate(sent):
                checked, problems = place_check.check(index, item)
                assert problems == [], (path.name, item)
                assert checked == place_job(index, item)


def test_items_write_the_json_their_dicts_give(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run sends the JSON :class:`LazyItems` write from their columns, not their dicts'."""
    monkeypatch.setattr(batches, "ENABLED", True)
    seen = 0
    for path, kind in _inputs(tmp_path):
        sent = _sent(path, kind, tmp_path)
        if not isinstance(sent, LazyItems):
            continue
        seen += 1
        n = len(sent)
        for start, stop in [(0, n), (0, 1), (n // 3, n // 2), (n - 1, n), (2, 2)]:
            made = sent[start:stop]
            assert len(made) == max(stop - start, 0)
            assert sent.json_array(start, stop) == orjson.dumps(made), path.name
            key = "id" if kind == "ping" else "place_id"
            assert sent.values_of(key, start, stop) == [item[key] for item in made]
            assert all(item.keys() == sent.keys for item in made)
    assert seen >= 2  # the bench's locations and places


_TEXT = st.text(st.characters(blacklist_categories=["Cs"]))  # polars holds no lone surrogate
_FLOAT = st.floats(allow_nan=False, allow_infinity=False)


@given(st.lists(st.tuples(_TEXT, _FLOAT, _TEXT, _FLOAT), max_size=12))
def test_polars_writes_the_json_orjson_writes(rows: list[tuple[str, float, str, float]]) -> None:
    payload = {"id": "", "latitude": 0.0, "inputs": {"name": "", "longitude": 0.0}}
    frame = pl.DataFrame(
        rows, schema={"v0": pl.String, "v1": pl.Float64, "v2": pl.String, "v3": pl.Float64},
        orient="row",
    )  # fmt: skip
    items = LazyItems(
        frame,
        lambda v0, v1, v2, v3: {"id": v0, "latitude": v1, "inputs": {"name": v2, "longitude": v3}},
        Encoding(item_struct(payload), {"id": "v0", "latitude": "v1"}, frozenset(payload)),
    )
    made = items[0 : len(rows)]
    assert made == [
        {"id": a, "latitude": b, "inputs": {"name": c, "longitude": d}} for a, b, c, d in rows
    ]
    assert items.json_array(0, len(rows)) == orjson.dumps(made)
    assert items.values_of("latitude", 0, len(rows)) == [b for _a, b, _c, _d in rows]
