"""PingData against the emulator over loopback HTTP."""

from __future__ import annotations

import asyncio
import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from bulk_enrich import AsyncPingData, AuthenticationError, InvalidInputError, PingData, Progress
from bulk_enrich.engine.polling import PollSchedule
from bulk_enrich_emulator import EmulatorHandle

KEY = "emulator-key"


def locations(n: int, prefix: str = "loc", bad_every: int = 0) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for i in range(n):
        if bad_every and i % bad_every == bad_every - 1:
            # Structured parts only: valid input, but nothing the server can geocode.
            out.append({"id": f"{prefix}-{i}", "city": "Nowhere"})
        elif i % 3 == 0:
            out.append(
                {"id": f"{prefix}-{i}", "latitude": 40 + (i % 100) / 1000, "longitude": -75.0}
            )
        else:
            out.append({"id": f"{prefix}-{i}", "address": f"{i} Main St, Springfield, IL 62701"})
    return out


def check_complete(
    results: Any, locs: list[dict[str, Any]], sources: list[str], bad_every: int
) -> None:
    assert list(results) == [loc["id"] for loc in locs]
    failures = results.failures()
    expected_bad = {loc["id"] for loc in locs if "city" in loc}
    assert set(failures) == expected_bad
    for loc_id in list(expected_bad)[:5]:
        assert failures[loc_id].error_message
        assert failures[loc_id]["PG"].is_success is False
    ok = results[locs[0]["id"]]
    assert set(ok) == set(sources)
    assert ok.is_success
    assert isinstance(ok["PG"].latitude, float)


def test_submit_wait_download_results_and_reattach(
    emulator: EmulatorHandle, tmp_path: Path
) -> None:
    with PingData(api_key=KEY, base_url=emulator.base_url) as ping:
        locs = locations(20)
        job = ping.submit(locs, sources=["PG", "PH"])
        seen: list[tuple[int, int]] = []
        status = job.wait(timeout=30, on_progress=lambda done, total: seen.append((done, total)))
        assert status.state == "COMPLETE"
        assert job.status == "COMPLETE"
        assert job.progress == (20, 20)
        assert seen[-1] == (20, 20)
        paths = job.download(tmp_path)
        assert len(paths) == 1
        assert paths[0].parent == tmp_path
        assert paths[0].stat().st_size > 0
        results = list(job.results())
        assert {r.id for r in results} == {loc["id"] for loc in locs}
        row = results[0].to_row()
        assert {"id", "PG.latitude", "PG.is_success", "PH.fema_flood_zone"} <= set(row)

        other = ping.job(job.token)  # as another process would, from plain data
        assert other.id == job.id
        assert other.status == "COMPLETE"
        assert len(list(ping.job(job.id).results())) == 20


def test_single_enhance_datasources_usage(emulator: EmulatorHandle) -> None:
    with PingData(api_key=KEY, base_url=emulator.base_url) as ping:
        result = ping.enhance(address="1 Main St, Springfield, IL 62701", sources=["PG"])
        assert result.is_success
        assert result["PG"].latitude is not None
        assert "PG" in ping.datasources()
        assert ping.datasource("pg").source_code == "PG"
        usage = ping.usage(start="-30d")
        assert usage.totals.total >= 1
        assert ping.limits().scope


def test_enhance_many_chunks_merges_in_order_and_reports(
    emulator: EmulatorHandle, tmp_path: Path
) -> None:
    locs = locations(3_000, bad_every=50)
    created: dict[int, str] = {}
    progress: list[Progress] = []
    with PingData(api_key=KEY, base_url=emulator.base_url) as ping:
        results = ping.enhance_many(
            locs,
            sources=["PG", "PH"],
            chunk_size=700,
            max_concurrency=3,
            on_progress=progress.append,
            on_job_created=lambda i, j: created.__setitem__(i, j),
            work_dir=tmp_path,
        )
    check_complete(results, locs, ["PG", "PH"], 50)
    assert sorted(created) == [0, 1, 2, 3, 4]
    assert results.jobs == [created[i] for i in range(5)]
    assert emulator.stats()["jobs_created"] == 5
    assert progress[-1] == Progress(3_000, 3_000, 5, 5)
    assert all(a.completed <= b.completed for a, b in itertools.pairwise(progress))
    frame = results.to_pandas()
    assert list(frame["id"][:3]) == [loc["id"] for loc in locs[:3]]
    assert "PG.latitude" in frame.columns


