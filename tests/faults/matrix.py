"""The fault matrix: one scenario run = one fault, one API, one mode (library sync, library
async, CLI), against the emulator over loopback HTTP, compared with a fault-free run.

A run that stops on an error is resumed the documented way (the library: ``resume_jobs`` /
``resume_batches`` from the error's ``resume`` map; the CLI: the same command again) until it
finishes, within a bounded number of attempts. What is counted:

- duplicates: jobs (batches) the emulator created minus the chunks of the run;
- lost: input ids whose final result is absent or differs from the fault-free run's;
- retries: the facade's own retry log lines;
- attempts: how many times the run had to be started (1 = no resume needed).
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import json
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

import httpx
from bulk_enrich import (
    AsyncPingData,
    AsyncPlaceEnrichment,
    BulkEnrichError,
    PingData,
    PlaceEnrichment,
    PollSchedule,
    RetryPolicy,
)
from bulk_enrich.cli import main as cli_main
from bulk_enrich_emulator import EmulatorConfig, FaultConfig, create_app, running

from faults.support import (
    KEY,
    ORG,
    Chaos,
    counting_retries,
    ping_locations,
    places,
    serve,
    write_input,
)

SOURCES = ["PG", "PH"]
ATTRIBUTES = ["websites", "phoneNumbers"]
#: Fast but real backoff: 4 retries, 0.05 s doubling to 0.4 s, at most 5 s of waiting each.
RETRY = RetryPolicy(max_retries=4, backoff_base=0.05, backoff_cap=0.4, max_retry_time=5.0)
POLL = PollSchedule(initial=0.02, factor=1.5, max_delay=0.25)
#: Read timeout of the client in every scenario (the "slow answers" wait longer than this).
READ_TIMEOUT = 0.6
MAX_ATTEMPTS = 25
EMULATOR = {"rate": 20_000.0, "queue_delay": 0.02}
#: Fields of a result row that legitimately differ between two runs of the same input.
VOLATILE = frozenset({"batch_id", "job_id", "created_at", "updated_at", "completed_at"})


@dataclass(frozen=True)
class Fault:
    """One kind of fault: emulator knobs, emulator settings, and/or chaos middleware."""

    name: str
    faults: dict[str, Any] = field(default_factory=dict)
    config: dict[str, Any] = field(default_factory=dict)
    chaos: dict[str, Any] | None = None
    apis: tuple[str, ...] = ("ping", "places")
    #: For APIs without output files, the chaos that stands in for download faults.
    place_chaos: dict[str, Any] | None = None


FAULTS: dict[str, Fault] = {
    f.name: f
    for f in (
        Fault("5xx 20%", faults={"error_rate": 0.2}),
        Fault("connection resets", faults={"drop_rate": 0.1}),
        Fault("429 bursts + Retry-After", faults={"rate_limit_rate": 0.3, "retry_after": 0.05}),
        Fault("slow answers > timeout", chaos={"slow_rate": 0.3, "slow_seconds": 1.5}),
        Fault(
            "truncated/corrupt downloads",
            faults={"truncate_rate": 0.25, "corrupt_rate": 0.25},
            place_chaos={"truncate_rate": 0.3},
        ),
        Fault("COMPLETE before output", config={"output_lag": 0.25}, apis=("ping",)),
        Fault(
            "everything at once",
            faults={
                "error_rate": 0.05,
                "drop_rate": 0.05,
                "rate_limit_rate": 0.1,
                "retry_after": 0.05,
                "truncate_rate": 0.1,
                "corrupt_rate": 0.1,
            },
            chaos={"slow_rate": 0.05, "slow_seconds": 1.5},
        ),
    )
}
MODES = ("sync", "async", "cli")


@dataclass
class Outcome:
    """What one scenario run did."""

    scenario: str
    api: str
    mode: str
    locations: int
    chunks: int
    jobs_created: int
    lost: int
    duplicated_rows: int
    retries: int
    attempts: int
    faults: int = 0
    error: str | None = None

    @property
    def duplicates(self) -> int:
        return self.jobs_created - self.chunks

    @property
    def ok(self) -> bool:
        return (
            self.error is None
            and self.duplicates == 0
            and self.lost == 0
            and self.duplicated_rows == 0
        )


# --------------------------------------------------------------------------- emulator


@contextlib.contextmanager
def emulator_for(
    fault: Fault | None, api: str, seed: int = 0
) -> Iterator[tuple[str, Any, Callable[[], int]]]:
    """``(base_url, emulator app, faults injected so far)`` with the fault applied."""
    settings = {**EMULATOR, **(fault.config if fault else {}), "seed": seed}
    # Fewer faulty answers in a row than the retry budget allows, so that the order in which
    # concurrent requests draw from the seeded stream cannot exhaust it by bad luck.
    faults = FaultConfig(**(fault.faults if fault else {}), max_streak=RETRY.max_retries - 1)
    chaos = None
    if fault is not None:
        chaos = fault.place_chaos if api == "places" and fault.place_chaos else fault.chaos
    if chaos is None:
        with running(EmulatorConfig(**settings, faults=faults)) as emu:
            yield emu.base_url, emu.app, lambda: _injected(emu.app, None)
        return
    app = create_app(EmulatorConfig(**settings, faults=faults))
    try:
        middleware = Chaos(app, seed=seed, max_streak=RETRY.max_retries - 1, **chaos)
        with serve(middleware, lifespan="on") as served:
            yield served.base_url, app, lambda: _injected(app, middleware)
    finally:
        app.close()


def _injected(app: Any, chaos: Chaos | None) -> int:
    stats = app.snapshot()
    extra = sum(chaos.counts.values()) if chaos is not None else 0
    return int(stats["faults_total"]) + extra + (1 if app.config.output_lag else 0)


def created(app: Any, api: str) -> int:
    stats = app.snapshot()
    return int(stats["jobs_created"] if api == "ping" else stats["batches_created"])


# --------------------------------------------------------------------------- library


def _client(api: str, mode: str, base_url: str) -> Any:
    kw: dict[str, Any] = {
        "base_url": base_url,
        "retry": RETRY,
        "poll": POLL,
        "timeout": httpx.Timeout(READ_TIMEOUT, connect=2.0, pool=30.0),
    }
    if api == "ping":
        return (PingData if mode == "sync" else AsyncPingData)(KEY, **kw)
    return (PlaceEnrichment if mode == "sync" else AsyncPlaceEnrichment)(KEY, org_slug=ORG, **kw)


def _comparable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in VOLATILE}


def library_once(
    api: str, mode: str, base_url: str, n: int, chunk: int, resume: dict[int, str]
) -> tuple[list[tuple[str, dict[str, Any]]], int]:
    """One attempt: ``([(id, row)], chunks)``; raises the facade's error."""
    items = ping_locations(n) if api == "ping" else places(n)
    run_kw: dict[str, Any] = {"chunk_size": chunk, "max_concurrency": 4}

    def rows(results: Any) -> list[tuple[str, dict[str, Any]]]:
        return [(str(k), _comparable(v.to_row())) for k, v in results.items()]

    if mode == "sync":
        with _client(api, mode, base_url) as client:
            if api == "ping":
                res = client.enhance_many(items, SOURCES, resume_jobs=resume, **run_kw)
            else:
                res = client.enrich_many(
                    items, ATTRIBUTES, resume_batches=resume, batch_name="faults", **run_kw
                )
            return rows(res), len(res.jobs)

    async def go() -> tuple[list[tuple[str, dict[str, Any]]], int]:
        async with _client(api, mode, base_url) as client:
            if api == "ping":
                res = await client.enhance_many(items, SOURCES, resume_jobs=resume, **run_kw)
            else:
                res = await client.enrich_many(
                    items, ATTRIBUTES, resume_batches=resume, batch_name="faults", **run_kw
                )
            return rows(res), len(res.jobs)

    return asyncio.run(go())


