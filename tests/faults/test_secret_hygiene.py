"""Secret hygiene: with every logger at DEBUG and an error forced at every stage, the key is in
no log line, exception text or repr, traceback, journal, work file or output file."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from bulk_enrich import (
    AsyncPingData,
    BulkEnrichError,
    PingData,
    PlaceEnrichment,
    PollSchedule,
    RetryPolicy,
)
from bulk_enrich_emulator import EmulatorConfig, FaultConfig, running

from faults.hostile import Behaviour, HostileServer
from faults.matrix import cli_tuning, run_cli
from faults.support import refused_port, serve, write_input

CANARY = "sk-live-CANARY-7f3a9c2e5b1d"
WRONG = "sk-live-WRONGKEY-0d9e8f7a6b5c"
RETRY = RetryPolicy(max_retries=1, backoff_base=0.01, backoff_cap=0.02)
POLL = PollSchedule(initial=0.01, factor=1.5, max_delay=0.05)
LOCS = [{"id": f"L{i}", "address": f"{i} Main St, Boston, MA 02110"} for i in range(12)]
PLACES = [{"place_id": f"P{i}", "name": f"Shop {i}"} for i in range(6)]


@contextlib.contextmanager
def everything_at_debug(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    names = ["", "bulk_enrich", "httpx", "httpcore", "uvicorn", "uvicorn.error"]
    previous = {n: logging.getLogger(n).level for n in names}
    for n in names:
        logging.getLogger(n).setLevel(logging.DEBUG)
    caplog.set_level(logging.DEBUG)
    try:
        yield
    finally:
        for n, level in previous.items():
            logging.getLogger(n).setLevel(level)


def texts_of(exc: BaseException) -> list[str]:
    out = [str(exc), repr(exc), "".join(traceback.format_exception(exc))]
    for name in ("message", "body_excerpt", "request_id", "job_id"):
        out.append(str(getattr(exc, name, "")))
    out.append(repr(getattr(exc, "resume", "")))
    return out


def assert_no_key(texts: list[str], *keys: str) -> None:
    for text in texts:
        for key in keys:
            assert key not in text, f"key leaked in: {text[:300]!r}"
            assert key[8:] not in text  # not even its distinctive tail


def files_text(root: Path) -> list[str]:
    return [p.read_bytes().decode("utf-8", "replace") for p in root.rglob("*") if p.is_file()]


Stage = Callable[[str, Path], None]


def _ping(url: str, key: str = CANARY) -> PingData:
    return PingData(key, base_url=url, retry=RETRY, poll=POLL)


def stage_submit(url: str, work: Path) -> None:
    with _ping(url) as ping:
        ping.enhance_many(LOCS, ["PG"], chunk_size=4, work_dir=work)


@pytest.mark.parametrize(
    ("stage", "faults"),
    [
        ("submit 5xx", {"error_rate": 1.0, "operations": ["start_bulk_enhance"]}),
        ("poll 5xx", {"error_rate": 1.0, "operations": ["get_bulk_enhance_status"]}),
        ("poll drop", {"drop_rate": 1.0, "operations": ["get_bulk_enhance_status"]}),
        ("download corrupt", {"corrupt_rate": 1.0}),
        ("download truncated", {"truncate_rate": 1.0}),
        ("throttled", {"rate_limit_rate": 1.0, "retry_after": 0.01}),
    ],
)
def test_no_key_anywhere_when_a_stage_fails(
    stage: str, faults: dict[str, Any], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = EmulatorConfig(
        rate=20_000.0, queue_delay=0.01, ping_api_keys=(CANARY,), place_api_keys={CANARY: None}
    )
    with everything_at_debug(caplog), running(config) as emu:
        emu.set_faults(FaultConfig.from_dict(faults))
        with _ping(emu.base_url) as ping:
            assert_no_key([repr(ping), str(vars(ping))])
            with pytest.raises(BulkEnrichError) as caught:
                ping.enhance_many(LOCS, ["PG"], chunk_size=4, work_dir=tmp_path / "work")
        with pytest.raises(BulkEnrichError) as async_caught:
            asyncio.run(_async_run(emu.base_url, tmp_path / "awork"))
        emu.set_faults(FaultConfig.from_dict({**faults, "operations": None}))
        with (
            PlaceEnrichment(
                CANARY, org_slug="acme", base_url=emu.base_url, retry=RETRY, poll=POLL
            ) as places,
            contextlib.suppress(BulkEnrichError),
        ):
            places.enrich_many(PLACES, ["websites"], chunk_size=3)
    logged = [r.getMessage() for r in caplog.records] + [caplog.text]
    assert_no_key(
        logged + texts_of(caught.value) + texts_of(async_caught.value) + files_text(tmp_path),
        CANARY,
    )


async def _async_run(url: str, work: Path) -> None:
    async with AsyncPingData(CANARY, base_url=url, retry=RETRY, poll=POLL) as ping:
        assert_no_key([repr(ping)], CANARY)
        await ping.enhance_many(LOCS, ["PG"], chunk_size=4, work_dir=work)


def test_a_wrong_key_is_not_echoed(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    config = EmulatorConfig(rate=20_000.0, ping_api_keys=(CANARY,), place_api_keys={CANARY: None})
    with everything_at_debug(caplog), running(config) as emu:
        with _ping(emu.base_url, WRONG) as ping, pytest.raises(BulkEnrichError) as ping_err:
            ping.enhance_many(LOCS, ["PG"])
        with (
            PlaceEnrichment(WRONG, org_slug="acme", base_url=emu.base_url, retry=RETRY) as places,
            pytest.raises(BulkEnrichError) as place_err,
        ):
            places.enrich_many(PLACES, ["websites"])
    assert ping_err.value.status == 401
    assert place_err.value.status == 401
    assert_no_key(
        [caplog.text, *texts_of(ping_err.value), *texts_of(place_err.value)], WRONG, CANARY
    )


def test_refused_connection_and_hostile_answers_do_not_leak(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    errors: list[BaseException] = []
    with everything_at_debug(caplog):
        with refused_port() as port, _ping(f"http://127.0.0.1:{port}") as ping:
            try:
                ping.enhance_many(LOCS, ["PG"])
            except BulkEnrichError as exc:
                errors.append(exc)
        for turn in ("invalid-json", "unauthorized", "vanish"):
            app = HostileServer(Behaviour(never_finish=True, turn_after=0, turn=turn))
            with serve(app) as served, _ping(served.base_url) as ping:
                app.base_url = served.base_url
                try:
                    ping.enhance_many(LOCS, ["PG"], work_dir=tmp_path / turn)
                except BulkEnrichError as exc:
                    errors.append(exc)
    assert len(errors) == 4
    texts = [caplog.text]
    for exc in errors:
        texts += texts_of(exc)
    assert_no_key(texts + files_text(tmp_path), CANARY)


@pytest.mark.parametrize(
    "faults",
    [{"error_rate": 1.0, "operations": ["get_bulk_enhance_status"]}, {"corrupt_rate": 1.0}, {}],
)
def test_cli_at_debug_never_prints_or_stores_the_key(
    faults: dict[str, Any], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = EmulatorConfig(rate=20_000.0, queue_delay=0.01, ping_api_keys=(CANARY,))
    src = write_input(tmp_path / "in.csv", "ping", 30)
    out = tmp_path / "out.csv"
    with everything_at_debug(caplog), running(config) as emu, cli_tuning():
        emu.set_faults(FaultConfig.from_dict(faults))
        code, err = run_cli(
            [
                "ping",
                "enhance",
                str(src),
                "-o",
                str(out),
                "--sources",
                "PG,PH",
                "--base-url",
                emu.base_url,
                "--api-key",
                CANARY,
                "--chunk-size",
                "10",
                "--progress",
                "none",
                "-vv",
            ]
        )
    assert code == (0 if not faults else 1), err
    assert_no_key([err, caplog.text, *files_text(tmp_path)], CANARY)
