"""Effects: what an operation asks its driver to do, and what the driver hands back.

An operation is a generator that yields effects and receives their results. Operations yield
the high-level effects (:class:`Call`, :class:`Fetch`, :class:`Sleep`, :class:`Emit`); the
engine's transport (:mod:`bulk_enrich.engine.transport`) lowers each ``Call`` and ``Fetch`` into
single attempts (:class:`Send`, :class:`Stream`) and sleeps, deciding retries itself. A driver
only executes the low-level effects: it sends once, streams once, sleeps.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Call:
    """One API request. ``path`` is relative to the base URL, or an absolute same-origin URL."""

    method: str
    path: str
    op: str
    params: Sequence[tuple[str, Any]] | Mapping[str, Any] | None = None
    json: Any = None
    idempotent: bool = True
    job_id: str | None = None
    #: ``(key, JSON)``: ``json[key]`` already serialised (e.g. when a chunk's size was
    #: measured), spliced into the body instead of being serialised again.
    encoded: tuple[str, bytes] | None = field(default=None, repr=False)
    #: How a 2xx answer's body is read (its ``Reply.data``); None: parsed as JSON. It raises
    #: ``ValueError`` for a body that is not JSON, as the JSON parser does.
    decode: Callable[[bytes], Any] | None = field(default=None, repr=False, compare=False)
    #: ``time.monotonic()`` by which the call must be answered, retries included (None: only
    #: each attempt's own deadline applies); past it the call raises ``WaitTimeout``.
    deadline: float | None = None

    @classmethod
    def of(
        cls,
        request: Mapping[str, Any],
        *,
        idempotent: bool = True,
        job_id: str | None = None,
        encoded: tuple[str, bytes] | None = None,
        decode: Callable[[bytes], Any] | None = None,
    ) -> Call:
        """The call for a request made by a generated ``build_request`` (operation id, method,
        url, params, json), so the spec decides the path, the parameters and the body's shape."""
        return cls(
            str(request["method"]).upper(),
            str(request["url"]),
            str(request["operation_id"]),
            params=request.get("params"),
            json=request.get("json"),
            idempotent=idempotent,
            job_id=job_id,
            encoded=encoded,
            decode=decode,
        )


@dataclass(frozen=True)
class Reply:
    """A successful (2xx) answer: status, headers, parsed JSON body."""

    status: int
    headers: Mapping[str, str]
    data: Any
    #: The body as received (``data`` is its parse).
    raw: bytes = field(default=b"", repr=False)


@dataclass(frozen=True)
class Fetch:
    """Stream a URL (same origin only) to ``target`` atomically."""

    url: str
    target: Path
    op: str
    job_id: str | None = None
    validate_json: bool = True
    #: As :attr:`Call.deadline`.
    deadline: float | None = None


@dataclass(frozen=True)
class Sleep:
    """Wait this many seconds."""

    seconds: float


@dataclass(frozen=True)
class Emit:
    """Hand one item to the caller of an iterating operation."""

    value: Any


# -- the low level: what a driver executes ---------------------------------------------------
@dataclass(frozen=True)
class Send:
    """Send one request once and read its answer, at most ``limit`` bytes of a 2xx body, all
    of it by ``deadline`` (``time.monotonic()``)."""

    method: str
    url: str
    params: Any
    content: bytes | None
    headers: Mapping[str, str]
    op: str
    job_id: str | None
    limit: int
    deadline: float
    #: The read timeout of this attempt, if not the client's.
    read_timeout: float | None = None


@dataclass(frozen=True)
class Answer:
    """An answer read to its end (an error answer cut at a few KB)."""

    status: int
    headers: Mapping[str, str]
    body: bytes


@dataclass(frozen=True)
class Stream:
    """GET ``url`` once, streaming a 2xx body of at most ``limit`` bytes into a new temporary
    file in ``directory``, all of it by ``deadline`` (``time.monotonic()``)."""

    url: str
    directory: Path
    op: str
    job_id: str | None
    limit: int
    deadline: float


@dataclass(frozen=True)
class Streamed:
    """A streamed answer: a 2xx body in ``path`` (``written`` bytes after decoding,
    ``wire_bytes`` as received), or an error answer's ``body``."""

    status: int
    headers: Mapping[str, str]
    path: Path | None = None
    written: int = 0
    wire_bytes: int = 0
    body: bytes = b""


@dataclass(frozen=True)
class Failed:
    """The attempt failed before an answer was complete: a transport error or a timeout
    (``httpx.TransportError``), a body cut short or corrupt (``Truncated``), or an answer the
    client will not read (``Refused``)."""

    error: Exception


Effect = Call | Fetch | Sleep
LowEffect = Send | Stream | Sleep
Steps = Generator[Effect, Any, T]
#: An operation that also hands items to its caller (run by a driver's ``iterate``).
EmitSteps = Generator[Effect | Emit, Any, None]
LowSteps = Generator[LowEffect | Emit, Any, T]


def bounded(steps: Generator[Any, Any, T], deadline: float | None) -> Generator[Any, Any, T]:
    """``steps`` with every Call and Fetch due by ``deadline`` (``time.monotonic()``), so a
    request in flight cannot outlast a wait's timeout."""
    if deadline is None:
        return (yield from steps)
    value: Any = None
    try:
        while True:
            try:
                effect = steps.send(value)
            except StopIteration as stop:
                return stop.value  # type: ignore[no-any-return]
            if isinstance(effect, Call | Fetch):
                own = effect.deadline
                effect = replace(effect, deadline=deadline if own is None else min(own, deadline))
            value = yield effect
    finally:
        steps.close()
