"""``to_arrow()`` and ``to_polars()`` hand over the columns and values of ``to_pandas()``."""

from __future__ import annotations

import sys
from typing import Any

import pandas as pd
import pytest
from bulk_enrich import PingData, PlaceEnrichment
from bulk_enrich.tables import arrow_table, polars_frame
from bulk_enrich_emulator import EmulatorHandle

pa = pytest.importorskip("pyarrow")
pl = pytest.importorskip("polars")

KEY = "emulator-key"
#: pandas' nullable dtype -> the pyarrow type and the polars dtype of the same column.
SAME_TYPES = {
    "string": ("string", "String"),
    "Int64": ("int64", "Int64"),
    "Float64": ("double", "Float64"),
    "boolean": ("bool", "Boolean"),
}


def _cells(values: Any) -> list[Any]:
    return [None if v is None or v is pd.NA else v for v in values]


def assert_same(results: Any) -> None:
    """Column names, order, types and every value agree with ``to_pandas()``."""
    frame = results.to_pandas()
    table = results.to_arrow()
    polars = results.to_polars()
    assert table.column_names == list(frame.columns) == polars.columns
    assert table.num_rows == len(frame) == polars.height
    for name in frame.columns:
        expected = _cells(frame[name].tolist())
        assert table.column(name).to_pylist() == expected, name
        assert polars[name].to_list() == expected, name
        dtype = str(frame[name].dtype)
        if dtype in SAME_TYPES:
            arrow_type, polars_type = SAME_TYPES[dtype]
            assert str(table.schema.field(name).type) == arrow_type, name
            assert str(polars.schema[name]) == polars_type, name


def test_ping_columns_nulls_missing_sources_and_failed_jobs(emulator: EmulatorHandle) -> None:
    locs = [
        {"id": "ok", "address": "1 Main St, Springfield, IL 62701"},
        {"id": "pg-only", "address": "2 Main St, Springfield, IL 62701", "sources": ["PG"]},
        {"id": "nowhere-1", "city": "Nowhere"},  # a job of only these fails as a whole
        {"id": "nowhere-2", "city": "Nowhere"},
    ]
    with PingData(api_key=KEY, base_url=emulator.base_url) as ping:
        results = ping.enhance_many(locs, sources=["PG", "PH"], chunk_size=2)
    assert results.failed_jobs  # the second chunk's job failed
    assert not results["nowhere-1"].is_success
    assert_same(results)
    table = results.to_arrow()
    index = {loc_id: i for i, loc_id in enumerate(table.column("id").to_pylist())}
    years = table.column("PH.bldg_year_built").to_pylist()
    assert isinstance(years[index["ok"]], int)  # a nullable int stays an int
    assert years[index["pg-only"]] is None  # a source not asked for this location
    assert table.column("PG.is_success").to_pylist()[index["nowhere-2"]] is False


def test_places_with_failures(emulator_factory: Any) -> None:
    emu = emulator_factory(place_failure_rate=0.5)
    stores = [
        {"place_id": f"s{i}", "name": "Joe's Pizza", "full_address": f"{i} Main St, Springfield"}
        for i in range(12)
    ]
    with PlaceEnrichment(api_key=KEY, base_url=emu.base_url, org_slug="acme") as places:
        results = places.enrich_many(stores, attributes=["websites", "phoneNumbers"])
    assert results.failures()
    assert_same(results)
    assert results.to_polars()["place_id"].to_list() == [s["place_id"] for s in stores]


def test_values_that_fit_no_type_are_kept_as_text() -> None:
    columns = {"id": ["a", "b", "c"], "extra": [1, "x", None], "n": ["2", 3, None]}
    schema: dict[str, Any] = {"id": "str", "extra": None, "n": "int"}
    table = arrow_table(columns, schema)
    frame = polars_frame(columns, schema)
    assert table.column("extra").to_pylist() == ["1", "x", None]
    assert frame["extra"].to_list() == ["1", "x", None]
    assert table.column("n").to_pylist() == ["2", "3", None]
    assert frame["n"].to_list() == ["2", "3", None]


@pytest.mark.parametrize(("method", "module", "extra"), [
    ("to_arrow", "pyarrow", "formats"), ("to_polars", "polars", "fast"),
])  # fmt: skip
def test_a_missing_library_names_its_extra(
    emulator: EmulatorHandle, monkeypatch: pytest.MonkeyPatch, method: str, module: str, extra: str
) -> None:
    with PingData(api_key=KEY, base_url=emulator.base_url) as ping:
        locs = [{"id": "a", "address": "1 Main St, Springfield, IL"}]
        results = ping.enhance_many(locs, sources=["PG"])
    monkeypatch.setitem(sys.modules, module, None)  # import fails as if not installed
    with pytest.raises(ImportError, match=rf"bulk-enrich\[{extra}\]"):
        getattr(results, method)()
