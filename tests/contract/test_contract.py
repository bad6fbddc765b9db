"""Contract tests: schemathesis runs both vendored specs against the emulator (in-process ASGI).

Every phase runs (examples, coverage, fuzzing, stateful through the specs' links) with all
built-in checks, positive and negative data, a fixed seed and few examples per operation.

With ``BULK_ENRICH_CONTRACT_BASE_URL`` and ``BULK_ENRICH_CONTRACT_API_KEY`` (Ping.Data), or
``BULK_ENRICH_CONTRACT_PLACE_BASE_URL``, ``..._PLACE_API_KEY`` and ``..._PLACE_ORG`` (Place
Enrichment) set, the same tests run against that live server instead (``make contract``).

A run in which nothing was ever accepted proves nothing (schemathesis passes when every answer
is 401): each run must also see successful answers.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import hypothesis
import pytest
import schemathesis
from bulk_enrich.specs import PING_DATA, PLACE_ENRICHMENT, spec_path
from bulk_enrich_emulator import Emulator, EmulatorConfig, create_app
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events, from_schema

pytestmark = pytest.mark.contract

MAX_EXAMPLES = 12
SEED = 20240601
EMULATOR_KEY = "contract-key"
EMULATOR_ORG = "contract-org"
ENV = "BULK_ENRICH_CONTRACT_"


@dataclass
class Target:
    """Where one spec is tested: the in-process emulator or a live server."""

    api: str
    spec: Path
    base_url: str
    headers: dict[str, str]
    wrong_headers: dict[str, str]
    app: Emulator | None = None
    live: bool = False


@dataclass
class RunResult:
    """What a schemathesis run saw."""

    statuses: Counter[int] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    phases: dict[str, str] = field(default_factory=dict)


def _live_place_base(url: str, org: str) -> str:
    url = url.rstrip("/")
    return url if "/v1/" in url else f"{url}/v1/{org}"


def _target(api: str, tmp_path: Path) -> Target:
    if api == "ping":
        base, key = os.environ.get(f"{ENV}BASE_URL"), os.environ.get(f"{ENV}API_KEY")
        if base and key:
            return Target(
                api, spec_path(PING_DATA), base.rstrip("/"),
                {"Authorization": f"Token {key}"}, {"Authorization": "Token not-a-valid-key"},
                live=True,
            )  # fmt: skip
        app = create_app(
            EmulatorConfig(ping_api_keys=(EMULATOR_KEY,), mode="instant", data_dir=tmp_path)
        )
        return Target(
            api, spec_path(PING_DATA), "http://testserver",
            {"Authorization": f"Token {EMULATOR_KEY}"},
            {"Authorization": "Token not-a-valid-key"}, app=app,
        )  # fmt: skip
    base = os.environ.get(f"{ENV}PLACE_BASE_URL")
    key = os.environ.get(f"{ENV}PLACE_API_KEY")
    org = os.environ.get(f"{ENV}PLACE_ORG")
    if base and key and org:
        return Target(
            api, spec_path(PLACE_ENRICHMENT), _live_place_base(base, org),
            {"Authorization": f"Bearer {key}"}, {"Authorization": "Bearer not-a-valid-key"},
            live=True,
        )  # fmt: skip
    app = create_app(
        EmulatorConfig(
            place_api_keys={EMULATOR_KEY: EMULATOR_ORG}, mode="instant", data_dir=tmp_path
        )
    )
    return Target(
        api, spec_path(PLACE_ENRICHMENT), f"http://testserver/v1/{EMULATOR_ORG}",
        {"Authorization": f"Bearer {EMULATOR_KEY}"},
        {"Authorization": "Bearer not-a-valid-key"}, app=app,
    )  # fmt: skip


@pytest.fixture(params=["ping", "place"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Target]:
    """Each spec's target; the in-process emulator is closed afterwards."""
    chosen = _target(str(request.param), tmp_path)
    yield chosen
    if chosen.app is not None:
        chosen.app.close()


def _schema(target: Target, **settings: Any) -> Any:
    config = SchemathesisConfig.from_dict(
        {
            "seed": SEED,
            "headers": target.headers,
            "generation": {"max-examples": MAX_EXAMPLES, "mode": "all", "database": "none"},
            "checks": {"enabled": True},
            **settings,
        }
    )
    schema = schemathesis.openapi.from_path(target.spec, config=config)
    if target.app is not None:
        schema.app = target.app
    schema.config.update(base_url=target.base_url)
    return schema


def _run(schema: Any) -> RunResult:
    result = RunResult()
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            for interaction in event.recorder.interactions.values():
                if interaction.response is not None:
                    result.statuses[interaction.response.status_code] += 1
            for case_id, checks in event.recorder.checks.items():
                for check in checks:
                    if check.status != Status.FAILURE:
                        continue
                    interaction = event.recorder.interactions.get(case_id)
                    request = interaction.request if interaction else None
                    where = f"{request.method} {request.uri}" if request else event.label
                    failure = check.failure_info.failure if check.failure_info else None
                    result.failures.append(
                        f"[{event.phase.name}] {check.name} on {where}: {failure}"[:800]
                    )
        elif isinstance(event, events.PhaseFinished):
            result.phases[event.phase.name] = str(event.status)
        elif isinstance(event, events.NonFatalError | events.FatalError):
            result.errors.append(f"{type(event).__name__}: {event.info.format()}"[:800])
    return result


def test_specs_hold_against_the_server(target: Target) -> None:
    """All phases and default checks pass, and the run was authenticated."""
    result = _run(_schema(target))
    assert not result.errors, "\n".join(result.errors)
    unique = sorted(set(result.failures))
    assert not unique, f"{len(unique)} check failure(s):\n" + "\n".join(unique[:20])
    successes = sum(count for status, count in result.statuses.items() if 200 <= status < 300)
    assert successes > 0, f"no 2xx answer at all (never authenticated?): {dict(result.statuses)}"
    if not target.live:
        assert result.phases.get("stateful") == "success", result.phases
        assert successes >= 50, dict(result.statuses)
        assert result.statuses[401] < successes, dict(result.statuses)


def test_wrong_key_gets_the_specs_401_on_every_operation(target: Target) -> None:
    """With a wrong key, every operation answers 401 with the body its spec documents."""
    schema = _schema(target, headers=target.wrong_headers)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8
    for operation in operations:
        case = hypothesis.find(
            operation.as_strategy(),
            lambda _: True,
            settings=hypothesis.settings(
                database=None,
                max_examples=1,
                phases=[hypothesis.Phase.generate],
                suppress_health_check=list(hypothesis.HealthCheck),
            ),
        )
        response = case.call(headers=target.wrong_headers)
        assert response.status_code == 401, (operation.label, response.status_code)
        body = response.json()
        if target.api == "ping":
            assert set(body) == {"id", "message"}, body
        else:
            assert "detail" in body, body
        case.validate_response(response)
    if target.app is not None:
        stats = target.app.snapshot()
        assert stats["jobs_created"] == 0
        assert stats["batches_created"] == 0


def test_guard_catches_a_run_that_never_authenticated(tmp_path: Path) -> None:
    """Schemathesis reports no failure when every answer is 401; the 2xx count does."""
    target = _target("ping", tmp_path)
    if target.live or target.app is None:
        pytest.skip("checked in-process only")
    try:
        schema = _schema(
            target,
            headers=target.wrong_headers,
            generation={"max-examples": 3, "mode": "positive", "database": "none"},
        )
        result = _run(schema)
    finally:
        target.app.close()
    assert not result.failures
    assert result.statuses[401] > 0
    assert not any(200 <= status < 300 for status in result.statuses)