def library_run(
    api: str, mode: str, base_url: str, n: int, chunk: int
) -> tuple[list[tuple[str, dict[str, Any]]], int, int, str | None]:
    """Run to completion, resuming after errors: ``(rows, chunks, attempts, last error)``."""
    resume: dict[int, str] = {}
    error: str | None = None
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            rows, chunks = library_once(api, mode, base_url, n, chunk, resume)
            return rows, chunks, attempt, None
        except BulkEnrichError as exc:
            resume = dict(exc.resume)
            error = f"{type(exc).__name__}: {exc.message}"
    return [], math.ceil(n / chunk), MAX_ATTEMPTS, error


# --------------------------------------------------------------------------- CLI


def cli_args(api: str, src: Path, out: Path, base_url: str, chunk: int) -> list[str]:
    if api == "ping":
        head = ["ping", "enhance", str(src), "-o", str(out), "--sources", ",".join(SOURCES)]
        conn = ["--base-url", base_url, "--api-key", KEY]
    else:
        head = ["places", "enrich", str(src), "-o", str(out), "--attributes", ",".join(ATTRIBUTES)]
        conn = ["--base-url", base_url, "--api-key", KEY, "--org", ORG]
    return [*head, *conn, "--chunk-size", str(chunk), "--concurrency", "4", "--progress", "none"]


