"""Credits spent once and never by mistake: pre-flight, dry run, dedupe and the result cache."""

from __future__ import annotations

import csv
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bulk_enrich import PingData, PlaceEnrichment
from bulk_enrich.cli.journal import journal_path, parts_dir
from bulk_enrich.preflight import QuotaExceededError, UnknownNameError

from .conftest import KEY, SOV_HEADER, SOV_ROWS, read_csv, write_csv

Run = Callable[..., tuple[int, str, str]]


def _ping(emulator: Any, src: Path, out: Path, *extra: str) -> list[str]:
    return [
        "ping", "enhance", str(src), "-o", str(out), "--sources", "PG",
        "--base-url", emulator.base_url, "--api-key", KEY, "--progress", "none", *extra,
    ]  # fmt: skip


def _sent(emulator: Any) -> int:
    """Locations the emulator was sent, over every job."""
    return sum(job["size"] for job in emulator.stats()["jobs"].values())


def test_unknown_sources_exit_2_before_any_job(
    emulator: Any, sov_csv: Path, tmp_path: Path, run_cli: Run
) -> None:
    out = tmp_path / "o.csv"
    args = _ping(emulator, sov_csv, out)
    args[args.index("PG")] = "pg,PX"
    code, _, err = run_cli(*args)
    assert code == 2
    assert "--sources: unknown PX; valid: " in err
    assert "PG" in err
    assert emulator.stats()["jobs_created"] == 0
    assert not out.exists()
    assert not journal_path(out).exists()
    assert not parts_dir(out).exists()


def test_sources_are_case_normalised(
    emulator: Any, sov_csv: Path, tmp_path: Path, run_cli: Run
) -> None:
    args = _ping(emulator, sov_csv, tmp_path / "o.csv")
    args[args.index("PG")] = "pg,Ph"
    code, _, err = run_cli(*args, "--strict")
    assert code == 1  # one row has nothing to locate
    assert "source PG: 5 succeeded, 1 failed" in err
    assert "source PH: 5 succeeded, 1 failed" in err


def test_unknown_attributes_exit_2_before_any_batch(
    emulator: Any, tmp_path: Path, run_cli: Run
) -> None:
    src = write_csv(tmp_path / "s.csv", ["id", "name", "address"], [["1", "Cafe", "1 Main St"]])
    code, _, err = run_cli(
        "places", "enrich", str(src), "-o", str(tmp_path / "o.csv"), "--attributes", "website",
        "--base-url", emulator.base_url, "--api-key", KEY, "--org", "acme",
    )  # fmt: skip
    assert code == 2
    assert "--attributes: unknown website; valid: " in err
    assert "websites" in err
    assert emulator.stats()["batches_created"] == 0


def test_a_run_over_quota_stops_before_sending_unless_allowed(
    emulator_factory: Callable[..., Any], sov_csv: Path, tmp_path: Path, run_cli: Run
) -> None:
    emulator = emulator_factory(daily_quota=3)
    out = tmp_path / "o.csv"
    code, _, err = run_cli(*_ping(emulator, sov_csv, out))
    assert code == 2
    assert "PG needs 5, 3 left of the daily quota" in err
    assert emulator.stats()["jobs_created"] == 0
    assert not out.exists()
    assert not parts_dir(out).exists()
    code, _, err = run_cli(*_ping(emulator, sov_csv, out, "--allow-partial"))
    assert code == 0, err
    assert emulator.stats()["jobs_created"] == 1


