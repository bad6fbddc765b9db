"""A hostile or broken server: nothing written outside the chosen directory, the key never sent
to another origin, memory bounded, a clear error, and the CLI's journal intact."""

from __future__ import annotations

import asyncio
import json
import os
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from bulk_enrich import (
    AsyncPingData,
    AuthenticationError,
    BulkEnrichError,
    NotFoundError,
    PingData,
    PollSchedule,
    RetryPolicy,
    ServerError,
    WaitTimeout,
)
from bulk_enrich.cli.journal import journal_path

from faults.hostile import Behaviour, HostileServer, Recorder
from faults.matrix import run_cli
from faults.support import serve, write_input

KEY = "hostile-test-key-0123456789"
RETRY = RetryPolicy(max_retries=2, backoff_base=0.01, backoff_cap=0.02)
POLL = PollSchedule(initial=0.01, factor=1.5, max_delay=0.05)
EVIL_NAMES = [
    "../../x",
    "/etc/x",
    "a/b",
    "..",
    "",
    ".",
    "x/../../y",
    "..\\..\\x",
    "~/x",
    "\x00x",
    ".bashrc",
    "a" * 400,
]


@pytest.fixture
def hostile() -> Iterator[HostileServer]:
    app = HostileServer()
    with serve(app) as served:
        app.base_url = served.base_url
        yield app


@pytest.fixture
def recorder() -> Iterator[tuple[Recorder, str]]:
    app = Recorder()
    try:
        with serve(app, host="127.0.0.2") as served:
            yield app, served.base_url
    except OSError:  # 127.0.0.2 not routable here: another port is another origin too
        with serve(app) as served:
            yield app, served.base_url


def client(server: HostileServer, **kw: object) -> PingData:
    return PingData(KEY, base_url=server.base_url, retry=RETRY, poll=POLL, **kw)  # type: ignore[arg-type]


def locations(n: int) -> list[dict[str, str]]:
    return [{"id": f"L{i}", "address": f"{i} Main St, Boston, MA"} for i in range(n)]


def tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


# --------------------------------------------------------------------------- file names


@pytest.mark.parametrize("name", EVIL_NAMES)
def test_server_chosen_file_names_stay_inside_the_directory(
    hostile: HostileServer, tmp_path: Path, name: str
) -> None:
    hostile.behaviour = Behaviour(filenames=(name, name, "ok.json"))
    sandbox = tmp_path / "sandbox"
    target = sandbox / "downloads"
    target.mkdir(parents=True)
    with client(hostile) as ping:
        job = ping.submit(locations(3), ["PG"])
        paths = job.download(target)
    assert len(paths) == 3
    assert len(set(paths)) == 3  # two outputs with the same name do not overwrite each other
    for path in paths:
        assert path.parent == target
        assert not path.name.startswith(".")
        assert isinstance(json.loads(path.read_text()), dict)
    assert json.loads(paths[-1].read_text())["L0"]["PG"]["is_success"] is True
    assert tree(sandbox) == {"downloads", *(f"downloads/{p.name}" for p in paths)}
    assert tree(tmp_path) == {"sandbox", *(f"sandbox/{p}" for p in tree(sandbox))}


def test_evil_names_through_a_whole_run_and_the_cli(hostile: HostileServer, tmp_path: Path) -> None:
    hostile.behaviour = Behaviour(filenames=tuple(EVIL_NAMES[:6]))
    sandbox = tmp_path / "sandbox"
    sandbox.mkdir()
    with client(hostile) as ping:
        results = ping.enhance_many(locations(30), ["PG"], chunk_size=10, work_dir=sandbox / "w")
    assert len(results) == 30
    assert all(r.is_success for r in results.values())
    src = write_input(sandbox / "in.csv", "ping", 20)
    out = sandbox / "out" / "enriched.csv"
    code, err = run_cli(
        [
            "ping",
            "enhance",
            str(src),
            "-o",
            str(out),
            "--sources",
            "PG",
            "--base-url",
            hostile.base_url,
            "--api-key",
            KEY,
            "--chunk-size",
            "7",
            "--progress",
            "none",
        ]
    )
    assert code == 0, err
    code, err = run_cli(
        [
            "ping",
            "download",
            "job-1",
            "-d",
            str(sandbox / "dl"),
            "--base-url",
            hostile.base_url,
            "--api-key",
            KEY,
        ]
    )
    assert code == 0, err
    assert all(p.startswith(("in.csv", "out", "dl", "w")) for p in tree(sandbox))
    assert tree(tmp_path) == {"sandbox", *(f"sandbox/{p}" for p in tree(sandbox))}


# --------------------------------------------------------------------------- other origins


