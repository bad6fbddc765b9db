"""Answers that flood, drip, lie and loop: every one ends in a library error, in bounded memory,
by its deadline, and nothing it sent is kept or reused.

Each test would hang, blow up memory or keep a bad file without the client's own bounded
reading (see :mod:`bulk_enrich.engine.bodies`) and per-attempt deadlines.
"""

from __future__ import annotations

import functools
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from bulk_enrich import (
    BulkEnrichError,
    DownloadError,
    PingData,
    PollSchedule,
    RetryPolicy,
    ServerError,
    WaitTimeout,
)

from faults import misbehave
from faults.hostile import HostileServer
from faults.support import serve

KEY = "hostile-test-key-0123456789"
RETRY = RetryPolicy(max_retries=2, backoff_base=0.01, backoff_cap=0.02)
POLL = PollSchedule(initial=0.01, factor=1.5, max_delay=0.05)
LOCATIONS = [{"id": f"L{i}", "address": f"{i} Main St, Springfield, IL"} for i in range(6)]
MIB = 1 << 20


@pytest.fixture
def hostile() -> Iterator[HostileServer]:
    app = HostileServer()
    with serve(app) as served:
        app.base_url = served.base_url
        yield app


def client(server: HostileServer, **kw: object) -> PingData:
    return PingData(KEY, base_url=server.base_url, retry=RETRY, poll=POLL, **kw)  # type: ignore[arg-type]


@functools.cache
def _bomb(expanded: int, layers: int) -> misbehave.Hook:
    return misbehave.gzip_bomb(expanded, layers)


def _peak_mib(run: object) -> float:
    tracemalloc.start()
    try:
        run()  # type: ignore[operator]
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak / MIB


@pytest.mark.parametrize("layers", [1, 2])
def test_a_compressed_bomb_in_a_status_answer_is_refused_in_bounded_memory(
    hostile: HostileServer, layers: int
) -> None:
    hostile.behaviour.status_hook = _bomb(512 * MIB, layers)
    with client(hostile) as ping:
        job = ping.submit(LOCATIONS, ["PG"])
        errors: list[BaseException] = []

        def refresh() -> None:
            try:
                job.refresh()
            except BaseException as exc:
                errors.append(exc)

        peak = _peak_mib(refresh)
    assert len(errors) == 1, errors
    assert isinstance(errors[0], ServerError), errors
    assert ("not accepted" if layers == 2 else "larger than") in str(errors[0])
    assert peak < 100, f"peak {peak:.0f} MiB while refusing a {layers}-layer gzip bomb"


def test_a_dripping_status_answer_ends_at_the_waits_timeout(hostile: HostileServer) -> None:
    hostile.behaviour.status_hook = misbehave.drip(0.1)
    with client(hostile) as ping:
        job = ping.submit(LOCATIONS, ["PG"])
        with pytest.raises(WaitTimeout):
            job.wait(timeout=1.5)


def test_a_dripping_status_answer_ends_a_run_at_max_wait(hostile: HostileServer) -> None:
    hostile.behaviour.status_hook = misbehave.drip(0.1)
    with client(hostile, max_wait=1.5) as ping, pytest.raises(WaitTimeout) as caught:
        ping.enhance_many(LOCATIONS, ["PG"], chunk_size=3)
    assert sorted(caught.value.resume) == [0, 1], "the resume map names both jobs"


def test_retry_after_zero_on_a_running_job_does_not_storm(hostile: HostileServer) -> None:
    hostile.behaviour.status_hook = misbehave.retry_after_zero()
    with client(hostile) as ping:
        job = ping.submit(LOCATIONS, ["PG"])
        with pytest.raises(WaitTimeout):
            job.wait(timeout=2.0)
    polls = hostile.polls[job.id]
    assert polls <= 8, f"{polls} polls in 2 s for Retry-After: 0 (a floor keeps them apart)"


def test_deeply_nested_json_is_a_server_error(hostile: HostileServer) -> None:
    hostile.behaviour.status_hook = misbehave.deep_json()
    with client(hostile) as ping:
        job = ping.submit(LOCATIONS, ["PG"])
        with pytest.raises(BulkEnrichError):
            job.refresh()


