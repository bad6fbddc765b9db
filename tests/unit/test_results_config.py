"""Result objects, flattening, configuration resolution, errors."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from bulk_enrich.config import resolve_ping, resolve_place
from bulk_enrich.errors import AuthenticationError, BulkEnrichError, InvalidInputError
from bulk_enrich.results import (
    EnhanceResults,
    LocationResult,
    PlaceResult,
    PlaceResults,
    flatten,
    flatten_source,
)

PG = {
    "is_success": True,
    "error_message": None,
    "latitude": 40.1,
    "longitude": -75.2,
    "status_code": 200,
}
PH = {
    "is_success": True,
    "external_data": {"fema_flood_zone": "AE", "risk": {"wind": 3}},
    "tags": ["a", "b"],
}


def test_location_result_is_typed_lazily_and_keeps_raw_dicts() -> None:
    result = LocationResult("item-1", {"PG": PG, "PH": PH})
    assert result._typed is None
    assert result["PG"].latitude == 40.1
    assert result["PG"] is result["PG"]
    assert result.is_success
    assert result.errors() == {}
    assert result.error_message is None
    assert result.raw["PG"] is PG


def test_unforeseen_source_items_do_not_crash() -> None:
    result = LocationResult(
        "x", {"NEW": {"weird": 1}, "PG": {"is_success": "yes", "latitude": "n/a"}}
    )
    assert result["NEW"].is_success is False
    assert result["NEW"].additional_properties["weird"] == 1
    assert not result.is_success
    assert set(result.errors()) == {"NEW", "PG"}


def test_flatten_gives_source_dot_field_columns() -> None:
    row = flatten("item-1", {"PG": PG, "PH": PH})
    assert row["id"] == "item-1"
    assert row["PG.latitude"] == 40.1
    assert row["PG.is_success"] is True
    assert row["PH.fema_flood_zone"] == "AE"
    assert row["PH.risk.wind"] == 3
    assert row["PH.tags"] == "a; b"
    assert row["PH.error_message"] is None
    failed = LocationResult.failure("z", ["PG"], "no address").to_row()
    assert failed == {
        "id": "z",
        "PG.is_success": False,
        "PG.error_message": "no address",
        "PG.status_code": None,
    }


def _reference_cell(value: Any) -> Any:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "; ".join(value)
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value


def _reference_into(row: dict[str, Any], prefix: str, data: dict[str, Any]) -> None:
    for key, value in data.items():
        if isinstance(value, dict) and key != "raw_response":
            _reference_into(row, f"{prefix}.{key}", value)
        elif row.get(f"{prefix}.{key}") is None:
            row[f"{prefix}.{key}"] = _reference_cell(value)


def _reference_source(code: str, item: dict[str, Any]) -> dict[str, Any]:
    """The flattening rules, spelled out one field at a time."""
    row: dict[str, Any] = {f"{code}.is_success": None, f"{code}.error_message": None}
    row[f"{code}.error_message"] = item.get("error_message")
    for key, value in item.items():
        if isinstance(value, dict) and key not in ("external_data", "raw_response"):
            _reference_into(row, f"{code}.{key}", value)
        elif key != "external_data" or not isinstance(value, dict):
            row[f"{code}.{key}"] = _reference_cell(value)
    row[f"{code}.is_success"] = item.get("is_success") is True
    if isinstance(item.get("external_data"), dict):
        _reference_into(row, code, item["external_data"])
    return row


def test_flatten_source_follows_the_rules_whatever_the_shape() -> None:
    rng = random.Random(5)
    keys = ["is_success", "error_message", "latitude", "external_data", "raw_response", "x"]

    def value(depth: int = 0) -> Any:
        kind = rng.randrange(8 if depth < 2 else 6)
        if kind == 6:
            return {k: value(depth + 1) for k in rng.sample(keys, rng.randrange(4))}
        if kind == 7:
            return {k: rng.choice([None, 1, "z", 2.0]) for k in rng.sample(keys, 3)}
        return [None, True, 1, 2.5, "s", ["a", "b"]][kind]

    for _ in range(5_000):
        item = {k: value() for k in rng.sample(keys, rng.randrange(len(keys) + 1))}
        got, expected = flatten_source("PH", item), _reference_source("PH", item)
        assert got == expected
        assert list(got) == list(expected)  # the same column order


def test_enhance_results_keep_order_and_convert() -> None:
    items = [
        ("b", LocationResult("b", {"PG": PG})),
        ("a", LocationResult.failure("a", ["PG"], "nope")),
    ]
    results = EnhanceResults(items, jobs=["j1"])
    assert list(results) == ["b", "a"]
    assert list(results.failures()) == ["a"]
    frame = results.to_pandas()
    assert list(frame["id"]) == ["b", "a"]
    assert "PG.latitude" in frame.columns


def test_place_result_rows() -> None:
    raw = {
        "place_id": "p1",
        "status": "completed",
        "inputs": {"name": "Joe"},
        "outputs": {
            "website": "https://joe.example",
            "categories": ["pizza", "food"],
            "opening_hours": {"mon": "9-5"},
        },
        "job_metadata": {"attribute_status": {"websites": "RUN", "categories": "SOMETHING_NEW"}},
        "confidence_scores": {"website": "HIGH"},
        "reasoning": {},
    }
    result = PlaceResult("p1", raw)
    row = result.to_row()
    assert row["website"] == "https://joe.example"
    assert row["categories"] == "pizza; food"
    assert row["opening_hours"] == '{"mon": "9-5"}'
    assert row["attribute_status.categories"] == "SOMETHING_NEW"
    assert row["confidence.website"] == "HIGH"
    assert result.is_success
    assert result.model is not None
    odd = PlaceResult("p2", {"place_id": "p2", "status": "brand_new_state"})
    assert odd.model is None
    assert not odd.is_success
    assert odd.error_message
    results = PlaceResults([("p1", result), ("p2", odd)], batches=["b1"])
    assert list(results.failures()) == ["p2"]
    assert results.jobs == ["b1"]


def test_ping_key_resolution_order(tmp_path: Path) -> None:
    ini = tmp_path / "pingintel.ini"
    ini.write_text(
        "[pingdata]\nPINGDATA_AUTH_TOKEN = from-ini\nPINGDATA_AUTH_TOKEN_STG = stg-ini\n"
    )
    assert (
        resolve_ping("arg", None, env={"PING_DATA_AUTH_TOKEN": "env"}, config_file=ini)[0] == "arg"
    )
    assert (
        resolve_ping(None, None, env={"PING_DATA_AUTH_TOKEN": "env"}, config_file=ini)[0] == "env"
    )
    key, url = resolve_ping(None, None, env={}, config_file=ini)
    assert key == "from-ini"
    assert url == "https://data-api.sovfixer.com"
    key, url = resolve_ping(None, None, "staging", env={}, config_file=ini)
    assert key == "stg-ini"
    assert url == "https://data-api-staging.sovfixer.com"
    assert (
        resolve_ping("k", None, env={"PING_DATA_BASE_URL": "http://127.0.0.1:9/"})[1]
        == "http://127.0.0.1:9"
    )
    with pytest.raises(AuthenticationError):
        resolve_ping(None, None, env={}, config_file=tmp_path / "missing.ini")


def test_place_resolution_accepts_host_root_or_org_url() -> None:
    env = {"PLACE_ENRICHMENT_API_KEY": "k", "PLACE_ENRICHMENT_ORG": "acme"}
    assert resolve_place(None, None, None, env=env) == ("k", "https://api.repromptai.com", "acme")
    assert resolve_place(None, "http://127.0.0.1:5/v1/zeta", None, env=env) == (
        "k",
        "http://127.0.0.1:5",
        "zeta",
    )
    assert (
        resolve_place(None, None, None, env={"REPROMPT_API_KEY": "r", "PLACE_ENRICHMENT_ORG": "o"})[
            0
        ]
        == "r"
    )
    with pytest.raises(BulkEnrichError):
        resolve_place("k", "http://h/v1/zeta", "acme", env={})
    with pytest.raises(BulkEnrichError):
        resolve_place("k", None, None, env={})
    with pytest.raises(AuthenticationError):
        resolve_place(None, None, "acme", env={})


def test_invalid_input_error_lists_problems_compactly() -> None:
    problems = [(i, f"id{i}", "bad") for i in range(30)]
    err = InvalidInputError("invalid locations", problems=problems)
    assert "id0" in str(err)
    assert "and 10 more" in str(err)
    assert len(err.ids) == 30
    assert isinstance(err, ValueError)
