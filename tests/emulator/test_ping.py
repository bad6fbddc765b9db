"""The Ping.Data side of the emulator, over real HTTP on loopback."""

from __future__ import annotations

import gzip
import json
import time
import uuid
from typing import Any

import httpx
import pytest
import zipcodes
from bulk_enrich_emulator import EmulatorHandle

TOKEN = {"Authorization": "Token emulator-key"}
TWO = {
    "locations": [
        {"id": "item-1", "address": "123 main st, miami, fl", "sources": ["PG", "PH"]},
        {"id": "item-2", "address": "456 elm st, los angeles, ca", "sources": ["PG", "PH"]},
    ],
    "sources": ["PG", "PH"],
}


def client(emulator: EmulatorHandle, **headers: str) -> httpx.Client:
    return httpx.Client(base_url=emulator.base_url, headers={**TOKEN, **headers}, timeout=30)


def wait_done(http: httpx.Client, job_id: str, limit: float = 30) -> dict[str, Any]:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        answer = http.get(f"/api/v1/bulk_enhance/{job_id}")
        assert answer.status_code == 200, answer.text
        body: dict[str, Any] = answer.json()
        if body["request"]["status"] in ("COMPLETE", "FAILED"):
            return body
        time.sleep(0.02)
    raise AssertionError(f"job {job_id} did not finish")


def run_job(http: httpx.Client, payload: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    started = http.post("/api/v1/bulk_enhance", json=payload)
    assert started.status_code in (200, 201), started.text
    status = wait_done(http, started.json()["id"])
    output = http.get(status["result"]["outputs"][0]["url"])
    assert output.status_code == 200, output.text
    return status, output.json()


def test_documented_workflow_with_only_the_base_url_changed(emulator: EmulatorHandle) -> None:
    with client(emulator) as http:
        started = http.post("/api/v1/bulk_enhance", json=TWO)
        assert started.status_code in (200, 201)
        body = started.json()
        assert body["message"] == "OK"
        uuid.UUID(body["id"])
        status = wait_done(http, body["id"])
        assert status["request"]["status"] == "COMPLETE"
        assert status["request"]["num_requested"] == 2
        assert status["request"]["num_completed"] == 2
        assert status["result"]["status"] == "SUCCESS"
        (output,) = status["result"]["outputs"]
        assert output["filename"] == f"output-data-{body['id']}.json"
        assert output["url"] == (
            f"{emulator.base_url}/api/v1/bulk_enhance/{body['id']}/output/{output['filename']}"
        )
        download = http.get(output["url"])
        assert download.status_code == 200
        assert int(download.headers["content-length"]) == len(download.content)
        data = download.json()
        assert set(data) == {"item-1", "item-2"}
        for item in data.values():
            assert set(item) == {"PG", "PH"}
            assert item["PG"]["is_success"] is True
            assert item["PG"]["status_code"] == 200
            assert "fema_flood_zone" in item["PH"]["external_data"]
        assert data["item-1"]["PG"]["state"] == "FL"
        assert data["item-2"]["PG"]["state"] == "CA"
        sources = {entry["source"]: entry for entry in status["result"]["sources"]}
        assert {"PG", "PH", "PGPRE"} <= set(sources)
        assert sources["PG"]["num_fetched"] == 2
        assert sources["PG"]["num_successes"] == 2


def test_job_moves_through_its_life_cycle_and_counters_advance(
    emulator_factory: Any,
) -> None:
    emulator = emulator_factory(rate=400.0, queue_delay=0.3)
    payload = {
        "locations": [{"id": f"L{i}", "address": f"{i} oak ave, austin, tx"} for i in range(200)],
        "sources": ["PG"],
    }
    seen: list[str] = []
    completed: list[int] = []
    with client(emulator) as http:
        job_id = http.post("/api/v1/bulk_enhance", json=payload).json()["id"]
        while True:
            request = http.get(f"/api/v1/bulk_enhance/{job_id}").json()["request"]
            if not seen or seen[-1] != request["status"]:
                seen.append(request["status"])
            completed.append(request["num_completed"])
            if request["status"] == "COMPLETE":
                break
            time.sleep(0.01)
    assert seen[0] in ("PENDING", "QUEUED")
    assert "IN_PROGRESS" in seen
    assert seen[-1] == "COMPLETE"
    order = ["PENDING", "QUEUED", "IN_PROGRESS", "COMPLETE"]
    assert [order.index(s) for s in seen] == sorted(order.index(s) for s in seen)
    assert completed == sorted(completed)
    assert len({c for c in completed if 0 < c < 200}) > 0
    assert emulator.stats()["status_polls"][job_id] == len(completed)


def test_gzip_body_and_extra_fields_are_accepted(emulator: EmulatorHandle) -> None:
    payload = {
        **TWO,
        "check_cache": False,
        "include_raw_response": True,
        "callback_url": "https://example.invalid/hook",
        "delegate_to": "someone",
        "timeout": 30.0,
    }
    with client(emulator) as http:
        started = http.post(
            "/api/v1/bulk_enhance",
            content=gzip.compress(json.dumps(payload).encode()),
            headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
        )
        assert started.status_code == 200, started.text
        status = wait_done(http, started.json()["id"])
        data = http.get(status["result"]["outputs"][0]["url"]).json()
    assert data["item-1"]["PG"]["is_cache_hit"] is False
    assert "raw_response" in data["item-1"]["PG"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"sources": ["PG"]}, "locations"),
        ({"locations": [{"id": "a", "latitude": 91}], "sources": ["PG"]}, "locations[0].latitude"),
        ({"locations": [{"address": "x"}], "sources": ["PG"]}, "locations[0].id"),
        ({"locations": [{"id": "a"}], "sources": "PG"}, "sources"),
        ({"locations": [{"id": "a"}], "sources": ["PG"], "timeout": "soon"}, "timeout"),
    ],
)
def test_bad_body_gets_400_naming_the_field(
    emulator: EmulatorHandle, payload: dict[str, Any], field: str
) -> None:
    with client(emulator) as http:
        answer = http.post("/api/v1/bulk_enhance", json=payload)
    assert answer.status_code == 400
    body = answer.json()
    assert body["field"] == field
    assert field in body["message"]
    assert emulator.stats()["jobs_created"] == 0


