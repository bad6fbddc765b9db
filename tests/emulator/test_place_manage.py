"""The emulator's Place results in the vendor's shape, and batch and job management."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from bulk_enrich_emulator import EmulatorHandle

ORG = "acme"
QUICK_START: dict[str, Any] = {
    "batch_name": "Q1 Store Locations",
    "jobs": [
        {
            "place_id": "store_001",
            "inputs": {
                "name": "Downtown Store",
                "full_address": "123 Main St, New York, NY 10001",
                "latitude": 40.7128,
                "longitude": -74.0060,
            },
        }
    ],
    "attributes": ["websites", "phoneNumbers", "categories"],
}
JOBS = "/place_enrichment/jobs"
BATCHES = "/place_enrichment/batches"


def client(emulator: EmulatorHandle) -> httpx.Client:
    return httpx.Client(
        base_url=emulator.place_base_url(ORG),
        headers={"Authorization": "Bearer emulator-key"},
        timeout=30,
    )


def places(count: int, prefix: str = "p") -> list[dict[str, Any]]:
    return [
        {"place_id": f"{prefix}{i}", "inputs": {"name": f"Cafe {i}", "city": "Miami"}}
        for i in range(count)
    ]


def create(http: httpx.Client, body: dict[str, Any] = QUICK_START) -> dict[str, Any]:
    answer = http.post(BATCHES, json=body)
    assert answer.status_code == 200, answer.text
    created: dict[str, Any] = answer.json()
    return created


def job(http: httpx.Client, place_id: str) -> dict[str, Any]:
    answer = http.get(f"{JOBS}/{place_id}")
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()
    return result


def test_results_have_the_vendors_shape(emulator_factory: Any) -> None:
    emulator = emulator_factory(mode="instant")
    body = {
        **QUICK_START,
        "jobs": [*QUICK_START["jobs"], {"place_id": "bare", "inputs": {"name": "Only A Name"}}],
        "attributes": ["address", "coordinates", "websites"],
    }
    with client(emulator) as http:
        create(http, body)
        done, failed = job(http, "store_001"), job(http, "bare")
    assert done["inputs"]["input_type"] == failed["inputs"]["input_type"] == "place"
    latitude, longitude = done["outputs"]["coordinates"]
    assert abs(latitude - 40.7) < 1
    assert abs(longitude + 74.0) < 1
    address = done["outputs"]["address"]
    assert address["full_address"].endswith("USA")
    assert address["city"] == "New York"
    meta = done["job_metadata"]["enrichment_metadata"]
    assert set(meta) == {"address", "coordinates", "websites"}
    assert all(isinstance(value, dict) for value in meta.values())
    assert isinstance(done["reasoning"], dict)
    assert "error" not in done["reasoning"]
    assert failed["status"] == "failed"
    assert "Not enough inputs" in failed["reasoning"]["error"]


def test_unfinished_job_has_reasoning(emulator_factory: Any) -> None:
    emulator = emulator_factory(mode="manual", polls_to_complete=100)
    with client(emulator) as http:
        create(http)
        pending = job(http, "store_001")
    assert pending["status"] not in ("completed", "failed")
    assert pending["reasoning"] == {}


@pytest.mark.parametrize(("setting", "expected"), [("null", None), ("filled", 1)])
def test_batch_metadata_null_or_filled(
    emulator_factory: Any, setting: str, expected: int | None
) -> None:
    emulator = emulator_factory(mode="instant", place_metadata=setting)
    with client(emulator) as http:
        created = create(http)
        listed = http.get(BATCHES).json()["batches"][0]
    for metadata in (created["metadata"], listed["metadata"]):
        assert (metadata and metadata["total_jobs"]) == expected


def test_delete_batch_stops_its_jobs(emulator_factory: Any) -> None:
    emulator = emulator_factory(mode="manual", polls_to_complete=100)
    with client(emulator) as http:
        batch_id = create(http, {"batch_name": "oops", "jobs": places(3)})["id"]
        create(http, {"batch_name": "keep", "jobs": places(1, "k")})
        gone = http.delete(f"{BATCHES}/{batch_id}")
        assert gone.status_code == 200
        assert gone.json()["id"] == batch_id
        assert http.get(f"{BATCHES}/{batch_id}").status_code == 404
        assert http.get(f"{JOBS}/p0").status_code == 404
        assert http.get(JOBS, params={"batchId": batch_id}).json()["total"] == 0
        assert [b["batch_name"] for b in http.get(BATCHES).json()["batches"]] == ["keep"]
        assert http.delete(f"{BATCHES}/{batch_id}").status_code == 404


def test_put_renames_and_refresh_reruns(emulator_factory: Any) -> None:
    emulator = emulator_factory(mode="instant")
    with client(emulator) as http:
        batch_id = create(http)["id"]
        renamed = http.put(f"{BATCHES}/{batch_id}", json={"batch_name": "Renamed"})
        assert renamed.status_code == 200
        assert http.get(f"{BATCHES}/{batch_id}").json()["batch_name"] == "Renamed"
        assert http.get(BATCHES, params={"query": "renamed"}).json()["total"] == 1
        before = job(http, "store_001")["job_metadata"]["enrichment_metadata"]["websites"]
        answer = http.post(f"{BATCHES}/refresh", json={"batch_ids": [batch_id, "nope"]})
        assert answer.json() == {"updated": [batch_id], "missing": ["nope"], "refresh": True}
        after = job(http, "store_001")["job_metadata"]["enrichment_metadata"]["websites"]
        assert http.get(BATCHES).json()["batches"][0]["refresh"] is True
        off = http.put(f"{BATCHES}/{batch_id}", json={"refresh": False})
        assert off.json()["refresh"] is False
        assert http.put(f"{BATCHES}/missing", json={"batch_name": "x"}).status_code == 404
    assert (before["attempt"], before["refresh"]) == (1, False)
    assert (after["attempt"], after["refresh"]) == (2, True)


def test_single_job_submit_reprocess_delete(emulator_factory: Any) -> None:
    emulator = emulator_factory(mode="instant")
    single = {"place_id": "solo", "inputs": QUICK_START["jobs"][0]["inputs"]}
    with client(emulator) as http:
        submitted = http.post(JOBS, json=single)
        assert submitted.status_code == 202
        assert submitted.json()["status"] == "pending"
        assert job(http, "solo")["status"] == "completed"
        again = http.post(f"{JOBS}/reprocess", json={"place_ids": ["solo", "ghost"]})
        assert again.json()["job_count"] == 1
        assert again.json()["missing"] == ["ghost"]
        meta = job(http, "solo")["job_metadata"]["enrichment_metadata"]
        assert all(step["attempt"] == 2 for step in meta.values())
        assert http.delete(f"{JOBS}/solo").status_code == 200
        assert http.get(f"{JOBS}/solo").status_code == 404
        assert http.delete(f"{JOBS}/solo").status_code == 404


def test_refresh_path_is_not_a_batch_id(emulator: EmulatorHandle) -> None:
    with client(emulator) as http:
        answer = http.request("OPTIONS", f"{BATCHES}/refresh")
    assert answer.headers.get("allow", "").replace(" ", "").split(",") in (
        ["POST"],
        ["OPTIONS", "POST"],
        ["POST", "OPTIONS"],
    )