def test_a_download_cut_short_without_a_length_is_retried(
    hostile: HostileServer, tmp_path: Path
) -> None:
    hostile.behaviour.download_hook = misbehave.cut_short(1)
    with client(hostile) as ping:
        results = ping.enhance_many(LOCATIONS, ["PG"], work_dir=tmp_path)
    assert [r.is_success for r in results.values()] == [True] * len(LOCATIONS)
    assert hostile.behaviour.downloads == 2


def test_a_download_always_cut_short_is_an_error_and_never_kept(
    hostile: HostileServer, tmp_path: Path
) -> None:
    hostile.behaviour.download_hook = misbehave.cut_short(99)
    with client(hostile) as ping, pytest.raises(DownloadError) as caught:
        ping.enhance_many(LOCATIONS, ["PG"], work_dir=tmp_path)
    assert caught.value.resume == {0: "job-1"}
    assert not list(tmp_path.iterdir()), "no partial file is left to be reused on resume"


def test_a_corrupt_gzip_download_is_retried(hostile: HostileServer, tmp_path: Path) -> None:
    hostile.behaviour.download_hook = misbehave.corrupt_gzip(1)
    with client(hostile) as ping:
        results = ping.enhance_many(LOCATIONS, ["PG"], work_dir=tmp_path)
    assert all(r.is_success for r in results.values())
    assert hostile.behaviour.downloads == 2


def test_a_flooding_download_stops_at_the_cap(hostile: HostileServer, tmp_path: Path) -> None:
    hostile.behaviour.download_hook = misbehave.flood()
    with client(hostile, max_download_bytes=8 * MIB) as ping:
        job = ping.submit(LOCATIONS, ["PG"])
        with pytest.raises(DownloadError, match="larger than"):
            job.download(tmp_path)
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:99999/out.json",  # a port out of range
        "{base}/api/v1/bulk_enhance/job-1/output/a\tb",  # a tab, on the API's own origin
        "http://[::1/x",  # an unclosed IPv6 host
    ],
)
def test_output_urls_that_are_not_urls_never_escape_as_raw_errors(
    hostile: HostileServer, tmp_path: Path, url: str
) -> None:
    hostile.behaviour.output_url = url.format(base=hostile.base_url)
    with client(hostile) as ping:
        job = ping.submit(LOCATIONS, ["PG"])
        job.wait(timeout=30)
        try:
            paths = job.download(tmp_path)
        except DownloadError:
            assert not list(tmp_path.iterdir())
        else:  # another origin's URL: the API's own output path was used instead
            assert [p.parent for p in paths] == [tmp_path]


def test_server_chosen_ids_reach_logs_and_errors_escaped(
    hostile: HostileServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    hostile.behaviour.job_id_format = "job-{n}\n\x1b[31mFORGED LINE"
    hostile.behaviour.download_hook = misbehave.cut_short(99)
    caplog.set_level("DEBUG", logger="bulk_enrich")
    with client(hostile) as ping, pytest.raises(DownloadError) as caught:
        ping.enhance_many(LOCATIONS, ["PG"], work_dir=tmp_path)
    assert caught.value.resume == {0: "job-1\n\x1b[31mFORGED LINE"}  # the id itself is kept
    texts = [r.getMessage() for r in caplog.records] + [str(caught.value)]
    assert any("FORGED" in text for text in texts)
    for text in texts:
        assert "\x1b" not in text, text
        assert "\n" not in text, text


@pytest.mark.parametrize("whole", [True, False], ids=["parsed-whole", "streamed"])
def test_an_id_given_twice_in_an_output_resolves_the_same_way_at_any_size(
    hostile: HostileServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, whole: bool
) -> None:
    from bulk_enrich.engine import jsonstream

    if not whole:  # as an output larger than the whole-document limit is read
        monkeypatch.setattr(jsonstream, "WHOLE_DOCUMENT_BYTES", 0)
    hostile.behaviour.download_hook = misbehave.duplicate_first_id(9.5)
    with client(hostile) as ping:
        results = ping.enhance_many(LOCATIONS, ["PG"], work_dir=tmp_path)
    assert list(results) == [loc["id"] for loc in LOCATIONS]
    assert results["L0"]["PG"].latitude == 9.5  # the last value, as a JSON object means it
    assert results["L1"]["PG"].latitude == 42.0