def test_dry_run_sends_nothing_but_reads(
    emulator: Any, sov_csv: Path, tmp_path: Path, run_cli: Run
) -> None:
    out = tmp_path / "o.csv"
    cache = ["--cache", str(tmp_path / "c.db"), "--cache-max-age", "forever"]
    code, _, err = run_cli(*_ping(emulator, sov_csv, out, "--dry-run", *cache))
    assert code == 0, err
    assert "rows per form: 4 structured, 1 coordinates, 1 none" in err
    assert "5 distinct locations to look up, 5 to send" in err
    assert "source PG: 5 credits; remaining today 5,000,000, this month 100,000,000" in err
    assert "mapping: id <- 'Loc #'" in err
    stats = emulator.stats()
    assert stats["jobs_created"] == 0
    assert set(stats["requests"]) == {"list_datasources", "get_limits"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sov.csv"]


def test_the_library_checks_before_any_job(emulator: Any, emulator_factory: Any) -> None:
    with PingData(api_key=KEY, base_url=emulator.base_url) as ping:
        with pytest.raises(UnknownNameError) as info:
            ping.enhance_many([{"id": "1", "address": "1 Main St"}], sources=["PX"])
        assert info.value.unknown == ["PX"]
        assert "PG" in info.value.valid
    with (
        PlaceEnrichment(api_key=KEY, org_slug="acme", base_url=emulator.base_url) as places,
        pytest.raises(UnknownNameError),
    ):
        places.enrich_many([{"place_id": "1", "inputs": {"name": "x"}}], ["website"])
    small = emulator_factory(daily_quota=1)
    locations = [{"id": str(i), "address": f"{i} Main St, Boston, MA"} for i in range(2)]
    with PingData(api_key=KEY, base_url=small.base_url) as ping:
        with pytest.raises(QuotaExceededError, match="PG needs 2, 1 left"):
            ping.enhance_many(locations, sources=["pg"])
        results = ping.enhance_many(locations, sources=["pg"], allow_partial=True)
    assert len(results) == 2
    assert emulator.stats()["jobs_created"] == 0
    assert emulator.stats()["batches_created"] == 0


# 50,000 rows as the issue asks: 35,000 distinct addresses, 15,000 rows (30 %) repeating one
# of them in another spelling (case, spaces, punctuation). About 10 s on two shared cores.
ROWS, DISTINCT = 50_000, 35_000


def _portfolio(path: Path, changed: int | None = None) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Loc #", "Street", "City", "State", "Zip"])
        for n in range(ROWS):
            k = n if n < DISTINCT else (n * 7919) % DISTINCT
            street = f"{k + 1} Main St" if n < DISTINCT else f"{k + 1}  MAIN st."
            if n == changed:
                street = f"{k + 1} Elm St"
            writer.writerow([f"L{n}", street, "Boston", "MA", "02110"])
    return path


def test_identical_locations_are_sent_once_and_cached_across_runs(
    emulator: Any, tmp_path: Path, run_cli: Run
) -> None:
    src = _portfolio(tmp_path / "big.csv")
    out = tmp_path / "big.out.csv"
    cache = ["--cache", str(tmp_path / "cache.db"), "--cache-max-age", "30d"]
    started = time.monotonic()
    code, _, err = run_cli(*_ping(emulator, src, out, "--chunk-size", "20000", *cache))
    assert code == 0, err
    assert _sent(emulator) == DISTINCT
    assert f"saved {ROWS - DISTINCT:,} lookups: rows with a location an earlier row has" in err
    rows = read_csv(out)
    assert len(rows) == ROWS
    assert all(r["PG.is_success"] == "true" for r in rows)
    first = {r["Loc #"]: r["PG.latitude"] for r in rows}
    assert first["L49999"] == first[f"L{(49_999 * 7919) % DISTINCT}"]
    jobs = emulator.stats()["jobs_created"]

    code, _, err = run_cli(*_ping(emulator, src, tmp_path / "again.csv", *cache))
    assert code == 0, err
    assert emulator.stats()["jobs_created"] == jobs  # nothing sent
    assert f"saved {DISTINCT:,} lookups: results from the cache" in err
    assert (tmp_path / "again.csv").read_bytes() == out.read_bytes()

    changed = _portfolio(tmp_path / "renewal.csv", changed=123)
    code, _, err = run_cli(*_ping(emulator, changed, tmp_path / "renewal.out.csv", *cache))
    assert code == 0, err
    assert _sent(emulator) == DISTINCT + 1  # only the changed row
    assert time.monotonic() - started < 60


def test_no_dedupe_and_the_cache_flags(emulator: Any, tmp_path: Path, run_cli: Run) -> None:
    rows = [list(SOV_ROWS[0]), list(SOV_ROWS[0]), list(SOV_ROWS[5])]
    rows[1][0] = "L1b"
    src = write_csv(tmp_path / "dup.csv", SOV_HEADER, rows)
    code, _, err = run_cli(*_ping(emulator, src, tmp_path / "o.csv", "--no-dedupe"))
    assert code == 0, err
    assert _sent(emulator) == 3
    code, _, err = run_cli(*_ping(emulator, src, tmp_path / "o.csv", "--cache", "c.db"))
    assert code == 2
    assert "--cache needs --cache-max-age" in err
    code, _, err = run_cli(*_ping(emulator, src, tmp_path / "o.csv", "--cache-max-age", "1d"))
    assert code == 2
    assert "--cache-max-age needs --cache" in err


def test_the_async_clients_check_before_any_job(emulator: Any) -> None:
    import asyncio

    from bulk_enrich import AsyncPingData, AsyncPlaceEnrichment

    async def main() -> None:
        async with AsyncPingData(api_key=KEY, base_url=emulator.base_url) as ping:
            with pytest.raises(UnknownNameError, match="unknown sources: PX"):
                await ping.enhance_many([{"id": "1", "address": "1 Main St"}], ["PX"])
            done = await ping.enhance_many(
                [{"id": "1", "address": "1 Main St, Boston, MA"}], ["pg"]
            )
            assert done["1"].is_success
        async with AsyncPlaceEnrichment(
            api_key=KEY, org_slug="acme", base_url=emulator.base_url
        ) as places:
            with pytest.raises(UnknownNameError, match="unknown attributes: website"):
                await places.enrich_many([{"place_id": "1", "inputs": {"name": "x"}}], ["website"])

    asyncio.run(main())
    assert emulator.stats()["jobs_created"] == 1
    assert emulator.stats()["batches_created"] == 0
