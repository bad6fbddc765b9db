"""Runs consumed a job at a time: ``iter_enhance_batches`` / ``iter_enrich_batches``.

Each batch holds what the row stream gives for the same job: the same ids in input order and,
per column, the same values (``None`` where a row lacks the column), whether the job's output
was decoded by columns or (a job with a rejected item, the columnar path off) row by row.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from bulk_enrich import AsyncPingData, AsyncPlaceEnrichment, PingData, PlaceEnrichment, batches
from bulk_enrich.batches import ResultBatch
from bulk_enrich_emulator import EmulatorHandle

KEY = "emulator-key"


def locs(count: int) -> list[dict[str, Any]]:
    cities = [("Boston", "MA", "02110"), ("Austin", "TX", "78701"), ("Miami", "FL", "33101")]
    out = []
    for n in range(count):
        city, state, zip_code = cities[n % len(cities)]
        out.append({"id": f"L{n}", "address": f"{n + 1} Main St", "city": city,
                    "state": state, "postal_code": zip_code})  # fmt: skip
    return out


def _as_rows(pairs: list[tuple[str, ResultBatch]]) -> list[tuple[str, dict[str, Any]]]:
    rows = []
    for _job, batch in pairs:
        for item_id, row in batch.rows():
            rows.append((item_id, {k: v for k, v in row.items() if v is not None}))
    return rows


def _flat(pairs: Any, id_column: str) -> list[tuple[str, dict[str, Any]]]:
    rows = []
    for item_id, result in pairs:
        row = result.to_row()
        row.pop(id_column)
        rows.append((item_id, {k: v for k, v in row.items() if v is not None}))
    return rows


@pytest.mark.parametrize("columnar", [True, False])
def test_ping_batches_hold_the_rows_of_each_job(
    emulator: EmulatorHandle, monkeypatch: pytest.MonkeyPatch, columnar: bool
) -> None:
    monkeypatch.setattr(batches, "ENABLED", columnar)
    items = locs(25)
    with PingData(api_key=KEY, base_url=emulator.base_url) as ping:
        with ping.iter_enhance_batches(items, ["PG", "PH"], chunk_size=10) as run:
            got = list(run)
            jobs = run.job_ids
            # Each job's locations were let go once its batch was handed over (memory); the
            # caller's own list is left as it was.
            assert run.coord.backend.items == [None] * 25
            assert all(isinstance(item, dict) for item in items)
        expected = _flat(ping.iter_enhance_many(items, ["PG", "PH"], chunk_size=10), "id")
    assert [job for job, _ in got] == [jobs[i] for i in sorted(jobs)]
    assert [len(batch) for _, batch in got] == [10, 10, 5]
    assert _as_rows(got) == expected
    frame = got[0][1].to_polars()
    assert frame.columns[0] == "id"
    assert frame["id"].to_list() == [f"L{n}" for n in range(10)]
    assert got[0][1].to_arrow().num_rows == 10


def test_a_job_with_a_rejected_item_comes_row_by_row(emulator: EmulatorHandle) -> None:
    items = locs(6)
    items[4]["latitude"] = 123.0  # out of range: rejected, not sent
    with PingData(api_key=KEY, base_url=emulator.base_url) as ping:
        got = list(ping.iter_enhance_batches(items, ["PG"], chunk_size=3, on_invalid="fail"))
        expected = _flat(
            ping.iter_enhance_many(items, ["PG"], chunk_size=3, on_invalid="fail"), "id"
        )
    assert _as_rows(got) == expected
    assert got[1][1].columns["PG.is_success"][1] is False
    assert "not sent" in got[1][1].columns["PG.error_message"][1]


def test_async_ping_batches(emulator: EmulatorHandle) -> None:
    items = locs(12)

    async def main() -> list[tuple[str, ResultBatch]]:
        async with AsyncPingData(api_key=KEY, base_url=emulator.base_url) as ping:
            return [pair async for pair in ping.iter_enhance_batches(items, ["PG"], chunk_size=5)]

    got = asyncio.run(main())
    with PingData(api_key=KEY, base_url=emulator.base_url) as ping:
        expected = _flat(ping.iter_enhance_many(items, ["PG"], chunk_size=5), "id")
    assert [len(b) for _, b in got] == [5, 5, 2]
    assert _as_rows(got) == expected


def _places(count: int) -> list[dict[str, Any]]:
    return [
        {"place_id": f"P{n}", "name": f"Cafe {n}", "full_address": f"{n} Main St, Boston, MA"}
        for n in range(count)
    ]


def test_place_batches_hold_the_rows_of_each_batch(emulator: EmulatorHandle) -> None:
    places = _places(7)
    with PlaceEnrichment(api_key=KEY, base_url=emulator.place_base_url("acme")) as client:
        got = list(client.iter_enrich_batches(places, ["websites"], chunk_size=4))
        expected = _flat(client.iter_enrich_many(places, ["websites"], chunk_size=4), "place_id")
    assert [len(b) for _, b in got] == [4, 3]
    assert _as_rows(got) == expected

    async def main() -> list[tuple[str, ResultBatch]]:
        async with AsyncPlaceEnrichment(
            api_key=KEY, base_url=emulator.place_base_url("acme")
        ) as client:
            run = client.iter_enrich_batches(places, ["websites"], chunk_size=4)
            return [pair async for pair in run]

    assert _as_rows(asyncio.run(main())) == expected
