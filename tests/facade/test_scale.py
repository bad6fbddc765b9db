"""The issue's scale criteria: 120,000 items per API, sync and async, against the emulator."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from bulk_enrich import AsyncPingData, AsyncPlaceEnrichment, PingData, PlaceEnrichment

N = 120_000
KEY = "emulator-key"
pytestmark = pytest.mark.slow


def locations() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for i in range(N):
        if i % 997 == 0:  # neither address nor coordinates: only a postal code
            out.append({"id": f"L{i}", "postal_code": "00000"})
        elif i % 2:
            out.append({"id": f"L{i}", "address": f"{i} Main St, Springfield, IL 62701"})
        else:
            out.append({"id": f"L{i}", "latitude": 39.8, "longitude": -89.6})
    return out


def places() -> list[dict[str, Any]]:
    return [{"place_id": f"P{i}", "name": f"Shop {i}", "city": "Springfield"} for i in range(N)]


def check_ping(results: Any, locs: list[dict[str, Any]]) -> None:
    assert list(results) == [loc["id"] for loc in locs]
    assert len(results.jobs) >= 3
    bad = {loc["id"] for loc in locs if "postal_code" in loc}
    assert set(results.failures()) == bad
    assert all(results[i]["PG"].error_message for i in list(bad)[:10])
    assert results["L1"]["PG"].latitude is not None


@pytest.fixture
def fast_emulator(emulator_factory: Any) -> Any:
    return emulator_factory(rate=400_000.0, queue_delay=0.01)


def test_ping_sync_120k(fast_emulator: Any) -> None:
    locs = locations()
    with PingData(api_key=KEY, base_url=fast_emulator.base_url) as ping:
        results = ping.enhance_many(locs, sources=["PG"])
    check_ping(results, locs)
    assert fast_emulator.stats()["jobs_created"] == len(results.jobs)


def test_ping_async_120k(fast_emulator: Any) -> None:
    locs = locations()

    async def main() -> Any:
        async with AsyncPingData(api_key=KEY, base_url=fast_emulator.base_url) as ping:
            return await ping.enhance_many(locs, sources=["PG"])

    check_ping(asyncio.run(main()), locs)


def test_places_sync_120k(fast_emulator: Any) -> None:
    jobs = places()
    with PlaceEnrichment(api_key=KEY, base_url=fast_emulator.place_base_url("acme")) as pe:
        results = pe.enrich_many(jobs, ["websites"])
    assert list(results) == [j["place_id"] for j in jobs]
    assert len(results.batches) == 3
    assert fast_emulator.stats()["batches_created"] == 3


def test_places_async_120k(fast_emulator: Any) -> None:
    jobs = places()

    async def main() -> Any:
        async with AsyncPlaceEnrichment(
            api_key=KEY, base_url=fast_emulator.place_base_url("acme")
        ) as pe:
            return await pe.enrich_many(jobs, ["websites"])

    results = asyncio.run(main())
    assert list(results) == [j["place_id"] for j in jobs]
    assert len(results.batches) == 3