def test_invalid_json_and_bad_gzip_get_400(emulator: EmulatorHandle) -> None:
    with client(emulator) as http:
        assert http.post("/api/v1/bulk_enhance", content=b"{nope").status_code == 400
        bad_gzip = http.post(
            "/api/v1/bulk_enhance", content=b"not gzip", headers={"Content-Encoding": "gzip"}
        )
        assert bad_gzip.status_code == 400


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Token wrong"}, {"Authorization": "Bearer emulator-key"}],
)
def test_bad_or_missing_key_gets_the_spec_401(
    emulator: EmulatorHandle, headers: dict[str, str]
) -> None:
    with httpx.Client(base_url=emulator.base_url, headers=headers) as http:
        for answer in (
            http.post("/api/v1/bulk_enhance", json=TWO),
            http.get(f"/api/v1/bulk_enhance/{uuid.uuid4()}"),
            http.get("/api/v1/datasources"),
        ):
            assert answer.status_code == 401
            body = answer.json()
            assert set(body) == {"id", "message"}
            uuid.UUID(body["id"])
    assert emulator.stats()["jobs_created"] == 0


def test_more_than_one_ping_key_can_be_accepted(emulator_factory: Any) -> None:
    emulator = emulator_factory(ping_api_keys=("k1", "k2"))
    for key in ("k1", "k2"):
        answer = httpx.get(
            f"{emulator.base_url}/api/v1/datasources", headers={"Authorization": f"Token {key}"}
        )
        assert answer.status_code == 200
    answer = httpx.get(
        f"{emulator.base_url}/api/v1/datasources", headers={"Authorization": "Token emulator-key"}
    )
    assert answer.status_code == 401


def test_unknown_job_and_file_get_404(emulator: EmulatorHandle) -> None:
    with client(emulator) as http:
        assert http.get(f"/api/v1/bulk_enhance/{uuid.uuid4()}").status_code == 404
        status, _ = run_job(http, TWO)
        url = status["result"]["outputs"][0]["url"]
        assert http.get(url.replace("output-data-", "other-")).status_code == 404
        assert http.get("/api/v1/datasources/NOPE").status_code == 404
        assert http.get("/api/v1/nothing-here").status_code == 404


def test_output_is_404_until_the_file_exists_when_output_lag_is_set(
    emulator_factory: Any,
) -> None:
    emulator = emulator_factory(output_lag=0.5)
    with client(emulator) as http:
        job_id = http.post("/api/v1/bulk_enhance", json=TWO).json()["id"]
        status = wait_done(http, job_id)
        assert status["request"]["status"] == "COMPLETE"
        url = status["result"]["outputs"][0]["url"]
        assert http.get(url).status_code == 404
        deadline = time.monotonic() + 10
        while (answer := http.get(url)).status_code == 404 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert answer.status_code == 200
    assert emulator.stats()["downloads"][job_id] == 1


def test_location_without_address_or_coordinates_fails_per_source(
    emulator: EmulatorHandle,
) -> None:
    payload = {
        "locations": [
            {"id": "ok", "address": "1 main st, denver, co"},
            {"id": "empty"},
            {"id": "coords", "latitude": 40.7128, "longitude": -74.006},
        ],
        "sources": ["PG", "PH"],
    }
    with client(emulator) as http:
        status, data = run_job(http, payload)
    assert status["request"]["status"] == "COMPLETE"
    assert status["request"]["num_problems"] == 1
    for code in ("PG", "PH"):
        assert data["empty"][code]["is_success"] is False
        assert data["empty"][code]["error_message"]
        assert data["ok"][code]["is_success"] is True
    assert data["coords"]["PG"]["state"] == "NY"
    sources = {entry["source"]: entry for entry in status["result"]["sources"]}
    assert sources["PG"]["num_fails"] == 1
    assert sources["PG"]["num_successes"] == 2