@contextlib.contextmanager
def cli_tuning() -> Iterator[None]:
    """Give the in-process CLI the suite's timeout, backoff and polling (it has no flags)."""
    timeout = httpx.Timeout(READ_TIMEOUT, connect=2.0, pool=30.0)

    original = RetryPolicy.backoff

    def backoff(self: RetryPolicy, attempt: int, rng: Any = None) -> float:
        return original(RETRY, attempt, rng)

    with (
        mock.patch("bulk_enrich.clientbase.timeout_of", return_value=timeout),
        mock.patch.object(RetryPolicy, "backoff", backoff),
        mock.patch("bulk_enrich.ping.base.PollSchedule", return_value=POLL),
        mock.patch("bulk_enrich.places.base.PollSchedule", return_value=POLL),
    ):
        yield


def run_cli(args: list[str]) -> tuple[int, str]:
    """Run ``bulk-enrich`` in-process; ``(exit code, stderr)``."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            code = cli_main(args)
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, err.getvalue()


def cli_run(
    api: str, base_url: str, src: Path, out: Path, chunk: int
) -> tuple[int, str | None, list[str]]:
    """Run to exit 0, rerunning after failures: ``(attempts, last error, stderr lines)``."""
    errors: list[str] = []
    with cli_tuning():
        for attempt in range(1, MAX_ATTEMPTS + 1):
            code, stderr = run_cli(cli_args(api, src, out, base_url, chunk))
            if code == 0:
                return attempt, None, errors
            errors.append(stderr.strip())
            if code != 1:
                return attempt, f"exit {code}: {stderr.strip()[:300]}", errors
    return MAX_ATTEMPTS, errors[-1][:300] if errors else "no success", errors


def output_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# --------------------------------------------------------------------------- scenarios


_REFERENCE: dict[tuple[str, str, int, int], Any] = {}


def reference(api: str, kind: str, n: int, chunk: int, work: Path) -> Any:
    """The fault-free result (library rows or CLI output bytes), computed once per process."""
    key = (api, kind, n, chunk)
    work.mkdir(parents=True, exist_ok=True)
    if key not in _REFERENCE:
        with emulator_for(None, api) as (base_url, _app, _faults):
            if kind == "library":
                rows, _, _, error = library_run(api, "sync", base_url, n, chunk)
                assert error is None, error
                _REFERENCE[key] = dict(rows)
            else:
                src = write_input(work / f"ref-{api}-{n}.csv", api, n)
                out = work / f"ref-{api}-{n}-{chunk}.out.csv"
                with cli_tuning():
                    code, stderr = run_cli(cli_args(api, src, out, base_url, chunk))
                assert code == 0, stderr
                _REFERENCE[key] = out.read_bytes()
    return _REFERENCE[key]


def run_scenario(
    fault_name: str, api: str, mode: str, *, n: int, chunk: int, work: Path, seed: int = 0
) -> Outcome:
    """Run one cell of the matrix and count what happened."""
    fault = FAULTS[fault_name]
    with counting_retries() as retries, emulator_for(fault, api, seed) as (base_url, app, injected):
        if mode in ("sync", "async"):
            expected = reference(api, "library", n, chunk, work)
            rows, chunks, attempts, error = library_run(api, mode, base_url, n, chunk)
            got: dict[str, Any] = {}
            duplicated = 0
            for key, row in rows:
                duplicated += key in got
                got[key] = row
            lost = sum(1 for key, row in expected.items() if got.get(key) != row)
        else:
            expected_bytes = reference(api, "cli", n, chunk, work)
            src = write_input(work / f"in-{api}-{n}-{seed}.csv", api, n)
            out = work / f"out-{api}-{n}-{seed}-{fault_name.replace(' ', '_')[:20]}.csv"
            attempts, error, _ = cli_run(api, base_url, src, out, chunk)
            chunks = math.ceil(n / chunk)
            duplicated, lost = 0, n
            if out.exists():
                want = output_rows_from(expected_bytes)
                have = output_rows(out)
                id_col = PING_ID if api == "ping" else PLACE_ID
                ids = [r[id_col] for r in have]
                duplicated = len(ids) - len(set(ids))
                by_id = {r[id_col]: r for r in have}
                lost = sum(1 for r in want if by_id.get(r[id_col]) != r)
                if error is None and out.read_bytes() != expected_bytes and lost == 0:
                    error = "output bytes differ from the fault-free run's"
        return Outcome(
            scenario=fault_name,
            api=api,
            mode=mode,
            locations=n,
            chunks=chunks,
            jobs_created=created(app, api),
            lost=lost,
            duplicated_rows=duplicated,
            retries=retries.count,
            attempts=attempts,
            faults=injected(),
            error=error,
        )


PING_ID = "Loc #"
PLACE_ID = "store_id"


def output_rows_from(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


# --------------------------------------------------------------------------- dead server


@dataclass
class DeadOutcome:
    """A server that never answers usefully: the run must end with a clear error, in budget."""

    api: str
    mode: str
    error: str
    requests: int
    jobs_created: int


def dead_server(api: str, mode: str, kind: str, work: Path) -> DeadOutcome:
    """``kind``: ``"5xx"`` (every answer 503 after the first job exists) or ``"refused"``."""
    n, chunk = 40, 20
    if kind == "refused":
        from faults.support import refused_port

        with refused_port() as port:
            base_url = f"http://127.0.0.1:{port}"
            return _dead_run(api, mode, base_url, None, n, chunk, work / "refused")
    with running(
        EmulatorConfig(**{**EMULATOR, "mode": "manual", "polls_to_complete": 10**6})
    ) as emu:
        # Status polls fail forever: the run must give up after the retry budget, not spin.
        emu.set_faults(
            FaultConfig(
                error_rate=1.0, operations=frozenset({"get_bulk_enhance_status", "get_batch"})
            )
        )
        return _dead_run(api, mode, emu.base_url, emu.app, n, chunk, work / "5xx")


def _dead_run(
    api: str, mode: str, base_url: str, app: Any, n: int, chunk: int, work: Path
) -> DeadOutcome:
    error = ""
    work.mkdir(parents=True, exist_ok=True)
    if mode == "cli":
        src = write_input(work / f"dead-{api}.csv", api, n)
        with cli_tuning():
            code, stderr = run_cli(
                cli_args(api, src, work / f"dead-{api}.out.csv", base_url, chunk)
            )
        assert code == 1, stderr
        assert "Traceback" not in stderr
        error = stderr.strip().splitlines()[-1]
    else:
        try:
            library_once(api, mode, base_url, n, chunk, {})
        except BulkEnrichError as exc:
            error = f"{type(exc).__name__}: {exc.message}"
        else:
            raise AssertionError("a dead server did not end the run with an error")
    requests = 0
    jobs = 0
    if app is not None:
        stats = app.snapshot()
        requests = sum(int(v) for v in stats["requests"].values())
        jobs = created(app, api)
    return DeadOutcome(api, mode, error, requests, jobs)


def describe(outcome: Outcome) -> str:
    return json.dumps(outcome.__dict__, default=str)


Runner = Callable[..., Outcome]
