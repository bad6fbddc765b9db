"""PlaceEnrichment against the emulator over loopback HTTP."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from bulk_enrich import (
    AsyncPlaceEnrichment,
    AuthenticationError,
    InvalidInputError,
    PermissionDenied,
    PlaceEnrichment,
    RetryPolicy,
    ServerError,
    WaitTimeout,
)
from bulk_enrich.places import run as places_run
from bulk_enrich_emulator import EmulatorHandle

KEY = "emulator-key"
ORG = "acme"


def places(n: int, prefix: str = "p") -> list[dict[str, Any]]:
    return [
        {
            "place_id": f"{prefix}-{i}",
            "name": f"Shop {i}",
            "full_address": f"{i} Main St, Springfield, IL",
        }
        for i in range(n)
    ]


def client(emu: EmulatorHandle, **kw: Any) -> PlaceEnrichment:
    return PlaceEnrichment(
        api_key=kw.pop("api_key", KEY), org_slug=ORG, base_url=emu.base_url, **kw
    )


def test_batch_lifecycle(emulator: EmulatorHandle) -> None:
    with client(emulator) as pe:
        batch = pe.create_batch(
            places(30), attributes=["websites", "phoneNumbers"], batch_name="Q1 stores"
        )
        seen: list[tuple[int, int]] = []
        status = batch.wait(timeout=30, on_progress=lambda d, t: seen.append((d, t)))
        assert status.terminal
        assert batch.progress == (30, 30)
        assert seen[-1] == (30, 30)
        results = list(batch.results())
        assert sorted(r.place_id for r in results) == sorted(p["place_id"] for p in places(30))
        row = results[0].to_row()
        assert {"place_id", "status", "website", "attribute_status.websites"} <= set(row)
        assert batch.failed() == []
        again = pe.batch(batch.token)
        assert again.status == status.state
        assert [b.id for b in pe.batches(query="Q1")] == [batch.id]
        answer = batch.reprocess(failed_only=False)
        assert answer
        batch.wait(timeout=30)
        single = pe.enrich(
            {"name": "Joe's Pizza", "full_address": "7 Carmine St, New York"}, ["websites"]
        )
        assert single.is_success
        assert "websites" in pe.attributes().core


def test_iterator_input_sends_the_same_batches_as_a_list(
    emulator: EmulatorHandle, tmp_path: Path, recording: type[Any]
) -> None:
    # From an iterator each batch's jobs are serialised once, when the chunk's size is
    # measured, and that JSON goes into the request.
    jobs = places(450)
    jobs[3]["name"] = "Café Zürich \u2603"
    sent = []
    for source in (iter(jobs), jobs):
        transport = recording()
        with client(emulator, transport=transport) as pe:
            results = pe.enrich_many(source, ["websites"], chunk_size=200, work_dir=tmp_path)
        assert len(results) == len(jobs)
        sent.append(transport.posted)
    streamed, listed = sent
    assert len(streamed) == len(listed) == 3
    for body in streamed:  # compact UTF-8 JSON, in the body's key order
        assert (
            body == json.dumps(json.loads(body), separators=(",", ":"), ensure_ascii=False).encode()
        )

    def without_name(body: bytes) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(body)
        data.pop("batch_name")  # "[1]" from an iterator (total unknown), "[1/3]" from a list
        return data

    def in_input_order(bodies: list[bytes]) -> list[dict[str, Any]]:
        # Batches are created concurrently: their requests arrive in any order.
        return sorted((without_name(b) for b in bodies), key=lambda d: d["jobs"][0]["place_id"])

    assert in_input_order(streamed) == in_input_order(listed)


def test_enrich_many_several_batches_in_input_order(
    emulator: EmulatorHandle, tmp_path: Path
) -> None:
    jobs = places(2_500)
    created: dict[int, str] = {}
    with client(emulator) as pe:
        results = pe.enrich_many(
            jobs,
            ["websites"],
            batch_name="run",
            chunk_size=1_000,
            on_batch_created=created.__setitem__,
            work_dir=tmp_path,
        )
    assert list(results) == [j["place_id"] for j in jobs]
    assert results.batches == [created[i] for i in range(3)]
    assert emulator.stats()["batches_created"] == 3
    assert results.failures() == {}
    assert results.to_pandas().shape[0] == 2_500


def test_pages_kept_parsed_give_the_results_of_pages_read_back(
    emulator: EmulatorHandle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    jobs = places(2_500)

    def run(work: Path) -> list[dict[str, Any]]:
        with client(emulator) as pe:
            pe._core.page_size = 300  # several pages per batch
            results = pe.enrich_many(
                jobs, ["websites", "phoneNumbers"], batch_name="run", chunk_size=700,
                work_dir=work,
            )  # fmt: skip
        return [dict(r.raw, job_metadata=None) for r in results.values()]

    kept = run(tmp_path / "kept")
    monkeypatch.setattr(places_run, "KEEP_PAGES_BYTES", 0)
    read_back = run(tmp_path / "read-back")
    assert [r["place_id"] for r in kept] == [j["place_id"] for j in jobs]
    assert kept == read_back


def test_parsed_pages_are_bounded_and_taken_once(tmp_path: Path) -> None:
    pages = places_run.ParsedPages(max_bytes=100)
    a, b, c = (tmp_path / n for n in "abc")
    pages.keep(a, [1], 40)
    pages.keep(b, [2], 40)
    pages.keep(c, [3], 40)  # over the bound: the oldest, a, is dropped
    assert pages.take(a) is None
    assert pages.take(c) == [3]
    assert pages.take(c) is None
    pages.keep(a, [4], 60)
    assert pages.take(b) == [2]
    assert pages.take(a) == [4]


def test_failed_jobs_are_data_not_exceptions(emulator_factory: Any) -> None:
    emu = emulator_factory(place_failure_rate=0.2)
    with client(emu) as pe:
        results = pe.enrich_many(places(500), ["websites"], chunk_size=200)
        batch = pe.batch(results.batches[0])
        failed = batch.failed()
    failures = results.failures()
    assert 0 < len(failures) < 500
    assert all(f.error_message for f in failures.values())
    assert set(failed) <= set(failures)


def test_invalid_input_and_limits_send_nothing(emulator: EmulatorHandle) -> None:
    with client(emulator) as pe:
        with pytest.raises(InvalidInputError, match="50,000"):
            pe.create_batch(places(50_001), ["websites"])
        with pytest.raises(InvalidInputError) as info:
            pe.enrich_many(
                [*places(3), {"place_id": "p-1", "name": "dup"}, {"place_id": "x"}], ["websites"]
            )
        assert set(info.value.ids) == {"p-1", "x"}
        with pytest.raises(InvalidInputError):
            pe.enrich_many(places(3), [])
        with pytest.raises(InvalidInputError):
            pe.enrich_many(places(3), ["websites"], attribute_set="core")
    # only the pre-flight read of the attributes, no batch
    assert set(emulator.stats()["requests"]) <= {"get_attributes"}
    assert emulator.stats()["batches_created"] == 0


def test_wrong_key_and_wrong_org(emulator_factory: Any) -> None:
    emu = emulator_factory(place_api_keys={"emulator-key": None, "org-key": "other-org"})
    with client(emu, api_key="nope-zq9") as pe, pytest.raises(AuthenticationError) as info:
        pe.enrich_many(places(300), ["websites"], chunk_size=100)
    assert "nope-zq9" not in str(info.value)
    assert emu.stats()["requests"] == {"get_attributes": 1}  # the pre-flight read fails first
    with client(emu, api_key="org-key") as pe, pytest.raises(PermissionDenied):
        pe.create_batch(places(1), ["websites"])


def test_async_twin(emulator: EmulatorHandle) -> None:
    async def main() -> None:
        async with AsyncPlaceEnrichment(api_key=KEY, base_url=emulator.place_base_url(ORG)) as pe:
            batch = await pe.create_batch(places(10), ["websites"], batch_name="async")
            await batch.wait(timeout=30)
            assert len([r async for r in batch.results()]) == 10
            jobs = places(1_200, "a")
            results = await pe.enrich_many(jobs, ["websites"], chunk_size=500)
            assert list(results) == [j["place_id"] for j in jobs]
            assert len(results.batches) == 3
            assert [b.id async for b in pe.batches(query="async")] == [batch.id]

    asyncio.run(main())


def test_a_batch_that_never_finishes_ends_the_run_in_wait_timeout(
    emulator_factory: Any,
) -> None:
    emu = emulator_factory(mode="manual", polls_to_complete=10**9)
    with client(emu, max_wait=0.3) as pe, pytest.raises(WaitTimeout) as caught:
        pe.enrich_many(places(10), ["websites"], chunk_size=5)
    assert caught.value.job_id in caught.value.resume.values()
    assert len(caught.value.resume) == 2
    assert emu.stats()["batches_created"] == 2


def test_a_resumed_run_reuses_the_result_pages_it_already_fetched(
    emulator_factory: Any, tmp_path: Path
) -> None:
    emu = emulator_factory()
    work = tmp_path / "work"
    with client(emu) as pe:
        first = pe.enrich_many(places(30), ["websites"], chunk_size=10, work_dir=work)
    resume = dict(enumerate(first.batches))
    # Every result listing now fails, with no retry: only the saved pages can answer.
    emu.set_faults(error_rate=1.0, operations={"list_jobs"})
    before = emu.stats()["requests"].get("list_jobs", 0)
    with client(emu, retry=RetryPolicy(max_retries=0)) as pe:
        again = pe.enrich_many(
            places(30), ["websites"], chunk_size=10, work_dir=work, resume_batches=resume
        )
    assert list(again) == list(first)
    assert again.failures() == {}
    assert [r.to_row() for r in again.values()] == [r.to_row() for r in first.values()]
    assert emu.stats()["requests"].get("list_jobs", 0) == before
    assert emu.stats()["batches_created"] == 3
    # Pages saved for another batch under the same chunk index are not taken for this one.
    swapped = {0: resume[1], 1: resume[0], 2: resume[2]}
    with client(emu, retry=RetryPolicy(max_retries=0)) as pe, pytest.raises(ServerError):
        pe.enrich_many(
            places(30), ["websites"], chunk_size=10, work_dir=work, resume_batches=swapped
        )


def test_an_iterator_of_places_is_read_while_batches_are_sent(emulator: EmulatorHandle) -> None:
    jobs = places(600)
    read = 0
    read_when_created: dict[int, int] = {}

    def source() -> Any:
        nonlocal read
        for job in jobs:
            read += 1
            yield job

    with client(emulator) as pe:
        streamed = pe.enrich_many(
            source(),
            ["websites"],
            chunk_size=100,
            max_concurrency=2,
            on_batch_created=lambda index, _batch: read_when_created.setdefault(index, read),
        )
        listed = pe.enrich_many(jobs, ["websites"], chunk_size=100)
        names = [b.batch_name for b in pe.batches()]
    assert read_when_created[0] == 100
    assert list(streamed) == list(listed) == [j["place_id"] for j in jobs]
    assert [r.to_row() for r in streamed.values()] == [r.to_row() for r in listed.values()]
    assert sum(1 for n in names if n.endswith("[1]")) == 1  # numbered without a known total
    bad = [*jobs[:250], {"place_id": "nameless", "full_address": "x"}, *jobs[250:]]
    with client(emulator) as pe, pytest.raises(InvalidInputError) as info:
        pe.enrich_many(iter(bad), ["websites"], chunk_size=100)
    assert info.value.ids == ["nameless"]
    assert set(info.value.resume) <= {0, 1}
