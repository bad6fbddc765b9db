"""The emulator's answers are byte-stable: a Ping output file and a Place results page hash to
digests recorded from a known-good build, so a refactor that changes one byte is caught."""

from __future__ import annotations

import hashlib
import re
import time
from typing import Any

import httpx
from bulk_enrich_emulator import EmulatorHandle

PING_TOKEN = {"Authorization": "Token emulator-key"}
PLACE_BEARER = {"Authorization": "Bearer emulator-key"}
ISO_TIME = re.compile(rb'"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"')

ADDRESSES: tuple[dict[str, Any], ...] = (
    {"address": "123 main st, miami, fl"},
    {"address": "456 Elm Street, Los Angeles, CA 90012"},
    {"address": "10 Downing Rd., Austin, Texas"},
    {"address": "1600 pennsylvania ave nw, washington, dc 20500"},
    {"address": "boulder, co"},
    {"address": "wyoming"},
    {"address": "80302"},
    {
        "address_line_1": "77 Ocean Blvd",
        "city": "Charleston",
        "state": "SC",
        "postal_code": "29401",
    },
    {"address_line_1": "5 Pine Ln", "address_line_2": "Unit 4", "state": "Louisiana"},
    {"latitude": 40.7128, "longitude": -74.006},
    {"latitude": 39.7392, "longitude": -104.9903, "address": "1 civic center, denver, co"},
    {"latitude": 10.0, "longitude": 10.0},
    {"address": "somewhere without a state"},
    {},
)
ALL_SOURCES = ["PG", "GG", "PH", "HH", "LB", "DTC", "PFF", "PSZ", "PUSDAW", "TD", "XX"]


def ping_payload(*, raw: bool) -> dict[str, Any]:
    locations: list[dict[str, Any]] = [
        {"id": f"loc-{i}", **fields} for i, fields in enumerate(ADDRESSES)
    ]
    locations.append({"id": "loc-0", "address": "duplicate id, processed once"})
    locations.append({"id": "own-sources", "address": "9 bay st, tampa, fl", "sources": ["ph"]})
    return {
        "locations": locations,
        "sources": ALL_SOURCES,
        "include_raw_response": raw,
        "check_cache": not raw,
    }


def wait_ping(http: httpx.Client, job_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        body: dict[str, Any] = http.get(f"/api/v1/bulk_enhance/{job_id}").json()
        if body["request"]["status"] in ("COMPLETE", "FAILED"):
            return body
        time.sleep(0.02)
    raise AssertionError(f"job {job_id} did not finish")


def ping_digest(emulator: EmulatorHandle, *, raw: bool) -> str:
    with httpx.Client(base_url=emulator.base_url, headers=PING_TOKEN, timeout=30) as http:
        job_id = http.post("/api/v1/bulk_enhance", json=ping_payload(raw=raw)).json()["id"]
        status = wait_ping(http, job_id)
        output = http.get(status["result"]["outputs"][0]["url"])
    assert output.status_code == 200
    stats = repr((status["request"]["num_problems"], status["result"]["sources"]))
    return hashlib.sha256(output.content + stats.encode()).hexdigest()


def place_page_digest(emulator: EmulatorHandle) -> str:
    jobs = [
        {"place_id": f"p{i}", "inputs": {"name": name, **ADDRESS_INPUTS[i % len(ADDRESS_INPUTS)]}}
        for i, name in enumerate(PLACE_NAMES)
    ]
    jobs.append({"place_id": "name-only", "inputs": {"name": "Nowhere Cafe"}})
    jobs.append(
        {"place_id": "own", "inputs": {"name": "Own Attrs Bar", "city": "Miami", "state": "FL"},
         "attributes": ["rating", "price_level"]}
    )  # fmt: skip
    base_url = emulator.place_base_url("acme")
    with httpx.Client(base_url=base_url, headers=PLACE_BEARER, timeout=30) as http:
        batch_id = http.post(
            "/place_enrichment/batches",
            json={"batch_name": "bytes", "jobs": jobs, "attribute_set": "all"},
        ).json()["id"]
        deadline = time.monotonic() + 30
        while http.get(f"/place_enrichment/batches/{batch_id}").json()["status"] not in (
            "completed",
            "failed",
        ):
            assert time.monotonic() < deadline, "batch did not finish"
            time.sleep(0.02)
        page = http.get("/place_enrichment/jobs", params={"batchId": batch_id, "limit": 100})
    assert page.status_code == 200
    # Only the completion time varies between runs; every other byte is fixed.
    return hashlib.sha256(ISO_TIME.sub(b'"T"', page.content)).hexdigest()


PLACE_NAMES = (
    "Corner Coffee", "Tony's Pizzeria", "Main Street Diner", "First Credit Union Bank",
    "Walgreens Pharmacy", "Shell Gas", "Seaside Inn & Suites", "Fresh Foods Market",
    "Iron Gym", "Luxe Salon", "Bay Dental Clinic", "Oak Academy", "Grace Church",
    "Home Depot Store", "The Tavern", "Widget Works",
)  # fmt: skip
ADDRESS_INPUTS: tuple[dict[str, Any], ...] = (
    {"full_address": "123 Main St, New York, NY 10001", "latitude": 40.7128, "longitude": -74.006},
    {"house": "88", "street": "Harbor Dr", "city": "San Diego", "state": "CA"},
    {"city": "Miami", "state": "FL", "country_code": "US"},
    {"postalCode": "60601", "phone": "+13125550100", "website": "https://example.org"},
    {"latitude": 47.6062, "longitude": -122.3321},
)

#: Recorded from the build before the emulator was split into smaller modules.
EXPECTED = {
    "ping": "b726cf9b533b12f78874675ee8997c929080d28aa6a314bd5321e37075736ac3",
    "ping_raw": "6746d22c3077d51e7713aaa8bfac972abe5da2497d79f6eac34e380d6fe22897",
    "place_page": "50da6b307f7c771466a437413a5fbaec07fcd89fa42b0996b592837b55e3a390",
}


def test_ping_output_and_place_page_bytes_are_unchanged(emulator: EmulatorHandle) -> None:
    found = {
        "ping": ping_digest(emulator, raw=False),
        "ping_raw": ping_digest(emulator, raw=True),
        "place_page": place_page_digest(emulator),
    }
    assert found == EXPECTED
