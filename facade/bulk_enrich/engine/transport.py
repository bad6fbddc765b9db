"""The one request policy, as effects: retries, error mapping, checked downloads.

:class:`Transport` lowers an operation's :class:`Call` and :class:`Fetch` effects into single
attempts (:class:`Send`, :class:`Stream`) and :class:`Sleep`, deciding after each attempt
whether to return, retry or raise. The sync and async drivers execute the attempts; every
decision lives here, once.
"""

from __future__ import annotations

import contextlib
import functools
import os
import time
from collections.abc import Generator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
from bulk_enrich import __version__
from bulk_enrich.engine.bodies import Refused, Truncated
from bulk_enrich.engine.effects import (
    Answer,
    Call,
    Emit,
    Failed,
    Fetch,
    LowEffect,
    Reply,
    Send,
    Sleep,
    Stream,
    Streamed,
)
from bulk_enrich.engine.jsonstream import StreamParseError, iter_object_items
from bulk_enrich.engine.retry import RetryPolicy, RetryState
from bulk_enrich.engine.wire import (
    DEFAULT_MAX_DOWNLOAD_BYTES,
    DEFAULT_MAX_RESPONSE_BYTES,
    check_base_url,
    compress_body,
    encode_body,
    error_for_status,
    json_with,
    parse_json,
    transport_error,
)
from bulk_enrich.errors import BulkEnrichError, DownloadError, ServerError, WaitTimeout, shown
from bulk_enrich.files import same_origin
from bulk_enrich.logs import get_logger

log = get_logger("bulk_enrich.http")
T = TypeVar("T")

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0, pool=60.0)


def timeout_of(timeout: float | httpx.Timeout | None) -> httpx.Timeout:
    """An httpx timeout from seconds (connect at most 10 s), or the default."""
    if timeout is None:
        return DEFAULT_TIMEOUT
    if isinstance(timeout, httpx.Timeout):
        return timeout
    return httpx.Timeout(timeout, connect=min(10.0, timeout))


@dataclass
class HttpSettings:
    """What a transport needs: where, which credential, how patient, how to retry."""

    base_url: str
    auth_header: tuple[str, str] = field(repr=False)
    timeout: httpx.Timeout = field(default_factory=lambda: DEFAULT_TIMEOUT)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    gzip_threshold: int | None = 50_000
    #: None: the measured choice of :mod:`~bulk_enrich.engine.deflate` (isal or zlib, level
    #: 1); a number: zlib at that level.
    gzip_level: int | None = None
    max_connections: int = 32
    transport: Any = None
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES
    max_download_bytes: int = DEFAULT_MAX_DOWNLOAD_BYTES
    #: Longest one API attempt may take, answer read to its end (a dripping server included).
    attempt_deadline: float = 300.0
    #: Longest one download attempt may take.
    download_deadline: float = 3600.0
    #: The least a job-creating request waits for its answer. Its answer lost to a timeout
    #: cannot be retried (the job may exist): waiting longer is cheaper than a duplicate job.
    create_read_timeout: float = 120.0

    @property
    def secret(self) -> str:
        return self.auth_header[1].split(" ", 1)[-1]


@functools.lru_cache(maxsize=1024)
def parsed_url(url: str) -> httpx.URL:
    """``url`` parsed (``httpx.InvalidURL`` if it is not a URL), once: a job's status URL is
    asked for at every poll, and httpx checks every character of a URL it parses."""
    return httpx.URL(url)


def path_of(url: str) -> str:
    """``url`` with every path segment made only of dots percent-encoded: URL normalisation
    would otherwise turn an id such as ``..`` into a step up the path."""
    path, sep, query = url.partition("?")
    segments = [
        quote(s, safe="").replace(".", "%2E") if s and not s.strip(".") else s
        for s in path.split("/")
    ]
    return "/".join(segments) + sep + query