def test_resume_reattaches_without_resubmitting(emulator: EmulatorHandle, tmp_path: Path) -> None:
    locs = locations(900)
    with PingData(api_key=KEY, base_url=emulator.base_url) as ping:
        first: dict[int, str] = {}
        run = ping.iter_enhance_many(
            locs,
            sources=["PG"],
            chunk_size=300,
            on_job_created=first.__setitem__,
            work_dir=tmp_path,
        )
        next(run)  # chunk 0 is done; the others are submitted
        run.close()
        assert emulator.stats()["jobs_created"] == len(first) == 3
        again = ping.enhance_many(
            locs, sources=["PG"], chunk_size=300, resume_jobs=first, work_dir=tmp_path
        )
    assert emulator.stats()["jobs_created"] == 3
    assert again.jobs == [first[i] for i in range(3)]
    assert len(again) == 900


def test_iterator_is_ordered_and_validates_before_iteration(emulator: EmulatorHandle) -> None:
    with PingData(api_key=KEY, base_url=emulator.base_url) as ping:
        with pytest.raises(InvalidInputError):
            ping.iter_enhance_many([{"id": "a"}], sources=["PG"])  # raises now, not on next()
        locs = locations(1_000)
        ids = [loc_id for loc_id, _ in ping.iter_enhance_many(locs, sources=["PG"], chunk_size=400)]
    assert ids == [loc["id"] for loc in locs]


def test_on_invalid_fail_reports_unlocatable_rows_without_sending_them(
    emulator: EmulatorHandle,
) -> None:
    locs = [{"id": "ok", "address": "1 Main St, Springfield, IL"}, {"id": "empty", "address": "  "}]
    with PingData(api_key=KEY, base_url=emulator.base_url) as ping:
        results = ping.enhance_many(locs, sources=["PG"], on_invalid="fail")
    assert results["ok"].is_success
    assert "not sent" in (results["empty"]["PG"].error_message or "")


def test_wrong_key_fails_before_more_than_one_chunk_is_submitted(emulator: EmulatorHandle) -> None:
    with (
        PingData(api_key="wrong-key-zq9", base_url=emulator.base_url) as ping,
        pytest.raises(AuthenticationError) as info,
    ):
        ping.enhance_many(locations(2_000), sources=["PG"], chunk_size=200, max_concurrency=8)
    assert "wrong-key-zq9" not in str(info.value)
    stats = emulator.stats()
    assert stats["requests"] == {"list_datasources": 1}  # the pre-flight read fails first
    assert stats["jobs_created"] == 0


def test_invalid_input_is_named_and_nothing_is_sent(emulator: EmulatorHandle) -> None:
    locs = locations(10)
    locs[4]["id"] = locs[3]["id"]
    locs[7] = {"id": "no-where", "address": ""}
    with PingData(api_key=KEY, base_url=emulator.base_url) as ping:
        with pytest.raises(InvalidInputError) as info:
            ping.enhance_many(locs, sources=["PG"])
        with pytest.raises(InvalidInputError):
            ping.enhance_many(locations(3), sources=[])
        with pytest.raises(InvalidInputError):
            ping.submit(locs, sources=["PG"])
    assert set(info.value.ids) == {locs[3]["id"], "no-where"}
    # only the pre-flight reads (sources, quota), no job
    assert set(emulator.stats()["requests"]) <= {"list_datasources", "get_limits"}
    assert emulator.stats()["jobs_created"] == 0