@pytest.mark.parametrize("where", ["other-origin", "other-scheme", "file", "protocol-relative"])
def test_output_url_elsewhere_never_receives_the_key(
    hostile: HostileServer, recorder: tuple[Recorder, str], tmp_path: Path, where: str
) -> None:
    rec, rec_url = recorder
    url = {
        "other-origin": f"{rec_url}/steal/output.json",
        "other-scheme": hostile.base_url.replace("http://", "https://") + "/x/output.json",
        "file": "file:///etc/passwd",
        "protocol-relative": "//" + rec_url.split("://", 1)[1] + "/steal",
    }[where]
    hostile.behaviour = Behaviour(output_url=url)
    with client(hostile) as ping:
        job = ping.submit(locations(2), ["PG"])
        paths = job.download(tmp_path)
    # The facade fetched the API's own path for the file instead of the foreign URL.
    assert [p.name for p in paths] == ["output.json"]
    assert rec.requests == []
    assert not rec.saw_credentials()
    own = [r for r in hostile.requests if "/output/" in r.path]
    assert own
    assert all(r.headers["authorization"] == f"Token {KEY}" for r in own)


def test_redirect_to_another_origin_is_not_followed(
    hostile: HostileServer, recorder: tuple[Recorder, str], tmp_path: Path
) -> None:
    rec, rec_url = recorder
    hostile.behaviour = Behaviour(redirect_to=f"{rec_url}/steal")
    with client(hostile) as ping:
        job = ping.submit(locations(2), ["PG"])
        with pytest.raises(BulkEnrichError) as caught:
            job.download(tmp_path)
    assert "302" in str(caught.value)
    assert rec.requests == []
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- broken answers


def test_invalid_json_is_a_clear_error(hostile: HostileServer) -> None:
    hostile.behaviour = Behaviour(turn_after=0, turn="invalid-json")
    with client(hostile) as ping:
        job = ping.submit(locations(2), ["PG"])
        with pytest.raises(ServerError) as caught:
            job.wait(timeout=5)
    assert "not JSON" in str(caught.value)
    assert caught.value.body_excerpt is not None
    assert len(caught.value.body_excerpt) <= 301


def test_a_job_that_never_finishes_ends_in_wait_timeout(hostile: HostileServer) -> None:
    hostile.behaviour = Behaviour(never_finish=True)
    with client(hostile) as ping:
        job = ping.submit(locations(2), ["PG"])
        with pytest.raises(WaitTimeout) as caught:
            job.wait(timeout=0.5)
    assert caught.value.job_id == job.id
    # Polled on the schedule, not in a tight loop.
    assert hostile.polls[job.id] <= POLL.polls_within(0.5) + 2


def test_a_job_that_vanishes_mid_wait_is_a_clear_error_with_the_resume_map(
    hostile: HostileServer,
) -> None:
    hostile.behaviour = Behaviour(never_finish=True, turn_after=2, turn="vanish")
    with client(hostile) as ping, pytest.raises(NotFoundError) as caught:
        ping.enhance_many(locations(20), ["PG"], chunk_size=10)
    assert caught.value.status == 404
    assert set(caught.value.resume.values()) <= set(hostile.jobs)
    assert caught.value.resume  # the jobs created so far are handed back


def _enhance_args(hostile: HostileServer, src: Path, out: Path) -> list[str]:
    """``ping enhance`` of ``src`` against the hostile server, 10-row chunks, no progress."""
    return [
        "ping", "enhance", str(src), "-o", str(out), "--sources", "PG",
        "--base-url", hostile.base_url, "--api-key", KEY, "--chunk-size", "10",
        "--progress", "none",
    ]  # fmt: skip


@pytest.mark.parametrize("turn", ["unauthorized", "vanish", "invalid-json"])
def test_cli_keeps_the_journal_when_the_server_turns_mid_run(
    hostile: HostileServer, tmp_path: Path, turn: str
) -> None:
    hostile.behaviour = Behaviour(never_finish=True, turn_after=1, turn=turn)
    src = write_input(tmp_path / "in.csv", "ping", 20)
    out = tmp_path / "out.csv"
    args = _enhance_args(hostile, src, out)
    code, err = run_cli(args)
    assert code == (2 if turn == "unauthorized" else 1)
    assert "Traceback" not in err
    assert KEY not in err
    assert err.strip().splitlines()[-1].startswith("bulk-enrich: error:")
    assert not out.exists()
    journal = json.loads(journal_path(out).read_text())
    assert set(journal["chunks"].values()) == set(hostile.jobs)
    # Once the server behaves again, rerunning resumes the recorded jobs: nothing resubmitted.
    created = len(hostile.jobs)
    hostile.behaviour = Behaviour()
    code, err = run_cli(args)
    assert code == 0, err
    assert len(hostile.jobs) == created == 2
    assert not journal_path(out).exists()


def test_a_401_mid_run_is_an_authentication_error(hostile: HostileServer) -> None:
    hostile.behaviour = Behaviour(never_finish=True, turn_after=1, turn="unauthorized")
    with client(hostile) as ping, pytest.raises(AuthenticationError) as caught:
        ping.enhance_many(locations(20), ["PG"], chunk_size=10)
    assert caught.value.status == 401
    assert KEY not in str(caught.value)


