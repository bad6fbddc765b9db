"""Place answers built once and joined into pages: the same bytes as encoding each page whole."""

from __future__ import annotations

import math
import time
from typing import Any

import httpx
import pytest
from bulk_enrich_emulator import EmulatorHandle
from bulk_enrich_emulator.http import dumps
from bulk_enrich_emulator.place_answers import encode, page_bytes

BEARER = {"Authorization": "Bearer emulator-key"}

ODD_VALUES: tuple[Any, ...] = (
    1e-05, 1.5e-07, 2.442284451760321e-07, 0.0001, 1e16, 1e22, -0.0, 0.1, 5e-324,
    1.7976931348623157e308, 34.146588, -118.175808, math.nan, math.inf, -math.inf,
    2**63, -(2**63), 2**64 - 1, 2**80, "é 😀 \u2028\u2029 \x00\x1f\x7f \"\\ \t\n\r\b\f /",
    "0.00001 as text", "e-", True, False, None, [], {}, [1, 2.5, "x", None],
    {"a": {"b": [1e-9, {"c": math.nan}]}, "": ""},
)  # fmt: skip


@pytest.mark.parametrize("value", ODD_VALUES, ids=repr)
def test_encode_writes_the_bytes_json_writes(value: Any) -> None:
    assert encode(value) == dumps(value)
    assert encode({"v": value, "w": [value]}) == dumps({"v": value, "w": [value]})


def test_page_bytes_is_the_whole_page_encoded() -> None:
    jobs = [{"place_id": "p1", "x": 1e-5}, {"place_id": "p2", "y": "ü"}]
    expected = dumps({"jobs": jobs, "total": 9, "limit": 2, "offset": 4})
    assert page_bytes([encode(j) for j in jobs], 9, 2, 4) == expected
    assert page_bytes([], 0, 10, 0) == dumps({"jobs": [], "total": 0, "limit": 10, "offset": 0})


def _wait(http: httpx.Client, batch_id: str) -> None:
    deadline = time.monotonic() + 30
    while http.get(f"/place_enrichment/batches/{batch_id}").json()["status"] not in (
        "completed",
        "failed",
    ):
        assert time.monotonic() < deadline, "batch did not finish"
        time.sleep(0.02)


def _expected_page(emulator: EmulatorHandle, batch_id: str, limit: int, offset: int) -> bytes:
    """The page as the emulator built it before: each job's answer made now, encoded whole."""
    place = emulator.app.place
    records = place._records("acme", batch_id)
    view = place._view()
    jobs = [place._result(r, view.status(r)) for r in records[offset : offset + limit]]
    return dumps({"jobs": jobs, "total": len(records), "limit": limit, "offset": offset})


def test_pages_of_odd_inputs_and_reprocessed_jobs_keep_their_bytes(
    emulator: EmulatorHandle,
) -> None:
    jobs: list[dict[str, Any]] = [
        {"place_id": "tiny", "inputs": {"name": "Tiny Café", "latitude": 1e-05, "longitude": 2e-7}},
        {"place_id": "uni", "inputs": {"name": "Ünïcødé 😀 \"Bar\"", "city": "Miami",
                                       "state": "FL"}},
        {"place_id": "big", "inputs": {"name": "Big Inn", "latitude": 40, "longitude": -74,
                                       "phone": "+13125550100"}},
        {"place_id": "lonely", "inputs": {"name": "Only A Name"}},
        {"place_id": "own", "inputs": {"name": "Own Bar", "city": "Austin", "state": "TX"},
         "attributes": ["rating", "price_level"]},
    ]  # fmt: skip
    with httpx.Client(base_url=emulator.place_base_url("acme"), headers=BEARER, timeout=30) as http:
        batch_id = http.post(
            "/place_enrichment/batches",
            json={"batch_name": "odd", "jobs": jobs, "attribute_set": "all"},
        ).json()["id"]
        _wait(http, batch_id)
        for limit, offset in ((100, 0), (2, 1), (2, 4), (3, 9)):
            params = {"batchId": batch_id, "limit": limit, "offset": offset}
            page = http.get("/place_enrichment/jobs", params=params)
            assert page.content == _expected_page(emulator, batch_id, limit, offset)
        first = http.get("/place_enrichment/jobs", params={"batchId": batch_id}).json()
        http.post(
            f"/place_enrichment/batches/{batch_id}/reprocess",
            json={"failed_only": False, "incomplete_only": False},
        )
        _wait(http, batch_id)
        again = http.get("/place_enrichment/jobs", params={"batchId": batch_id})
    assert again.content == _expected_page(emulator, batch_id, 10000, 0)
    attempts = {
        job["job_metadata"]["enrichment_metadata"][name]["attempt"]
        for job in again.json()["jobs"]
        for name in job["job_metadata"]["enrichment_metadata"]
    }
    assert attempts == {2}
    assert [j["place_id"] for j in first["jobs"]] == [j["place_id"] for j in jobs]
