"""Faults injected by the emulator, logging hygiene, and flat memory when parsing big outputs."""

from __future__ import annotations

import json
import logging
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from bulk_enrich import BulkEnrichError, PingData, RetryPolicy, ServerError, TransportError
from bulk_enrich.engine.jsonstream import WHOLE_DOCUMENT_BYTES, iter_object_items
from bulk_enrich_emulator import FaultConfig

KEY = "emulator-key"
QUICK = RetryPolicy(max_retries=8, backoff_base=0.01, backoff_cap=0.05, max_retry_time=10)


def locations(n: int) -> list[dict[str, Any]]:
    return [
        {"id": f"f-{i}", "address": f"{i} Secret Lane, Springfield, IL 62701"} for i in range(n)
    ]


def test_flaky_reads_are_retried_and_nothing_is_lost(emulator_factory: Any) -> None:
    emu = emulator_factory(seed=7)
    emu.set_faults(
        FaultConfig(
            error_rate=0.2,
            rate_limit_rate=0.2,
            drop_rate=0.1,
            truncate_rate=0.3,
            corrupt_rate=0.3,
            retry_after=0.01,
            operations=frozenset({"get_bulk_enhance_status", "download_bulk_enhance_output"}),
            # Fewer faults in a row than the retry budget: concurrent requests draw from the
            # seeded stream in any order, and an unlucky run must not exhaust the budget.
            max_streak=QUICK.max_retries - 2,
        )
    )
    locs = locations(1_200)
    with PingData(api_key=KEY, base_url=emu.base_url, retry=QUICK) as ping:
        results = ping.enhance_many(locs, sources=["PG"], chunk_size=300)
    assert list(results) == [loc["id"] for loc in locs]
    assert not results.failures()
    stats = emu.stats()
    assert stats["jobs_created"] == 4
    assert stats["faults_total"] > 0


@pytest.mark.parametrize("after_create", [False, True])
def test_job_creating_post_is_never_repeated_after_a_5xx(
    emulator_factory: Any, after_create: bool
) -> None:
    emu = emulator_factory()
    emu.set_faults(
        FaultConfig(
            error_rate=1.0,
            operations=frozenset({"start_bulk_enhance"}),
            post_fault_after_create=after_create,
        )
    )
    with (
        PingData(api_key=KEY, base_url=emu.base_url, retry=QUICK) as ping,
        pytest.raises(ServerError),
    ):
        ping.enhance_many(locations(10), sources=["PG"])
    stats = emu.stats()
    assert stats["requests"]["start_bulk_enhance"] == 1
    assert stats["jobs_created"] == (1 if after_create else 0)


def test_dropped_post_is_not_repeated_and_the_error_carries_known_jobs(
    emulator_factory: Any,
) -> None:
    emu = emulator_factory()
    with PingData(api_key=KEY, base_url=emu.base_url, retry=QUICK) as ping:
        created: dict[int, str] = {}

        def drop_after_first(index: int, job_id: str) -> None:
            created[index] = job_id
            emu.set_faults(
                FaultConfig(
                    drop_rate=1.0,
                    operations=frozenset({"start_bulk_enhance"}),
                    post_fault_after_create=True,
                )
            )

        with pytest.raises(TransportError) as info:
            ping.enhance_many(
                locations(30),
                sources=["PG"],
                chunk_size=10,
                max_concurrency=1,
                on_job_created=drop_after_first,
            )
    assert info.value.resume == created == {0: created[0]}
    assert emu.stats()["requests"]["start_bulk_enhance"] == 2  # chunk 0, then chunk 1 once


def test_logs_hold_job_ids_but_no_addresses_and_never_the_key(
    emulator: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="bulk_enrich")
    with PingData(api_key=KEY, base_url=emulator.base_url) as ping:
        results = ping.enhance_many(locations(50), sources=["PG"], chunk_size=20)
        with pytest.raises(BulkEnrichError):
            PingData(api_key="zz-secret-key", base_url=emulator.base_url).datasources()
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert all(job in text for job in results.jobs)
    assert "Secret Lane" not in "\n".join(
        r.getMessage() for r in caplog.records if r.levelno >= logging.INFO
    )
    assert "Secret Lane" not in text
    assert KEY not in text
    assert "zz-secret-key" not in text


def test_parsing_a_large_output_keeps_memory_flat(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    item = {"PG": {"is_success": True, "latitude": 1.5, "formatted_address": "x" * 400}}
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("{")
        for i in range(40_000):
            fh.write(("," if i else "") + json.dumps(f"id-{i}") + ":" + json.dumps(item))
        fh.write("}")
    size = path.stat().st_size
    tracemalloc.start()
    count = sum(1 for _ in iter_object_items(path))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == 40_000
    assert size > WHOLE_DOCUMENT_BYTES  # read in blocks
    assert peak < 8_000_000  # a few blocks, not the file