def test_short_job_is_seen_done_within_a_second(emulator_factory: Any) -> None:
    emu = emulator_factory(rate=1_000_000.0, queue_delay=0.3)
    with PingData(api_key=KEY, base_url=emu.base_url) as ping:
        job = ping.submit(locations(1), sources=["PG"])
        job.wait(timeout=10)
    polls = emu.stats()["status_polls"][job.id]
    # Polls land at 0.10, 0.26, 0.52, 0.93 s after submission: the 4th is under a second.
    assert polls <= 4
    timing = emu.stats()["jobs"][job.id]
    assert timing["finished_at"] - timing["created_at"] >= 0.29  # it really took 0.3 s


def test_long_job_is_polled_about_log_times(emulator_factory: Any) -> None:
    # Time-scaled by 1/20: a 3 s job with a schedule 20 times faster polls as often as a 60 s
    # job with the default schedule (the count depends only on the ratio; each poll's round
    # trip, not scaled, stretches the gaps a little, so a few polls fewer).
    scale = 20.0
    default = PollSchedule()
    fast = PollSchedule(initial=default.initial / scale, min_interval=default.min_interval / scale)
    emu = emulator_factory(rate=1_000_000.0, queue_delay=60.0 / scale)
    with PingData(api_key=KEY, base_url=emu.base_url, poll=fast) as ping:
        job = ping.submit(locations(1), sources=["PG"])
        job.wait(timeout=30)
    polls = emu.stats()["status_polls"][job.id]
    expected = default.polls_within(60)  # 43: about 27 more per tenfold of the job's time
    assert expected // 2 <= polls <= expected + 2


def test_async_twin_same_surface(emulator: EmulatorHandle) -> None:
    async def main() -> None:
        async with AsyncPingData(api_key=KEY, base_url=emulator.base_url) as ping:
            job = await ping.submit(locations(5), sources=["PG"])
            await job.wait(timeout=30)
            assert len([r async for r in job.results()]) == 5
            locs = locations(1_500, bad_every=100)
            results = await ping.enhance_many(locs, sources=["PG"], chunk_size=500)
            check_complete(results, locs, ["PG"], 100)
            assert len(results.jobs) == 3
            ids = [
                i
                async for i, _ in ping.iter_enhance_many(locs[:600], sources=["PG"], chunk_size=250)
            ]
            assert ids == [loc["id"] for loc in locs[:600]]
            assert (
                await ping.enhance(address="1 Main St, Springfield, IL", sources=["PG"])
            ).is_success

    asyncio.run(main())


def test_async_wrong_key(emulator: EmulatorHandle) -> None:
    async def main() -> None:
        async with AsyncPingData(api_key="nope", base_url=emulator.base_url) as ping:
            with pytest.raises(AuthenticationError):
                await ping.enhance_many(locations(1_000), sources=["PG"], chunk_size=100)

    asyncio.run(main())
    assert emulator.stats()["requests"] == {"list_datasources": 1}  # the pre-flight read fails


class Counting:
    """An iterator over ``items`` that records how many were read."""

    def __init__(self, items: list[dict[str, Any]]) -> None:
        self.read = 0
        self._items = iter(items)

    def __iter__(self) -> Counting:
        return self

    def __next__(self) -> dict[str, Any]:
        item = next(self._items)
        self.read += 1
        return item


def test_an_iterator_is_read_while_chunks_are_sent(emulator: EmulatorHandle) -> None:
    locs = locations(1_000, bad_every=7)
    source = Counting(locs)
    read_when_created: dict[int, int] = {}
    with PingData(api_key=KEY, base_url=emulator.base_url) as ping:
        run = ping.iter_enhance_many(
            source,
            sources=["PG"],
            chunk_size=100,
            max_concurrency=2,
            on_invalid="fail",
            on_job_created=lambda index, _job: read_when_created.setdefault(index, source.read),
        )
        assert source.read == 0  # nothing read before iteration starts
        streamed = list(run)
        listed = ping.enhance_many(locs, sources=["PG"], chunk_size=100, on_invalid="fail")
    # The first job went out after its own chunk was read, not the whole input; reading stays
    # within the free slots ahead of the jobs.
    assert read_when_created[0] == 100
    assert max(read_when_created[i] - 100 * (i + 1) for i in read_when_created) <= 200
    assert source.read == 1_000
    assert [loc_id for loc_id, _ in streamed] == list(listed)
    assert [r.to_row() for _, r in streamed] == [r.to_row() for r in listed.values()]
    assert emulator.stats()["jobs_created"] == 20
    assert run.progress == Progress(1_000, 1_000, 10, 10)