def test_job_where_nothing_can_be_enriched_is_failed(emulator: EmulatorHandle) -> None:
    with client(emulator) as http:
        job_id = http.post(
            "/api/v1/bulk_enhance", json={"locations": [{"id": "a"}], "sources": ["PG"]}
        ).json()["id"]
        status = wait_done(http, job_id)
    assert status["request"]["status"] == "FAILED"
    assert status["result"]["status"] == "FAILED"


def test_duplicate_ids_are_processed_once_and_counted_as_canceled(
    emulator: EmulatorHandle,
) -> None:
    payload = {
        "locations": [
            {"id": "a", "address": "1 main st, boise, id"},
            {"id": "a", "address": "2 main st, boise, id"},
        ],
        "sources": ["PG"],
    }
    with client(emulator) as http:
        status, data = run_job(http, payload)
    assert status["request"]["num_canceled"] == 1
    assert status["request"]["num_completed"] == 1
    assert data["a"]["PG"]["street_number"] == "1"


def test_same_address_gives_the_same_data_and_zip_lands_in_its_state(
    emulator: EmulatorHandle,
) -> None:
    payload = {
        "locations": [
            {"id": "a", "address": "100 Biscayne Blvd, Miami, FL 33132"},
            {"id": "b", "address": "100  biscayne blvd,  miami, fl 33132"},
            {"id": "c", "address_line_1": "5 Pine St", "postal_code": "32801"},
        ],
        "sources": ["PG", "PH", "HH"],
    }
    with client(emulator) as http:
        _, first = run_job(http, payload)
        _, second = run_job(http, payload)
    assert first == second
    assert first["a"]["PG"]["latitude"] == first["b"]["PG"]["latitude"]
    assert first["a"]["PH"]["external_data"] == first["b"]["PH"]["external_data"]
    for key, zip_code in (("a", "33132"), ("c", "32801")):
        geocode = first[key]["PG"]
        assert geocode["state"] == "FL"
        (centroid,) = zipcodes.matching(zip_code)
        assert abs(geocode["latitude"] - float(centroid["lat"])) < 0.05
        assert abs(geocode["longitude"] - float(centroid["long"])) < 0.05


def test_single_enhance_takes_repeated_sources(emulator: EmulatorHandle) -> None:
    with client(emulator) as http:
        answer = http.get(
            "/api/v1/enhance",
            params=[("sources", "PG"), ("sources", "PH"), ("address", "1 main st, denver, co")],
        )
        assert answer.status_code == 200, answer.text
        data = answer.json()["location_data"]
        assert set(data) == {"PG", "PH"}
        assert data["PG"]["state"] == "CO"
        missing = http.get("/api/v1/enhance", params={"address": "x"})
        assert missing.status_code == 400
        assert missing.json()["field"] == "sources"


def test_datasources_usage_and_limits(emulator: EmulatorHandle) -> None:
    with client(emulator) as http:
        configs = http.get("/api/v1/datasources").json()["configs"]
        assert {"PG", "PH", "LB"} <= set(configs)
        one = http.get("/api/v1/datasources/pg")
        assert one.status_code == 200
        assert one.json()["config"]["source_code"] == "PG"
        run_job(http, TWO)
        usage = http.get("/api/v1/usage", params={"start": "-1h"}).json()
        assert usage["granularity"] == "5m"
        assert usage["totals"]["PG"] == 2
        assert usage["totals"]["total"] == 4
        limits = http.get("/api/v1/limits").json()
        assert limits["sources"]["PG"]["usage"]["daily"] == 2


def test_generated_client_parses_unknown_source_codes_and_statuses() -> None:
    from ping_data_api.models import GetBulkEnhanceAPIViewResponse

    document = {
        "request": {
            "status": "SUPERSEDED",
            "num_requested": 1,
            "num_completed": 1,
            "num_problems": 0,
            "num_canceled": 0,
            "requested_at": "2026-02-02T19:18:48.842Z",
            "progress_started_at": None,
            "completed_at": None,
        },
        "result": {
            "status": "SUCCESS",
            "message": "Success.",
            "total_processing_time": 1.0,
            "outputs": [],
            "sources": [
                {"source": "PGPRE", "num_fetched": 1, "num_successes": 1, "num_fails": 0},
                {"source": "BRANDNEW", "num_fetched": 1, "num_successes": 1, "num_fails": 0},
            ],
        },
    }
    parsed = GetBulkEnhanceAPIViewResponse.from_dict(document)
    assert str(parsed.request.status) == "SUPERSEDED"
    codes = [str(entry.source) for entry in parsed.result.sources]
    assert codes[1] == "BRANDNEW"
    assert codes[0].endswith("PGPRE")
