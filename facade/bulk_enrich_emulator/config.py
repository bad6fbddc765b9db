"""Configuration of the emulator: job pacing, keys and fault injection."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Mode = Literal["rate", "instant", "manual"]
MODES: tuple[str, ...] = ("rate", "instant", "manual")

#: Per-source seconds reported as each location's ``fetch_time``.
DEFAULT_SOURCE_LATENCY: Mapping[str, float] = {
    "PG": 0.12,
    "PGPRE": 0.02,
    "PH": 0.35,
    "LB": 0.45,
    "GG": 0.2,
    "HH": 0.6,
    "DTC": 0.08,
    "PFF": 0.15,
    "PSZ": 0.1,
    "PUSDAW": 0.12,
    "TD": 0.25,
}


#: How batch ``metadata`` is served (see ``EmulatorConfig.place_metadata``).
PLACE_METADATA: tuple[str, ...] = ("null", "filled")


@dataclass
class FaultConfig:
    """What goes wrong, and how often. Rates are fractions in [0, 1] of eligible answers.

    ``operations`` names the operationIds faults apply to (``None``: every API operation;
    the ``/_emulator`` admin endpoints never fail). ``post_fault_after_create`` decides
    whether a 5xx or dropped connection on a job-creating POST happens after the job or
    batch was created (the answer is lost) or before (nothing was created). ``max_streak``
    bounds bad luck: after that many faulty answers in a row on one URL path, the next
    request to that path is answered cleanly (``None``: no bound), so a client whose retry
    budget exceeds it must always get through, whatever order concurrent requests arrive in.
    """

    error_rate: float = 0.0
    rate_limit_rate: float = 0.0
    retry_after: float = 1.0
    latency: float = 0.0
    drop_rate: float = 0.0
    truncate_rate: float = 0.0
    corrupt_rate: float = 0.0
    operations: frozenset[str] | None = None
    post_fault_after_create: bool = False
    max_streak: int | None = None

    def __post_init__(self) -> None:
        for name in ("error_rate", "rate_limit_rate", "drop_rate", "truncate_rate", "corrupt_rate"):
            value = getattr(self, name)
            if not 0.0 <= float(value) <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1, got {value!r}")
        if self.retry_after < 0 or self.latency < 0:
            raise ValueError("retry_after and latency must not be negative")
        if self.max_streak is not None and self.max_streak < 0:
            raise ValueError(f"max_streak must not be negative, got {self.max_streak!r}")
        if self.operations is not None and not isinstance(self.operations, frozenset):
            self.operations = frozenset(self.operations)

    @property
    def active(self) -> bool:
        """Whether any fault can happen at all."""
        return any(
            (
                self.error_rate,
                self.rate_limit_rate,
                self.latency,
                self.drop_rate,
                self.truncate_rate,
                self.corrupt_rate,
            )
        )

    def applies_to(self, operation_id: str) -> bool:
        """Whether faults may be injected into ``operation_id``."""
        return self.operations is None or operation_id in self.operations

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FaultConfig:
        """Build from JSON-like data; unknown keys raise ``ValueError``."""
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = set(data) - names
        if unknown:
            raise ValueError(f"unknown fault setting(s): {', '.join(sorted(unknown))}")
        values = dict(data)
        if values.get("operations") is not None:
            values["operations"] = frozenset(values["operations"])
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        data = dataclasses.asdict(self)
        data["operations"] = None if self.operations is None else sorted(self.operations)
        return data


@dataclass
class EmulatorConfig:
    """How the emulator behaves.

    ``rate`` is the total number of locations (Ping) or places (Place) processed per second
    across all jobs, first come first served like a single worker pool. ``mode`` ``"rate"``
    paces jobs by ``rate``; ``"instant"`` completes each job as soon as it exists;
    ``"manual"`` completes a job after ``polls_to_complete`` status calls. ``output_lag``
    keeps a completed job's output file answering 404 for that many seconds.
    """

    ping_api_keys: tuple[str, ...] = field(default=("emulator-key",), repr=False)
    place_api_keys: Mapping[str, str | None] = field(
        default_factory=lambda: {"emulator-key": None}, repr=False
    )
    rate: float = 5000.0
    queue_delay: float = 0.1
    mode: Mode = "rate"
    polls_to_complete: int = 3
    source_latency: Mapping[str, float] = field(
        default_factory=lambda: dict(DEFAULT_SOURCE_LATENCY)
    )
    output_lag: float = 0.0
    faults: FaultConfig = field(default_factory=FaultConfig)
    data_dir: Path | None = None
    seed: int = 0
    place_failure_rate: float = 0.0
    #: An SQLite file keeping Ping.Data jobs across restarts (None: memory only).
    state_path: Path | None = None
    #: ``"null"``: batch ``metadata`` is null, as the vendor's document and package declare;
    #: ``"filled"``: the guide's statistics (total_jobs, completed_jobs, status_counts,
    #: success_rate).
    place_metadata: str = "null"
    #: Credits per source per day and per month that ``/limits`` reports (and subtracts use from).
    daily_quota: int = 5_000_000
    monthly_quota: int = 100_000_000

    def __post_init__(self) -> None:
        if isinstance(self.ping_api_keys, str):
            self.ping_api_keys = (self.ping_api_keys,)
        self.ping_api_keys = tuple(self.ping_api_keys)
        self.place_api_keys = dict(self.place_api_keys)
        if self.rate <= 0:
            raise ValueError("rate must be positive")
        if self.queue_delay < 0 or self.output_lag < 0:
            raise ValueError("queue_delay and output_lag must not be negative")
        if self.mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, got {self.mode!r}")
        if self.polls_to_complete < 1:
            raise ValueError("polls_to_complete must be at least 1")
        if self.place_metadata not in PLACE_METADATA:
            raise ValueError(f"place_metadata must be one of {', '.join(PLACE_METADATA)}")
        if self.daily_quota < 0 or self.monthly_quota < 0:
            raise ValueError("daily_quota and monthly_quota must not be negative")
        if not 0.0 <= self.place_failure_rate <= 1.0:
            raise ValueError("place_failure_rate must be between 0 and 1")
        if isinstance(self.faults, Mapping):
            self.faults = FaultConfig.from_dict(self.faults)
        if self.data_dir is not None:
            self.data_dir = Path(self.data_dir)
        if self.state_path is not None:
            self.state_path = Path(self.state_path)

    #: Settings ``PUT /_emulator/config`` may change on a running emulator.
    RUNTIME_SETTINGS = frozenset(
        {
            "rate",
            "queue_delay",
            "mode",
            "polls_to_complete",
            "output_lag",
            "place_failure_rate",
            "place_metadata",
            "daily_quota",
            "monthly_quota",
        }
    )

    def update(self, data: Mapping[str, Any]) -> None:
        """Change runtime settings in place (validated; unknown or fixed keys raise)."""
        unknown = set(data) - self.RUNTIME_SETTINGS - {"source_latency"}
        if unknown:
            raise ValueError(f"cannot change setting(s): {', '.join(sorted(unknown))}")
        candidate = dataclasses.replace(self, **dict(data))  # runs validation
        for key in data:
            setattr(self, key, getattr(candidate, key))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, without the keys."""
        return {
            "rate": self.rate,
            "queue_delay": self.queue_delay,
            "mode": self.mode,
            "polls_to_complete": self.polls_to_complete,
            "source_latency": dict(self.source_latency),
            "output_lag": self.output_lag,
            "faults": self.faults.to_dict(),
            "seed": self.seed,
            "place_failure_rate": self.place_failure_rate,
            "place_metadata": self.place_metadata,
            "daily_quota": self.daily_quota,
            "monthly_quota": self.monthly_quota,
            "ping_api_keys": len(self.ping_api_keys),
            "place_api_keys": len(self.place_api_keys),
        }