class Transport:
    """The I/O-free half of an HTTP client: builds attempts, reads outcomes, decides."""

    def __init__(self, settings: HttpSettings) -> None:
        check_base_url(settings.base_url)
        self.settings = settings
        self.headers = {
            settings.auth_header[0]: settings.auth_header[1],
            "Accept": "application/json",
            "Accept-Encoding": "gzip",
            "User-Agent": f"bulk-enrich/{__version__}",
        }
        self.stats: dict[str, int] = {"requests": 0, "retries": 0}

    def url(self, path: str) -> str:
        """The absolute URL of ``path``; an absolute URL only on the API's own origin.

        A URL the server made up that is not a usable URL at all is a DownloadError.
        """
        url = path if path.startswith(("http://", "https://")) else None
        try:
            if url is not None and not same_origin(url, self.settings.base_url):
                raise DownloadError(
                    f"refusing to send the API key to another origin: {shown(url.split('?')[0])}"
                )
            url = url or self.settings.base_url + path_of(path)
            parsed_url(url)
        except (httpx.InvalidURL, ValueError) as exc:
            raise DownloadError(f"not a usable URL: {shown(path)} ({exc})") from None
        return url

    def lower(self, steps: Generator[Any, Any, T]) -> Generator[LowEffect | Emit, Any, T]:
        """Run an operation, turning each Call and Fetch into attempts and sleeps."""
        value: Any = None
        try:
            while True:
                try:
                    effect = steps.send(value)
                except StopIteration as stop:
                    return stop.value  # type: ignore[no-any-return]
                if isinstance(effect, Call):
                    value = yield from self.call_steps(effect)
                elif isinstance(effect, Fetch):
                    value = yield from self.fetch_steps(effect)
                else:
                    value = yield effect
        finally:
            steps.close()

    # -- API calls -------------------------------------------------------------------------
    def _send(self, call: Call) -> Send:
        settings = self.settings
        content: bytes | None = None
        headers: dict[str, str] = {}
        if call.json is not None:
            if call.encoded is not None:
                raw = json_with(call.json, *call.encoded)
                content, headers = compress_body(raw, settings.gzip_threshold, settings.gzip_level)
            else:
                content, headers = encode_body(
                    call.json, settings.gzip_threshold, settings.gzip_level
                )
        return Send(
            call.method,
            self.url(call.path),
            call.params,
            content,
            headers,
            call.op,
            call.job_id,
            settings.max_response_bytes,
            0.0,
            None
            if call.idempotent
            else max(settings.timeout.read or 0.0, settings.create_read_timeout),
        )

    def call_steps(self, call: Call) -> Generator[LowEffect, Any, Reply]:
        """Send ``call`` until it succeeds, fails for good, or the retry budget (or the call's
        deadline) runs out."""
        send = self._send(call)
        state = RetryState(self.settings.retry, idempotent=call.idempotent)
        while True:
            self.stats["requests"] += 1
            deadline = _until(call.deadline, self.settings.attempt_deadline)
            outcome: Answer | Failed = yield replace(send, deadline=deadline)
            if isinstance(outcome, Failed):
                delay = self._failure_delay(state, outcome.error, call.op)
                if delay is None:
                    if isinstance(outcome.error, Refused):
                        raise ServerError(f"{call.op}: {outcome.error}", job_id=call.job_id)
                    raise transport_error(outcome.error, call.op, call.job_id) from None
            else:
                log.debug("%s %s -> %d", call.method, call.op, outcome.status)
                if outcome.status < 300:
                    secret = self.settings.secret
                    data = parse_json(
                        outcome.body, call.op, call.job_id, outcome.status, secret, call.decode
                    )
                    return Reply(outcome.status, outcome.headers, data, outcome.body)
                delay = self._status_delay(state, outcome, call.op, call.job_id)
                if delay is None:
                    raise self._error(outcome, call.op, call.job_id)
            _check_deadline(call.deadline, delay, call.op, call.job_id)
            yield Sleep(delay)

    def _failure_delay(self, state: RetryState, error: Exception, op: str) -> float | None:
        """Delay before retrying after a failed attempt (a body cut short counts as a read
        error), or None to give up (a refused answer is never retried)."""
        if isinstance(error, Refused):
            return None
        exc = error if isinstance(error, httpx.TransportError) else httpx.ReadError(str(error))
        delay = state.on_exception(exc)
        if delay is not None:
            self._log_retry(op, f"{type(error).__name__} ({error})", delay, state.attempts)
        return delay

    def _status_delay(
        self, state: RetryState, outcome: Answer | Streamed, op: str, job_id: str | None
    ) -> float | None:
        delay = state.on_status(outcome.status, outcome.headers)
        if delay is not None:
            self._log_retry(op, f"HTTP {outcome.status}", delay, state.attempts)
        return delay

    def _error(self, outcome: Answer | Streamed, op: str, job_id: str | None) -> BulkEnrichError:
        return error_for_status(
            outcome.status, outcome.headers, outcome.body, op, job_id, self.settings.secret
        )

    # -- downloads -------------------------------------------------------------------------
    def fetch_steps(self, fetch: Fetch) -> Generator[LowEffect, Any, Path]:
        """Stream a file to a temporary name beside the target, check it, rename it.

        A job can read COMPLETE a moment before its output file is served: a 404 on an output
        download is retried within the same bounded budget as other failures.
        """
        policy = self.settings.retry
        policy = replace(policy, retry_statuses=policy.retry_statuses | {404})
        state = RetryState(policy, idempotent=True)
        fetch.target.parent.mkdir(parents=True, exist_ok=True)
        url = self.url(fetch.url)
        settings = self.settings
        while True:
            self.stats["requests"] += 1
            deadline = _until(fetch.deadline, settings.download_deadline)
            attempt = Stream(
                url,
                fetch.target.parent,
                fetch.op,
                fetch.job_id,
                settings.max_download_bytes,
                deadline,
            )
            outcome: Streamed | Failed = yield attempt
            if isinstance(outcome, Streamed) and outcome.status < 300:
                outcome = self._settle_download(outcome, fetch)
            if isinstance(outcome, Streamed) and outcome.path is not None:
                return outcome.path
            if isinstance(outcome, Failed):
                delay = self._failure_delay(state, outcome.error, fetch.op)
                if delay is None:
                    raise DownloadError(
                        f"{fetch.op}: {type(outcome.error).__name__}: {outcome.error}",
                        job_id=fetch.job_id,
                    ) from None
            else:
                delay = self._status_delay(state, outcome, fetch.op, fetch.job_id)
                if delay is None:
                    err = self._error(outcome, fetch.op, fetch.job_id)
                    raise DownloadError(
                        err.message,
                        status=err.status,
                        job_id=fetch.job_id,
                        body_excerpt=err.body_excerpt,
                    )
            _check_deadline(fetch.deadline, delay, fetch.op, fetch.job_id)
            yield Sleep(delay)

    def _settle_download(self, streamed: Streamed, fetch: Fetch) -> Streamed | Failed:
        """Check a streamed file and move it into place, or drop it (Failed: retried)."""
        tmp = streamed.path
        assert tmp is not None
        try:
            _check_download(tmp, streamed, fetch)
            os.replace(tmp, fetch.target)
        except Truncated as exc:
            return Failed(exc)
        finally:
            with contextlib.suppress(OSError):
                tmp.unlink()
        return replace(streamed, path=fetch.target)

    def _log_retry(self, op: str, what: str, delay: float, attempt: int) -> None:
        self.stats["retries"] += 1
        log.warning("%s: %s; retry %d in %.2fs", op, what, attempt, delay)


