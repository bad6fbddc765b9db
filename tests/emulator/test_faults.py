"""Fault injection: every knob observably does what it says, and counters count it."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
import pytest
from bulk_enrich_emulator import EmulatorConfig, EmulatorHandle, FaultConfig, create_app

TOKEN = {"Authorization": "Token emulator-key"}
ONE = {"locations": [{"id": "a", "address": "1 main st, miami, fl"}], "sources": ["PG"]}


def client(emulator: EmulatorHandle) -> httpx.Client:
    return httpx.Client(base_url=emulator.base_url, headers=TOKEN, timeout=10)


def completed_output_url(http: httpx.Client) -> str:
    job_id = http.post("/api/v1/bulk_enhance", json=ONE).json()["id"]
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        body = http.get(f"/api/v1/bulk_enhance/{job_id}").json()
        if "result" in body:
            url: str = body["result"]["outputs"][0]["url"]
            return url
        time.sleep(0.02)
    raise AssertionError("job did not complete")


def test_error_rate_answers_5xx_and_is_counted(emulator: EmulatorHandle) -> None:
    emulator.set_faults(error_rate=1.0)
    with client(emulator) as http:
        statuses = {http.get("/api/v1/datasources").status_code for _ in range(20)}
    assert statuses <= {500, 502, 503}
    assert len(statuses) > 1
    faults = emulator.stats()["faults"]
    assert sum(v for k, v in faults.items() if k.startswith("error_")) == 20


def test_rate_limit_answers_429_with_retry_after(emulator: EmulatorHandle) -> None:
    emulator.set_faults(rate_limit_rate=1.0, retry_after=7)
    with client(emulator) as http:
        answer = http.post("/api/v1/bulk_enhance", json=ONE)
    assert answer.status_code == 429
    assert answer.headers["retry-after"] == "7"
    assert emulator.stats()["jobs_created"] == 0
    assert emulator.stats()["faults"]["rate_limit"] == 1


def test_drop_closes_the_connection_without_an_answer(emulator: EmulatorHandle) -> None:
    emulator.set_faults(drop_rate=1.0)
    with client(emulator) as http, pytest.raises(httpx.TransportError):
        http.get("/api/v1/datasources")
    assert emulator.stats()["faults"]["drop"] == 1


@pytest.mark.parametrize("after", [False, True])
@pytest.mark.parametrize("kind", ["error_rate", "drop_rate"])
def test_fault_on_create_strikes_before_or_after_the_job_exists(
    emulator: EmulatorHandle, kind: str, after: bool
) -> None:
    emulator.set_faults(**{kind: 1.0}, post_fault_after_create=after)
    with client(emulator) as http:
        try:
            answer = http.post("/api/v1/bulk_enhance", json=ONE)
        except httpx.TransportError:
            assert kind == "drop_rate"
        else:
            assert answer.status_code >= 500
    stats = emulator.stats()
    assert stats["jobs_created"] == (1 if after else 0)
    assert stats["requests"]["start_bulk_enhance"] == 1


def test_fault_on_place_batch_creation_after_create(emulator: EmulatorHandle) -> None:
    emulator.set_faults(error_rate=1.0, post_fault_after_create=True)
    answer = httpx.post(
        f"{emulator.place_base_url('acme')}/place_enrichment/batches",
        json={
            "batch_name": "b",
            "jobs": [{"place_id": "x", "inputs": {"name": "A", "city": "Miami"}}],
        },
        headers={"Authorization": "Bearer emulator-key"},
    )
    assert answer.status_code >= 500
    assert emulator.stats()["batches_created"] == 1


def test_truncated_download_is_cut_short(emulator: EmulatorHandle) -> None:
    with client(emulator) as http:
        url = completed_output_url(http)
        emulator.set_faults(truncate_rate=1.0)
        with pytest.raises(httpx.RemoteProtocolError):
            http.get(url)
        emulator.set_faults()
        assert http.get(url).status_code == 200
    stats = emulator.stats()
    assert stats["faults"]["truncate"] == 1


def test_corrupt_download_keeps_its_length_but_is_not_json(emulator: EmulatorHandle) -> None:
    with client(emulator) as http:
        url = completed_output_url(http)
        good = http.get(url).content
        emulator.set_faults(corrupt_rate=1.0)
        bad = http.get(url).content
    assert len(bad) == len(good)
    assert bad != good
    with pytest.raises((UnicodeDecodeError, json.JSONDecodeError)):
        json.loads(bad)


def test_latency_delays_answers(emulator: EmulatorHandle) -> None:
    emulator.set_faults(latency=0.2)
    with client(emulator) as http:
        http.get("/api/v1/datasources")
    assert emulator.stats()["faults"]["latency"] == 1


def test_faults_can_be_limited_to_operations(emulator: EmulatorHandle) -> None:
    emulator.set_faults(error_rate=1.0, operations=["get_bulk_enhance_status"])
    with client(emulator) as http:
        job_id = http.post("/api/v1/bulk_enhance", json=ONE).json()["id"]
        assert http.get(f"/api/v1/bulk_enhance/{job_id}").status_code >= 500
        assert http.get("/api/v1/datasources").status_code == 200


def test_admin_endpoints_never_fail(emulator: EmulatorHandle) -> None:
    emulator.set_faults(error_rate=1.0, drop_rate=1.0)
    answer = httpx.get(f"{emulator.base_url}/_emulator/stats")
    assert answer.status_code == 200


def test_fault_decisions_are_reproducible_from_the_seed() -> None:
    def sequence(seed: int) -> list[str | None]:
        app = create_app(EmulatorConfig(seed=seed, faults=FaultConfig(error_rate=0.5)))
        try:
            return [app.faults.decide("enhance", creates=False).before for _ in range(40)]
        finally:
            app.close()

    assert sequence(3) == sequence(3)
    assert sequence(3) != sequence(4)
    assert 5 < sequence(3).count("error") < 35


def test_faults_over_http_admin_endpoint(emulator: EmulatorHandle) -> None:
    put = httpx.put(f"{emulator.base_url}/_emulator/faults", json={"rate_limit_rate": 1.0})
    assert put.status_code == 200
    assert put.json()["rate_limit_rate"] == 1.0
    with client(emulator) as http:
        assert http.get("/api/v1/datasources").status_code == 429
    bad = httpx.put(f"{emulator.base_url}/_emulator/faults", json={"nonsense": 1})
    assert bad.status_code == 400
    httpx.put(f"{emulator.base_url}/_emulator/faults", json={})
    with client(emulator) as http:
        assert http.get("/api/v1/datasources").status_code == 200


def test_stats_reset_and_config_over_http(emulator: EmulatorHandle) -> None:
    with client(emulator) as http:
        completed_output_url(http)
    stats: dict[str, Any] = httpx.get(f"{emulator.base_url}/_emulator/stats").json()
    assert stats["jobs_created"] == 1
    (timing,) = stats["jobs"].values()
    assert timing["created_at"] <= timing["started_at"] <= timing["finished_at"]
    assert stats["span"]["seconds"] >= 0
    changed = httpx.put(f"{emulator.base_url}/_emulator/config", json={"mode": "manual"})
    assert changed.status_code == 200
    assert emulator.config.mode == "manual"
    refused = httpx.put(f"{emulator.base_url}/_emulator/config", json={"rate": -1})
    assert refused.status_code == 400
    assert httpx.post(f"{emulator.base_url}/_emulator/reset").status_code == 200
    after = emulator.stats()
    assert after["jobs_created"] == 0
    assert after["jobs"] == {}


def test_manual_mode_completes_after_n_polls(emulator_factory: Any) -> None:
    emulator = emulator_factory(mode="manual", polls_to_complete=3)
    with client(emulator) as http:
        job_id = http.post("/api/v1/bulk_enhance", json=ONE).json()["id"]
        statuses = [
            http.get(f"/api/v1/bulk_enhance/{job_id}").json()["request"]["status"] for _ in range(3)
        ]
    assert statuses == ["QUEUED", "IN_PROGRESS", "COMPLETE"]


def test_instant_mode_completes_on_the_first_poll(emulator_factory: Any) -> None:
    emulator = emulator_factory(mode="instant")
    with client(emulator) as http:
        job_id = http.post("/api/v1/bulk_enhance", json=ONE).json()["id"]
        body = http.get(f"/api/v1/bulk_enhance/{job_id}").json()
    assert body["request"]["status"] == "COMPLETE"
    assert body["result"]["outputs"]


def test_config_rejects_bad_values() -> None:
    with pytest.raises(ValueError, match="rate"):
        EmulatorConfig(rate=0)
    with pytest.raises(ValueError, match="mode"):
        EmulatorConfig(mode="fast")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="error_rate"):
        FaultConfig(error_rate=2)


def test_max_streak_bounds_faulty_answers_in_a_row_per_path() -> None:
    app = create_app(EmulatorConfig(seed=1, faults=FaultConfig(error_rate=1.0, max_streak=2)))
    try:
        faults = app.faults

        def answers(path: str, count: int) -> list[str | None]:
            return [faults.decide("op", creates=False, path=path).before for _ in range(count)]

        assert answers("/a", 6) == ["error", "error", None, "error", "error", None]
        assert answers("/b", 3) == ["error", "error", None]
    finally:
        app.close()
    with pytest.raises(ValueError, match="max_streak"):
        FaultConfig(max_streak=-1)