@pytest.mark.parametrize("on_invalid", ["raise", "fail"])
def test_iterator_input_sends_the_same_bytes_as_a_list(
    emulator: EmulatorHandle, on_invalid: str, recording: type[Any]
) -> None:
    # From an iterator the locations are serialised once, when the chunk's size is measured,
    # and that JSON goes into the request; a list input builds the body the usual way.
    locs = locations(450)
    locs[3]["address"] = "Café Straße 1, Zürich \u2603"  # escapes in the reused JSON
    if on_invalid == "fail":
        locs[120] = {"id": "no-address"}  # rejected: that chunk's body is built anew
    bodies = []
    for source in (iter(locs), locs):
        transport = recording()
        with PingData(api_key=KEY, base_url=emulator.base_url, transport=transport) as ping:
            results = ping.enhance_many(
                source,
                sources=["PG", "PH"],
                chunk_size=100,
                on_invalid=on_invalid,
            )
        assert len(results) == len(locs)
        bodies.append(sorted(transport.posted))
    streamed, listed = bodies
    assert len(streamed) == 5
    assert streamed == listed
    first = json.loads(listed[0])
    assert first["sources"] == ["PG", "PH"]
    assert len(first["locations"]) == 100


def test_a_bad_item_in_an_iterator_stops_sending_and_keeps_the_jobs(
    emulator: EmulatorHandle,
) -> None:
    locs = locations(1_000)
    locs[550] = {"id": "bad-one", "latitude": 123.0, "longitude": 0.0}
    with PingData(api_key=KEY, base_url=emulator.base_url) as ping:
        with pytest.raises(InvalidInputError) as info:
            list(ping.iter_enhance_many(iter(locs), sources=["PG"], chunk_size=100))
        created = emulator.stats()["jobs_created"]
        assert info.value.ids == ["bad-one"]
        assert "550" in str(info.value)
        # The jobs sent are in the resume map; nothing at or after the bad item (chunk 5) was
        # sent (reading runs ahead of the jobs by the free slots, so fewer may have been).
        assert 1 <= created <= 5
        assert sorted(info.value.resume) == list(range(created))
        locs[550] = {"id": "bad-one", "latitude": 12.0, "longitude": 0.0}
        fixed = ping.enhance_many(
            iter(locs), sources=["PG"], chunk_size=100, resume_jobs=info.value.resume
        )
    assert len(fixed) == 1_000
    assert fixed["bad-one"].is_success
    assert emulator.stats()["jobs_created"] == 10  # the kept jobs were reattached
    assert fixed.jobs[:created] == [info.value.resume[i] for i in range(created)]


def test_resume_map_beyond_an_iterators_chunks_is_refused(emulator: EmulatorHandle) -> None:
    with (
        PingData(api_key=KEY, base_url=emulator.base_url) as ping,
        pytest.raises(InvalidInputError, match="resume: no chunk 5"),
    ):
        list(
            ping.iter_enhance_many(
                iter(locations(300)), sources=["PG"], chunk_size=100, resume_jobs={5: "x"}
            )
        )


def test_async_reads_an_iterator_while_sending(emulator: EmulatorHandle) -> None:
    locs = locations(500)

    async def go() -> list[str]:
        async with AsyncPingData(api_key=KEY, base_url=emulator.base_url) as ping:
            run = ping.iter_enhance_many(iter(locs), sources=["PG"], chunk_size=100)
            return [loc_id async for loc_id, _ in run]

    assert asyncio.run(go()) == [loc["id"] for loc in locs]
    assert emulator.stats()["jobs_created"] == 5