def _check_download(tmp: Path, streamed: Streamed, fetch: Fetch) -> None:
    """Raise Truncated if the file is shorter than announced; DownloadError if not JSON."""
    expected = streamed.headers.get("content-length", "")
    encoding = streamed.headers.get("content-encoding", "identity").lower()
    if expected.isdigit():
        got = streamed.written if encoding == "identity" else streamed.wire_bytes
        if got != int(expected) and (encoding == "identity" or got):
            raise Truncated(f"got {got} of {expected} bytes")
    # A gzip stream shows its own end (the driver checked it); a plain body of unknown length
    # can only be known complete by reading it through.
    complete_known = expected.isdigit() or encoding not in ("", "identity")
    if fetch.validate_json or not complete_known:
        try:
            for _ in iter_object_items(tmp):
                pass
        except StreamParseError as exc:
            if not complete_known:
                raise Truncated(f"the file is not complete JSON ({exc})") from None
            raise DownloadError(
                f"{fetch.op}: downloaded file is not valid JSON: {exc}", job_id=fetch.job_id
            ) from exc


def _until(deadline: float | None, budget: float) -> float:
    """An attempt's deadline: ``budget`` seconds from now, or the call's own if sooner."""
    own = time.monotonic() + budget
    return own if deadline is None else min(own, deadline)


def _check_deadline(deadline: float | None, delay: float, op: str, job_id: str | None) -> None:
    """Raise WaitTimeout when waiting ``delay`` before a retry would pass the call's deadline."""
    if deadline is not None and time.monotonic() + delay >= deadline:
        raise WaitTimeout(f"{op}: no answer before the deadline", job_id=job_id)
