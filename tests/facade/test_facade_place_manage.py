"""PlaceEnrichment's batch and job management, and the vendor's result shapes, on the emulator."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from bulk_enrich import AsyncPlaceEnrichment, NotFoundError, PlaceEnrichment
from bulk_enrich_emulator import EmulatorHandle

KEY = "emulator-key"
ORG = "acme"
STORE = {
    "place_id": "store-1",
    "name": "Downtown Store",
    "full_address": "123 Main St, New York, NY 10001",
}
BARE = {"place_id": "bare-1", "name": "Only A Name"}


def client(emu: EmulatorHandle) -> PlaceEnrichment:
    return PlaceEnrichment(api_key=KEY, org_slug=ORG, base_url=emu.base_url)


@pytest.mark.parametrize("metadata", ["null", "filled"])
def test_both_metadata_variants_parse(emulator_factory: Any, metadata: str) -> None:
    emulator = emulator_factory(mode="instant", place_metadata=metadata)
    with client(emulator) as pe:
        batch = pe.create_batch([STORE, BARE], ["address", "coordinates"], batch_name="mixed")
        assert batch.info.model is not None
        assert batch.wait(timeout=30).state in ("completed", "failed")
        [summary] = list(pe.batches())
        results = {r.place_id: r for r in batch.results()}
    assert summary.batch_name == "mixed"
    store, bare = results["store-1"], results["bare-1"]
    assert store.model is not None
    assert bare.model is not None
    row = store.to_row()
    assert row["address"].endswith("USA")
    assert row["coordinates"].count(",") == 1
    assert row["error_message"] is None
    assert bare.error_message is not None
    assert bare.error_message.startswith("Not enough inputs")
    assert bare.to_row()["error_message"] == bare.error_message


def test_delete_rename_refresh(emulator_factory: Any) -> None:
    emulator = emulator_factory(mode="manual", polls_to_complete=100)
    with client(emulator) as pe:
        keep = pe.create_batch([STORE], ["websites"], batch_name="keep")
        oops = pe.create_batch([BARE], ["websites"], batch_name="oops")
        assert keep.rename("kept")["batch_name"] == "kept"
        assert keep.refresh().name == "kept"
        answer = pe.refresh_batches([keep.id, "missing-batch"])
        assert answer["updated"] == [keep.id]
        assert answer["missing"] == ["missing-batch"]
        assert keep.mark_refresh(False)["updated"] == [keep.id]
        assert oops.delete()["id"] == oops.id
        assert [b.batch_name for b in pe.batches()] == ["kept"]
        with pytest.raises(NotFoundError):
            oops.refresh()
        with pytest.raises(NotFoundError):
            pe.delete_batch(oops.token)


def test_single_jobs(emulator_factory: Any) -> None:
    emulator = emulator_factory(mode="instant")
    with client(emulator) as pe:
        submitted = pe.submit_job(STORE, ["websites"])
        assert submitted["status"] == "pending"
        assert pe.job("store-1").is_success
        assert pe.reprocess_jobs(["store-1"], refresh=True)["job_count"] == 1
        assert pe.delete_job("store-1")["place_id"] == "store-1"
        with pytest.raises(NotFoundError):
            pe.job("store-1")


def test_async_twin_manages_too(emulator_factory: Any) -> None:
    emulator = emulator_factory(mode="instant")

    async def main() -> tuple[dict[str, Any], dict[str, Any], list[str]]:
        async with AsyncPlaceEnrichment(
            api_key=KEY, org_slug=ORG, base_url=emulator.base_url
        ) as pe:
            batch = await pe.create_batch([STORE], ["websites"], batch_name="a")
            renamed = await batch.rename("b")
            await pe.submit_job(BARE)
            deleted = await batch.delete()
            names = [b.batch_name async for b in pe.batches()]
            return renamed, deleted, names

    renamed, deleted, names = asyncio.run(main())
    assert renamed["batch_name"] == "b"
    assert deleted["status"] == "deleted"
    assert names == []
