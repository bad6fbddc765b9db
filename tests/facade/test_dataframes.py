"""DataFrame in, DataFrame out: aligned indexes, coerced inputs, one schema per run."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from bulk_enrich import InvalidInputError, PingData, PlaceEnrichment
from bulk_enrich_emulator import EmulatorHandle

KEY = "emulator-key"


def frame(n: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": [f"loc-{i}" for i in range(n)],
            "address": [f"{i} Main St, Springfield, IL 62701" for i in range(n)],
            "tag": [f"row-{i}" for i in range(n)],
        }
    )


def aligned(emulator: EmulatorHandle, sub: pd.DataFrame) -> None:
    """Every row of ``sub`` joined back gets its own result, and no other."""
    with PingData(api_key=KEY, base_url=emulator.base_url) as ping:
        out = ping.enhance_many(sub, sources=["PG"], chunk_size=7).to_pandas()
    assert out.index.equals(sub.index)
    joined = sub.join(out.add_prefix("out."))
    assert (joined["id"] == joined["out.id"]).all()
    assert joined["out.PG.latitude"].notna().all()


@pytest.mark.parametrize("kind", ["filtered", "shuffled", "non-default"])
def test_join_back_puts_every_result_on_its_own_row(emulator: EmulatorHandle, kind: str) -> None:
    full = frame(30)
    if kind == "filtered":
        sub = full[full.index % 2 == 1]
    elif kind == "shuffled":
        sub = full.sample(frac=1.0, random_state=7)
    else:
        sub = full.set_index(pd.Index(range(100_000, 100_090, 3), name="row"))
    aligned(emulator, sub)


def test_join_back_for_places(emulator: EmulatorHandle) -> None:
    stores = pd.DataFrame(
        {"place_id": ["s1", "s2", "s3"], "name": ["Joe's Pizza", "Cafe", "Deli"]},
        index=["z", "x", "y"],
    )
    with PlaceEnrichment(api_key=KEY, base_url=emulator.base_url, org_slug="acme") as places:
        out = places.enrich_many(stores, attributes=["websites"]).to_pandas()
    assert list(out.index) == ["z", "x", "y"]
    assert (stores.join(out.add_prefix("out."))["out.place_id"] == stores["place_id"]).all()


def test_arrow_hand_over_keeps_the_index(emulator: EmulatorHandle) -> None:
    pa = pytest.importorskip("pyarrow")
    sub = frame(10).set_index(pd.Index(range(50, 60), name="row"))
    with PingData(api_key=KEY, base_url=emulator.base_url) as ping:
        out = ping.enhance_many(sub, sources=["PG"]).to_pandas()
    table = pa.Table.from_pandas(out, preserve_index=True)
    assert table.column("row").to_pylist() == list(range(50, 60))
    assert table.column("id").to_pylist() == list(sub["id"])


def test_an_int64_zip_column_enriches_every_row(emulator: EmulatorHandle) -> None:
    data = pd.DataFrame(
        {"id": ["a", "b", "c", "d"], "postal_code": [62701, 2134, 10001, 606011234]},
        index=[10, 20, 30, 40],
    )
    assert str(data["postal_code"].dtype) == "int64"
    with PingData(api_key=KEY, base_url=emulator.base_url) as ping:
        results = ping.enhance_many(data, sources=["PG"])
    assert all(r.is_success for r in results.values()), results.failures()
    assert results["b"]["PG"].postal_code == "02134"  # the leading zero was kept


def test_values_the_server_would_refuse_are_named_by_label_and_column(
    emulator: EmulatorHandle,
) -> None:
    data = pd.DataFrame(
        {"id": ["a", "b", "c"], "postal_code": [62701.0, 12.5, -4.0], "city": ["x", "y", "z"]},
        index=["first", "second", "third"],
    )
    with (
        PingData(api_key=KEY, base_url=emulator.base_url) as ping,
        pytest.raises(InvalidInputError) as exc,
    ):
        ping.enhance_many(data, sources=["PG"])
    assert exc.value.rows == ["second", "third"]
    assert "row 'second'" in str(exc.value)
    assert "postal_code" in str(exc.value)
    assert emulator.app.stats.jobs_created == 0  # nothing was sent


def columns_of(emulator: EmulatorHandle, locs: list[dict[str, Any]]) -> tuple[list[str], Any]:
    with PingData(api_key=KEY, base_url=emulator.base_url) as ping:
        results = ping.enhance_many(locs, sources=["PG", "PH"], on_invalid="fail")
    rows = results.to_rows()
    assert all(list(row) == list(rows[0]) for row in rows)
    return list(rows[0]), results.to_pandas()


def test_runs_whose_first_rows_differ_have_identical_columns(emulator: EmulatorHandle) -> None:
    good = {"id": "good", "address": "1 Main St, Springfield, IL 62701"}
    bad = {"id": "bad", "city": "Nowhere"}  # valid input the server cannot locate
    first_ok, frame_ok = columns_of(emulator, [good, bad])
    first_bad, frame_bad = columns_of(emulator, [bad, good])
    all_bad, frame_all_bad = columns_of(emulator, [bad])
    assert first_ok == first_bad
    assert [c for c in first_ok if c in all_bad] == all_bad  # the same order, no extras
    assert set(all_bad) >= {"id", "PG.latitude", "PH.fema_flood_zone", "PG.is_success"}
    for data in (frame_ok, frame_bad, frame_all_bad):
        assert str(data["PG.latitude"].dtype) == "Float64"
        assert str(data["PG.status_code"].dtype) == "Int64"
        assert str(data["PG.is_cache_hit"].dtype) == "boolean"
        assert str(data["PG.is_success"].dtype) == "boolean"
        assert str(data["id"].dtype) == "string"
        assert str(data["PH.bldg_year_built"].dtype) == "Int64"


def test_missing_values_are_none_and_nested_values_share_the_row_names(
    emulator: EmulatorHandle,
) -> None:
    locs = [
        {"id": "ok", "address": "1 Main St, Springfield, IL 62701"},
        {"id": "bad", "city": "Nowhere"},
    ]
    with PingData(api_key=KEY, base_url=emulator.base_url) as ping:
        results = ping.enhance_many(locs, sources=["PG", "PH"])
    assert results["bad"]["PG"].latitude is None
    assert results["bad"]["PG"].is_success is False
    zone = results["ok"]["PH"].fema_flood_zone
    assert zone is not None
    assert zone == results["ok"].to_row()["PH.fema_flood_zone"]
    assert results["ok"]["PH"].get("wildfire_risk_score") is not None
