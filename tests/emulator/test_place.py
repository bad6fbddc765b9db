"""The Place Enrichment side of the emulator, over real HTTP on loopback."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest
from bulk_enrich_emulator import EmulatorHandle

BEARER = {"Authorization": "Bearer emulator-key"}
ORG = "acme"
QUICK_START = {
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


def client(emulator: EmulatorHandle, org: str = ORG, **headers: str) -> httpx.Client:
    return httpx.Client(
        base_url=emulator.place_base_url(org), headers={**BEARER, **headers}, timeout=30
    )


def places(count: int, prefix: str = "p") -> list[dict[str, Any]]:
    return [
        {
            "place_id": f"{prefix}{i}",
            "inputs": {"name": f"Corner Coffee {i}", "city": "Miami", "state": "FL"},
        }
        for i in range(count)
    ]


def wait_batch(http: httpx.Client, batch_id: str, limit: float = 30) -> dict[str, Any]:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        answer = http.get(f"/place_enrichment/batches/{batch_id}")
        assert answer.status_code == 200, answer.text
        body: dict[str, Any] = answer.json()
        if body["status"] in ("completed", "failed"):
            return body
        time.sleep(0.02)
    raise AssertionError(f"batch {batch_id} did not finish")


def all_results(http: httpx.Client, batch_id: str, limit: int) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    offset = 0
    while True:
        page = http.get(
            "/place_enrichment/jobs", params={"batchId": batch_id, "limit": limit, "offset": offset}
        ).json()
        results.extend(page["jobs"])
        offset += limit
        if offset >= page["total"]:
            return results


def test_quick_start_batch_completes_with_documented_shapes(emulator: EmulatorHandle) -> None:
    with client(emulator) as http:
        created = http.post("/place_enrichment/batches", json=QUICK_START)
        assert created.status_code == 200, created.text
        body = created.json()
        assert body["batch_name"] == "Q1 Store Locations"
        assert set(body["jobs"]) == {"pending", "queued", "in_progress", "completed", "failed"}
        assert sum(len(ids) for ids in body["jobs"].values()) == 1
        done = wait_batch(http, body["id"])
        assert done["status"] == "completed"
        assert done["jobs"]["completed"] == ["store_001"]
        page = http.get("/place_enrichment/jobs", params={"batchId": body["id"]}).json()
    assert page["total"] == 1
    (job,) = page["jobs"]
    assert job["status"] == "completed"
    assert job["outputs"]["website"].startswith("https://")
    assert job["outputs"]["phone"].startswith("+1212") or job["outputs"]["phone"].startswith("+1")
    assert job["outputs"]["categories"]
    assert set(job["job_metadata"]["attribute_status"]) == {
        "websites",
        "phoneNumbers",
        "categories",
    }
    assert emulator.stats()["batches_created"] == 1


def test_batch_moves_through_statuses_and_arrays_partition_the_jobs(
    emulator_factory: Any,
) -> None:
    emulator = emulator_factory(rate=300.0, queue_delay=0.2)
    seen: list[str] = []
    with client(emulator) as http:
        batch_id = http.post(
            "/place_enrichment/batches", json={"batch_name": "b", "jobs": places(120)}
        ).json()["id"]
        while True:
            body = http.get(f"/place_enrichment/batches/{batch_id}").json()
            ids = [pid for group in body["jobs"].values() for pid in group]
            assert sorted(ids) == sorted(f"p{i}" for i in range(120))
            if not seen or seen[-1] != body["status"]:
                seen.append(body["status"])
            if body["status"] in ("completed", "failed"):
                break
            time.sleep(0.01)
    assert seen[0] in ("pending", "queued")
    assert "in_progress" in seen
    assert seen[-1] == "completed"


def test_results_page_with_limit_and_offset(emulator: EmulatorHandle) -> None:
    with client(emulator) as http:
        batch_id = http.post(
            "/place_enrichment/batches", json={"batch_name": "paged", "jobs": places(25)}
        ).json()["id"]
        wait_batch(http, batch_id)
        results = all_results(http, batch_id, limit=7)
        page = http.get(
            "/place_enrichment/jobs", params={"batchId": batch_id, "limit": 7, "offset": 21}
        ).json()
        too_big = http.get("/place_enrichment/jobs", params={"batchId": batch_id, "limit": 10001})
    assert [r["place_id"] for r in results] == [f"p{i}" for i in range(25)]
    assert page["total"] == 25
    assert len(page["jobs"]) == 4
    assert too_big.status_code == 400


def test_name_only_place_fails_and_reprocess_requeues_it(emulator_factory: Any) -> None:
    emulator = emulator_factory(mode="manual", polls_to_complete=2)
    jobs = [*places(3), {"place_id": "lonely", "inputs": {"name": "Just A Name"}}]
    with client(emulator) as http:
        batch_id = http.post(
            "/place_enrichment/batches", json={"batch_name": "with failure", "jobs": jobs}
        ).json()["id"]
        done = wait_batch(http, batch_id)
        assert done["jobs"]["failed"] == ["lonely"]
        assert done["status"] == "completed"
        failed = http.get("/place_enrichment/jobs/lonely").json()
        assert failed["status"] == "failed"
        assert set(failed["job_metadata"]["attribute_status"].values()) == {"RUN_CONDITION_FAILED"}
        answer = http.post(f"/place_enrichment/batches/{batch_id}/reprocess", json={})
        assert answer.status_code == 200
        assert answer.json()["job_count"] == 1
        again = http.get(f"/place_enrichment/batches/{batch_id}").json()
        assert again["jobs"]["queued"] == ["lonely"]
        assert again["status"] == "in_progress"
        wait_batch(http, batch_id)
        everything = http.post(
            f"/place_enrichment/batches/{batch_id}/reprocess",
            json={"failed_only": False, "incomplete_only": False},
        ).json()
        assert everything["job_count"] == 4
    assert emulator.stats()["reprocesses"] == 2


def test_transient_failures_succeed_on_reprocess(emulator_factory: Any) -> None:
    emulator = emulator_factory(place_failure_rate=0.5)
    with client(emulator) as http:
        batch_id = http.post(
            "/place_enrichment/batches", json={"batch_name": "flaky", "jobs": places(40)}
        ).json()["id"]
        first = wait_batch(http, batch_id)
        failed = first["jobs"]["failed"]
        assert 5 < len(failed) < 35
        answer = http.post(
            f"/place_enrichment/batches/{batch_id}/reprocess", json={"failed_only": True}
        ).json()
        assert answer["job_count"] == len(failed)
        second = wait_batch(http, batch_id)
    assert second["jobs"]["failed"] == []
    assert len(second["jobs"]["completed"]) == 40


def test_append_to_a_batch_with_batch_id(emulator: EmulatorHandle) -> None:
    with client(emulator) as http:
        batch_id = http.post(
            "/place_enrichment/batches", json={"batch_name": "grows", "jobs": places(3, "a")}
        ).json()["id"]
        appended = http.post(
            "/place_enrichment/batches",
            json={"batch_name": "grows", "batch_id": batch_id, "jobs": places(2, "b")},
        ).json()
        assert appended["id"] == batch_id
        done = wait_batch(http, batch_id)
    assert sorted(done["jobs"]["completed"]) == ["a0", "a1", "a2", "b0", "b1"]
    stats = emulator.stats()
    assert stats["batches_created"] == 1
    assert stats["appends"] == 1


def test_kick_off_later_keeps_jobs_pending_until_reprocessed(emulator: EmulatorHandle) -> None:
    with client(emulator) as http:
        batch_id = http.post(
            "/place_enrichment/batches",
            json={"batch_name": "later", "jobs": places(2), "kick_off_jobs_now": False},
        ).json()["id"]
        time.sleep(0.1)
        body = http.get(f"/place_enrichment/batches/{batch_id}").json()
        assert body["status"] == "pending"
        assert len(body["jobs"]["pending"]) == 2
        http.post(
            f"/place_enrichment/batches/{batch_id}/reprocess",
            json={"failed_only": False, "incomplete_only": True},
        )
        assert wait_batch(http, batch_id)["status"] == "completed"


def test_more_than_50000_places_gets_400(emulator: EmulatorHandle) -> None:
    jobs = [{"place_id": str(i), "inputs": {"name": "x"}} for i in range(50_001)]
    with client(emulator) as http:
        answer = http.post("/place_enrichment/batches", json={"batch_name": "big", "jobs": jobs})
    assert answer.status_code == 400
    assert "jobs" in answer.json()["detail"]
    assert emulator.stats()["batches_created"] == 0


def test_bad_body_gets_400_naming_the_field(emulator: EmulatorHandle) -> None:
    with client(emulator) as http:
        answer = http.post(
            "/place_enrichment/batches",
            json={"batch_name": "b", "jobs": [{"place_id": "x", "inputs": {"city": "Miami"}}]},
        )
    assert answer.status_code == 400
    assert answer.json()["field"] == "jobs[0].inputs.name"


@pytest.mark.parametrize(
    "headers",
    [{"Authorization": "Bearer emulator-key"}, {"apiKey": "emulator-key"}],
)
def test_both_auth_headers_are_accepted(emulator: EmulatorHandle, headers: dict[str, str]) -> None:
    answer = httpx.get(
        f"{emulator.place_base_url(ORG)}/place_enrichment/attributes", headers=headers
    )
    assert answer.status_code == 200
    assert "websites" in answer.json()["core"]


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong"},
        {"apiKey": "wrong"},
        {"Authorization": "Token emulator-key"},
    ],
)
def test_bad_key_gets_401_detail(emulator: EmulatorHandle, headers: dict[str, str]) -> None:
    answer = httpx.post(
        f"{emulator.place_base_url(ORG)}/place_enrichment/batches",
        json=QUICK_START,
        headers=headers,
    )
    assert answer.status_code == 401
    assert set(answer.json()) == {"detail"}
    assert emulator.stats()["batches_created"] == 0


def test_key_bound_to_another_org_gets_403(emulator_factory: Any) -> None:
    emulator = emulator_factory(place_api_keys={"acme-key": "acme", "any-key": None})
    headers = {"Authorization": "Bearer acme-key"}
    own = httpx.get(f"{emulator.place_base_url('acme')}/place_enrichment/batches", headers=headers)
    other = httpx.get(
        f"{emulator.place_base_url('globex')}/place_enrichment/batches", headers=headers
    )
    wildcard = httpx.get(
        f"{emulator.place_base_url('globex')}/place_enrichment/batches",
        headers={"Authorization": "Bearer any-key"},
    )
    assert own.status_code == 200
    assert other.status_code == 403
    assert "detail" in other.json()
    assert wildcard.status_code == 200


def test_unknown_batch_and_job_get_404_and_orgs_are_separate(emulator: EmulatorHandle) -> None:
    with client(emulator) as http:
        batch_id = http.post("/place_enrichment/batches", json=QUICK_START).json()["id"]
        assert http.get("/place_enrichment/batches/nope").status_code == 404
        assert http.get("/place_enrichment/jobs/nope").status_code == 404
        assert http.post("/place_enrichment/batches/nope/reprocess", json={}).status_code == 404
    with client(emulator, org="other-org") as other:
        assert other.get(f"/place_enrichment/batches/{batch_id}").status_code == 404


def test_list_batches_filters_and_pages(emulator: EmulatorHandle) -> None:
    with client(emulator) as http:
        for name in ("Q1 Stores", "Q2 Stores", "Warehouses"):
            http.post("/place_enrichment/batches", json={"batch_name": name, "jobs": places(1)})
        stores = http.get("/place_enrichment/batches", params={"query": "stores"}).json()
        first = http.get("/place_enrichment/batches", params={"limit": 2}).json()
        second = http.get("/place_enrichment/batches", params={"limit": 2, "offset": 2}).json()
    assert stores["total"] == 2
    assert {b["batch_name"] for b in stores["batches"]} == {"Q1 Stores", "Q2 Stores"}
    assert first["total"] == 3
    assert [b["batch_name"] for b in first["batches"]] == ["Warehouses", "Q2 Stores"]
    assert [b["batch_name"] for b in second["batches"]] == ["Q1 Stores"]


def test_enrich_one_place_is_deterministic(emulator: EmulatorHandle) -> None:
    body = {
        "place_id": "cafe",
        "inputs": {
            "name": "Blue Bottle Coffee",
            "full_address": "1 Ferry Building, San Francisco, CA 94111",
        },
        "attributes": ["websites", "phoneNumbers", "categories", "openingHours", "coordinates"],
    }
    with client(emulator) as http:
        first = http.post("/place_enrichment/enrich", json=body).json()
        second = http.post("/place_enrichment/enrich", json=body).json()
        stored = http.get("/place_enrichment/jobs/cafe").json()
    assert first["outputs"] == second["outputs"] == stored["outputs"]
    assert first["job_metadata"]["attribute_status"] == stored["job_metadata"]["attribute_status"]
    outputs = first["outputs"]
    assert outputs["website"] == "https://www.bluebottlecoffee.com"
    assert "coffee_shop" in outputs["categories"]
    assert outputs["phone"].startswith("+1415")
    latitude, longitude = outputs["coordinates"]  # [latitude, longitude], as the vendor declares
    assert 37 < latitude < 38.5
    assert -123 < longitude < -121.5
    assert set(outputs["opening_hours"]) >= {"monday", "sunday"}


def test_big_batch_answers_status_with_every_id(emulator_factory: Any) -> None:
    emulator = emulator_factory(rate=1_000_000.0)
    jobs = [
        {"place_id": f"id{i}", "inputs": {"name": f"Shop {i}", "postalCode": "33101"}}
        for i in range(50_000)
    ]
    with client(emulator) as http:
        batch_id = http.post(
            "/place_enrichment/batches", json={"batch_name": "big", "jobs": jobs}
        ).json()["id"]
        done = wait_batch(http, batch_id)
        page = http.get(
            "/place_enrichment/jobs", params={"batchId": batch_id, "limit": 10000, "offset": 40000}
        ).json()
    assert len(done["jobs"]["completed"]) == 50_000
    assert len(page["jobs"]) == 10_000
    assert page["jobs"][-1]["place_id"] == "id49999"
