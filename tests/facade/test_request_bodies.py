"""What the server receives: the JSON values the caller gave, gzip-decodable, within the limit."""

from __future__ import annotations

import json
from typing import Any

import pytest
from bulk_enrich import PingData, PlaceEnrichment
from bulk_enrich_emulator import EmulatorHandle

KEY = "emulator-key"


def odd_values(i: int) -> dict[str, Any]:
    """Values where two JSON encoders could part ways (all within the API's spec)."""
    return {
        "text": f'Café Straße ☃ 東京 \U0001f600 \u2028 "quoted" \\ \t #{i}',
        "control": "\x00\x01\x1f\x7f",
        "ints": [2**63 - 1, -(2**63), 2**63, 2**64 - 1, 2**64, 10**30, 0],
        "floats": [-0.0, 0.1 + 0.2, 1e16, 1e-7, 5e-324, 1.7976931348623157e308, 1.0],
        "nested": [{"deep": [None, True, False, {"ü": [[], {}]}]}],
    }


def locations(n: int) -> list[dict[str, Any]]:
    return [
        {
            "id": f"L-{i}-é☃",
            "address": f"{i} Main St, Springfield, IL",
            "bldg_name": f"Café Straße ☃ 東京 \U0001f600 #{i}",
            "limits__building_limit": [1e-7, 123456.789, 2.5e20][i % 3],
            "const__bldg_year_built": 1900 + i,
            "datasource_config": odd_values(i),
        }
        for i in range(n)
    ]


def canonical(value: Any) -> str:
    """Equal JSON values, and only those, give equal strings (-0.0 is not 0, 1.0 is not 1)."""
    return repr(value)


@pytest.mark.parametrize("threshold", [0, None])
def test_the_server_receives_the_locations_as_given(
    emulator: EmulatorHandle, recording: type[Any], threshold: int | None
) -> None:
    locs = locations(300)
    limit = 40_000  # several chunks, each body under it
    transport = recording()
    with PingData(
        api_key=KEY,
        base_url=emulator.base_url,
        transport=transport,
        gzip_threshold=threshold,
        max_body_bytes=limit,
    ) as ping:
        results = ping.enhance_many(iter(locs), sources=["PG"], chunk_size=100)
    assert len(results) == len(locs)
    assert all(r.is_success for r in results.values())
    assert emulator.stats()["jobs_created"] == len(transport.posted)  # it read every body
    received = [loc for body in transport.posted for loc in json.loads(body)["locations"]]
    assert len(received) == len(locs)
    by_id = {loc["id"]: loc for loc in received}
    for loc in locs:
        assert canonical(by_id[loc["id"]]) == canonical(loc)
    assert len(transport.posted) > 3  # split by size, not only by count
    for body in transport.posted:  # decoded (gzip when over the threshold) by the recorder
        array = json.dumps(json.loads(body)["locations"], separators=(",", ":"))
        assert len(body) - len(array.encode()) < 100  # the rest of the body is small
        sent = body[body.index(b"[") : body.rindex(b"]") + 1]
        assert len(sent) <= limit


def test_place_jobs_reach_the_server_as_given(
    emulator: EmulatorHandle, recording: type[Any]
) -> None:
    jobs = [
        {"place_id": f"p-{i}-ü", "name": f"Café ☃ {i}", "latitude": -0.0, "longitude": 1e-7}
        for i in range(50)
    ]
    transport = recording()
    with PlaceEnrichment(
        api_key=KEY,
        base_url=emulator.base_url,
        org_slug="acme",
        transport=transport,
        gzip_threshold=0,
    ) as pe:
        results = pe.enrich_many(jobs, ["websites"], chunk_size=20)
    assert len(results) == len(jobs)
    sent = [job for body in transport.posted for job in json.loads(body).get("jobs", [])]
    expected = [{"place_id": j["place_id"], "inputs": {**j}} for j in jobs]
    for job in expected:
        del job["inputs"]["place_id"]
    key = lambda job: job["place_id"]  # noqa: E731
    assert canonical(sorted(sent, key=key)) == canonical(sorted(expected, key=key))