# --------------------------------------------------------------------------- sizes


def test_a_huge_download_streams_to_disk_in_bounded_memory(
    hostile: HostileServer, tmp_path: Path
) -> None:
    size = 48 * 1024 * 1024
    hostile.behaviour = Behaviour(huge_download_bytes=size)
    with client(hostile, timeout=30.0) as ping:
        job = ping.submit(locations(4000), ["PG"])
        job.wait(timeout=5)
        tracemalloc.start()
        try:
            paths = job.download(tmp_path)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert os.path.getsize(paths[0]) > size
    assert peak < 12 * 1024 * 1024  # a quarter of the file


def test_a_huge_api_answer_is_refused_in_bounded_memory(hostile: HostileServer) -> None:
    hostile.behaviour = Behaviour(turn_after=0, turn="huge", huge_bytes=96 * 1024 * 1024)
    with client(hostile, timeout=30.0) as ping:
        job = ping.submit(locations(2), ["PG"])
        tracemalloc.start()
        try:
            with pytest.raises(BulkEnrichError):
                job.refresh()
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert peak < 32 * 1024 * 1024


def test_the_client_never_follows_redirects_or_disables_tls() -> None:
    with PingData(KEY, base_url="https://data-api.sovfixer.com") as ping:
        inner = ping._http.client
        assert inner.follow_redirects is False
        pool = inner._transport._pool  # type: ignore[attr-defined]
        import ssl

        assert pool._ssl_context.verify_mode == ssl.CERT_REQUIRED
        assert pool._ssl_context.check_hostname is True
    assert isinstance(inner, httpx.Client)


# --------------------------------------------------------------------------- overall deadline


def test_a_run_whose_job_never_finishes_ends_in_wait_timeout_with_the_resume_map(
    hostile: HostileServer,
) -> None:
    hostile.behaviour = Behaviour(never_finish=True)
    with client(hostile) as ping, pytest.raises(WaitTimeout) as caught:
        ping.enhance_many(locations(20), ["PG"], chunk_size=10, max_wait=0.3)
    assert caught.value.job_id in hostile.jobs
    assert set(caught.value.resume.values()) == set(hostile.jobs)
    assert len(hostile.jobs) == 2
    # Rerunning with the resume map keeps waiting on the same jobs: nothing resubmitted.
    hostile.behaviour = Behaviour()
    with client(hostile) as ping:
        results = ping.enhance_many(
            locations(20), ["PG"], chunk_size=10, resume_jobs=caught.value.resume
        )
    assert len(results) == 20
    assert all(r.is_success for r in results.values())
    assert len(hostile.jobs) == 2


def test_the_client_max_wait_bounds_an_async_iterating_run(hostile: HostileServer) -> None:
    hostile.behaviour = Behaviour(never_finish=True)

    async def main() -> None:
        async with AsyncPingData(
            KEY, base_url=hostile.base_url, retry=RETRY, poll=POLL, max_wait=0.3
        ) as ping:
            run = ping.iter_enhance_many(locations(5), ["PG"])
            with pytest.raises(WaitTimeout) as caught:
                async for _ in run:
                    pass
            assert set(caught.value.resume.values()) == set(hostile.jobs) != set()

    asyncio.run(main())


def test_cli_max_wait_ends_the_run_and_keeps_the_journal(
    hostile: HostileServer, tmp_path: Path
) -> None:
    hostile.behaviour = Behaviour(never_finish=True)
    src = write_input(tmp_path / "in.csv", "ping", 20)
    out = tmp_path / "out.csv"
    args = _enhance_args(hostile, src, out)
    code, err = run_cli([*args, "--max-wait", "0.3"])
    assert code == 1
    assert "max_wait" in err
    assert "resume" in err
    assert not out.exists()
    journal = json.loads(journal_path(out).read_text())
    assert set(journal["chunks"].values()) == set(hostile.jobs)
    hostile.behaviour = Behaviour()
    code, err = run_cli(args)
    assert code == 0, err
    assert len(hostile.jobs) == 2
    code, err = run_cli([*args, "--max-wait", "0"])
    assert code == 2
    assert "--max-wait" in err


@pytest.mark.parametrize("name", ["..", "."])
def test_a_dots_only_file_name_on_the_fallback_path_still_fetches_the_output(
    hostile: HostileServer, tmp_path: Path, name: str
) -> None:
    # The output URL is on another scheme (never contacted): the facade falls back to the
    # API's own path, where a bare ".." must not normalise to the job's status URL.
    other = hostile.base_url.replace("http://", "https://") + "/x/output.json"
    hostile.behaviour = Behaviour(filenames=(name,), output_url=other)
    with client(hostile) as ping:
        results = ping.enhance_many(locations(5), ["PG"], work_dir=tmp_path / "w")
    assert all(r.is_success for r in results.values())
    fetched = [r.path for r in hostile.requests if "/output/" in r.path]
    assert fetched == [f"/api/v1/bulk_enhance/job-1/output/{name}"]
