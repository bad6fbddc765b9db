"""HTTP transport: one pooled httpx client per facade, retries, gzip, error mapping, downloads.

Operations are written once as generators of effects (:class:`Call`, :class:`Fetch`,
:class:`Sleep`); :class:`SyncHttp` and :class:`AsyncHttp` execute them. Everything that decides
(retry or not, which error, how to encode a body) is shared; the two classes only do the I/O.
"""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import gzip
import ipaddress
import json
import logging
import os
import tempfile
import time
from collections.abc import AsyncIterator, Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any, TypeVar, cast
from urllib.parse import urlsplit

import httpx

from bulk_enrich import __version__
from bulk_enrich.errors import (
    AuthenticationError,
    BulkEnrichError,
    DownloadError,
    InvalidInputError,
    NotFoundError,
    PermissionDenied,
    RateLimitError,
    ServerError,
    TransportError,
    excerpt,
)
from bulk_enrich.files import same_origin
from bulk_enrich.jsonstream import StreamParseError, iter_object_items, loads
from bulk_enrich.retry import RetryPolicy, RetryState, parse_retry_after

log = logging.getLogger("bulk_enrich.http")
T = TypeVar("T")

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0, pool=60.0)
DOWNLOAD_BLOCK = 1 << 20
#: Largest API answer accepted (status documents are KB; result pages a few MB).
DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024
#: An answer larger than this is spooled to a temporary file while it is read, so a refused
#: oversized answer never sits in memory.
SPOOL_BYTES = 4 * 1024 * 1024
#: Of an error answer only this much is kept (enough for its message and an excerpt).
ERROR_BODY_BYTES = 64 * 1024


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
    #: ``(key, JSON text)``: ``json[key]`` already serialised (e.g. when a chunk's size was
    #: measured), spliced into the body instead of being serialised again.
    encoded: tuple[str, str] | None = field(default=None, repr=False)


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


@dataclass(frozen=True)
class Sleep:
    """Wait this many seconds."""

    seconds: float


@dataclass(frozen=True)
class Emit:
    """Hand one item to the caller of an iterating operation."""

    value: Any


Effect = Call | Fetch | Sleep
Steps = Generator[Effect, Any, T]
#: An operation that also hands items to its caller (run by ``iter_sync`` / ``iter_async``).
EmitSteps = Generator[Effect | Emit, Any, None]


@dataclass
class HttpSettings:
    """What a transport needs: where, which credential, how patient, how to retry."""

    base_url: str
    auth_header: tuple[str, str] = field(repr=False)
    timeout: httpx.Timeout = field(default_factory=lambda: DEFAULT_TIMEOUT)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    gzip_threshold: int | None = 50_000
    gzip_level: int = 5
    max_connections: int = 32
    transport: Any = None
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES

    @property
    def secret(self) -> str:
        return self.auth_header[1].split(" ", 1)[-1]


def encode_body(obj: Any, threshold: int | None, level: int) -> tuple[bytes, dict[str, str]]:
    """Compact JSON; gzip-compressed (``Content-Encoding: gzip``) above ``threshold`` bytes."""
    try:
        raw = json.dumps(obj, separators=(",", ":"), allow_nan=False).encode("utf-8")
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(f"request body is not JSON-serialisable: {exc}") from exc
    return compress_body(raw, threshold, level)


def json_with(body: Mapping[str, Any], key: str, encoded: str) -> bytes:
    """``body`` as :func:`encode_body` serialises it, with ``encoded`` (JSON text already made,
    e.g. when a chunk's size was measured) as the value of ``key`` instead of ``body[key]``."""
    encode = json.JSONEncoder(separators=(",", ":"), allow_nan=False).encode
    try:
        parts = [
            encode(name) + ":" + (encoded if name == key else encode(value))
            for name, value in body.items()
        ]
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(f"request body is not JSON-serialisable: {exc}") from exc
    return ("{" + ",".join(parts) + "}").encode()


def compress_body(raw: bytes, threshold: int | None, level: int) -> tuple[bytes, dict[str, str]]:
    """A JSON body as sent: gzip-compressed (``Content-Encoding: gzip``) above ``threshold``."""
    headers = {"Content-Type": "application/json"}
    if threshold is not None and len(raw) > threshold:
        headers["Content-Encoding"] = "gzip"
        return gzip.compress(raw, compresslevel=level, mtime=0), headers
    return raw, headers


def error_for_status(
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    call_op: str,
    job_id: str | None,
    secret: str,
) -> BulkEnrichError:
    """Map an error answer to the facade's exception (never carrying the key)."""
    message = ""
    request_id = headers.get("x-request-id") or headers.get("request-id")
    try:
        data = json.loads(body) if body else None
    except ValueError:
        data = None
    if isinstance(data, dict):
        detail = data.get("message") or data.get("detail")
        if detail is not None:
            message = detail if isinstance(detail, str) else json.dumps(detail)[:300]
        if status == 401 and isinstance(data.get("id"), str):
            request_id = request_id or data["id"]
    text = excerpt(body, secret)
    summary = f"{call_op}: HTTP {status}" + (f": {excerpt(message, secret)}" if message else "")
    kw: dict[str, Any] = {
        "status": status,
        "request_id": request_id,
        "job_id": job_id,
        "body_excerpt": text,
    }
    if status in (400, 422):
        return InvalidInputError(summary, **kw)
    if status == 401:
        return AuthenticationError(summary, **kw)
    if status == 403:
        return PermissionDenied(summary, **kw)
    if status == 404:
        return NotFoundError(summary, **kw)
    if status == 429:
        return RateLimitError(summary, retry_after=parse_retry_after(headers), **kw)
    if status >= 500:
        return ServerError(summary, **kw)
    return BulkEnrichError(summary, **kw)


def _transport_error(exc: Exception, op: str, job_id: str | None) -> TransportError:
    return TransportError(f"{op}: {type(exc).__name__}: {exc}", job_id=job_id)


def _parse_json(resp_body: bytes, call: Call, status: int, secret: str) -> Any:
    if not resp_body:
        return None
    try:
        return loads(resp_body)
    except ValueError as exc:
        raise ServerError(
            f"{call.op}: the answer is not JSON",
            status=status,
            job_id=call.job_id,
            body_excerpt=excerpt(resp_body, secret),
        ) from exc


#: Set to ``1`` to allow a plain-http base URL on a host other than loopback.
ALLOW_HTTP_ENV = "BULK_ENRICH_ALLOW_HTTP"


def check_base_url(base_url: str, env: Mapping[str, str] | None = None) -> None:
    """Refuse a plain-http base URL off loopback (the key would cross the network in clear)."""
    parts = urlsplit(base_url)
    scheme = parts.scheme.lower()
    if scheme == "https":
        return
    if scheme != "http":
        raise BulkEnrichError(f"base URL must be https:// (or http:// on loopback): {base_url!r}")
    host = (parts.hostname or "").lower()
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if loopback or (os.environ if env is None else env).get(ALLOW_HTTP_ENV) == "1":
        return
    raise BulkEnrichError(
        f"refusing plain http to {host}: the API key would be sent unencrypted; use https, "
        f"or set {ALLOW_HTTP_ENV}=1 to allow it"
    )


class _Base:
    def __init__(self, settings: HttpSettings) -> None:
        check_base_url(settings.base_url)
        self.settings = settings
        self._headers = {
            settings.auth_header[0]: settings.auth_header[1],
            "Accept": "application/json",
            "Accept-Encoding": "gzip",
            "User-Agent": f"bulk-enrich/{__version__}",
        }
        self.stats: dict[str, int] = {"requests": 0, "retries": 0}

    def _url(self, path: str) -> str:
        if path.startswith(("http://", "https://")):
            if not same_origin(path, self.settings.base_url):
                raise DownloadError(
                    f"refusing to send the API key to another origin: {path.split('?')[0]}"
                )
            return path
        return self.settings.base_url + path

    def _body(self, call: Call) -> tuple[bytes | None, dict[str, str]]:
        settings = self.settings
        if call.json is None:
            return None, {}
        if call.encoded is not None:
            raw = json_with(call.json, *call.encoded)
            return compress_body(raw, settings.gzip_threshold, settings.gzip_level)
        return encode_body(call.json, settings.gzip_threshold, settings.gzip_level)

    def _fetch_policy(self) -> RetryPolicy:
        # A job can read COMPLETE a moment before its output file is served: a 404 on an
        # output download is retried within the same bounded budget as other failures.
        policy = self.settings.retry
        return replace(policy, retry_statuses=policy.retry_statuses | {404})

    def _limits(self) -> httpx.Limits:
        n = self.settings.max_connections
        return httpx.Limits(max_connections=n, max_keepalive_connections=n)

    def _check_fetch(self, tmp: Path, resp: httpx.Response, fetch: Fetch, written: int) -> None:
        expected = resp.headers.get("content-length")
        if expected is not None and expected.isdigit():
            encoding = resp.headers.get("content-encoding", "identity").lower()
            got = written if encoding == "identity" else resp.num_bytes_downloaded
            if got != int(expected) and (encoding == "identity" or got):
                raise _Truncated(f"got {got} of {expected} bytes")
        if fetch.validate_json:
            try:
                for _ in iter_object_items(tmp):
                    pass
            except StreamParseError as exc:
                raise DownloadError(
                    f"{fetch.op}: downloaded file is not valid JSON: {exc}", job_id=fetch.job_id
                ) from exc

    def _settle(
        self, call: Call, state: RetryState, resp: httpx.Response, body: bytes, started: float
    ) -> Reply | float:
        """A read answer: the reply, the delay before a retry, or the mapped error raised."""
        log.debug(
            "%s %s -> %d in %.3fs",
            call.method,
            call.op,
            resp.status_code,
            time.monotonic() - started,
        )
        if resp.status_code < 300:
            return Reply(
                resp.status_code,
                resp.headers,
                _parse_json(body, call, resp.status_code, self.settings.secret),
                body,
            )
        delay = state.on_status(resp.status_code, resp.headers)
        if delay is None:
            raise error_for_status(
                resp.status_code,
                resp.headers,
                body,
                call.op,
                call.job_id,
                self.settings.secret,
            )
        self._log_retry(call.op, f"HTTP {resp.status_code}", delay, state.attempts)
        return delay

    def _fetch_status_delay(
        self, fetch: Fetch, state: RetryState, resp: httpx.Response, body: bytes
    ) -> float:
        """Delay before retrying a download answered with an error status, or DownloadError."""
        delay = state.on_status(resp.status_code, resp.headers)
        if delay is None:
            err = error_for_status(
                resp.status_code, resp.headers, body, fetch.op, fetch.job_id, self.settings.secret
            )
            raise DownloadError(
                err.message, status=err.status, job_id=fetch.job_id, body_excerpt=err.body_excerpt
            )
        self._log_retry(fetch.op, f"HTTP {resp.status_code}", delay, state.attempts)
        return delay

    def _fetch_failure_delay(
        self, fetch: Fetch, state: RetryState, exc: httpx.TransportError | _Truncated
    ) -> float:
        """Delay before retrying a download cut by a transport fault, or DownloadError."""
        delay = state.on_exception(
            exc if isinstance(exc, httpx.TransportError) else httpx.ReadError(str(exc))
        )
        if delay is None:
            raise DownloadError(
                f"{fetch.op}: {type(exc).__name__}: {exc}", job_id=fetch.job_id
            ) from None
        self._log_retry(fetch.op, f"download failed ({exc})", delay, state.attempts)
        return delay

    def _log_retry(self, op: str, what: str, delay: float, attempt: int) -> None:
        self.stats["retries"] += 1
        log.warning("%s: %s; retry %d in %.2fs", op, what, attempt, delay)


class _Body:
    """Accumulates an answer's (decoded) bytes within a cap.

    A 2xx answer over ``cap`` is refused with :class:`ServerError`; an error answer is simply
    cut at :data:`ERROR_BODY_BYTES`. Large answers are spooled to disk while they are read.
    """

    def __init__(
        self, buf: IO[bytes], resp: httpx.Response, op: str, job_id: str | None, cap: int
    ) -> None:
        self.buf = buf
        self.ok = resp.status_code < 300
        self.limit = cap if self.ok else ERROR_BODY_BYTES
        self.status = resp.status_code
        self.op = op
        self.job_id = job_id
        self.size = 0
        announced = resp.headers.get("content-length", "")
        if self.ok and announced.isdigit() and int(announced) > self.limit:
            raise self.too_large()

    def too_large(self) -> ServerError:
        return ServerError(
            f"{self.op}: the answer is larger than {self.limit} bytes (refused)",
            status=self.status,
            job_id=self.job_id,
        )

    def feed(self, block: bytes) -> bool:
        """Keep ``block``; return False once an error answer is long enough to stop reading."""
        room = self.limit - self.size
        if len(block) > room:
            if self.ok:
                raise self.too_large()
            self.buf.write(block[:room])
            self.size = self.limit
            return False
        self.buf.write(block)
        self.size += len(block)
        return True

    def value(self) -> bytes:
        self.buf.seek(0)
        return self.buf.read()


class _Truncated(Exception):
    """A download that is shorter than announced or visibly corrupt (retried)."""


#: Bytes that never appear raw in JSON text (control characters other than whitespace).
_CONTROL = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])


class _ByteCheck:
    """Cheap, C-speed screening of a JSON download while it streams.

    JSON text is UTF-8 and holds no raw control characters (other than whitespace), so binary
    garbage is caught without parsing; the full parse happens when the file is read. Both checks
    run at memory speed: ``bytes.translate`` for the control bytes (a regular expression is
    about 6x slower), and the UTF-8 decoder only for blocks that are not plain ASCII.
    """

    def __init__(self) -> None:
        self._utf8 = codecs.getincrementaldecoder("utf-8")()

    def feed(self, block: bytes) -> None:
        if len(block.translate(None, _CONTROL)) != len(block):
            raise _Truncated("control characters in a JSON download (corrupt)")
        if block.isascii() and not self._utf8.getstate()[0]:
            return  # ASCII after a complete character: valid UTF-8, nothing to carry over
        try:
            self._utf8.decode(block)
        except UnicodeDecodeError as exc:
            raise _Truncated(f"invalid UTF-8 in a JSON download (corrupt): {exc.reason}") from None

    def close(self) -> None:
        try:
            self._utf8.decode(b"", final=True)
        except UnicodeDecodeError:
            raise _Truncated("a JSON download ends inside a character (truncated)") from None


class SyncHttp(_Base):
    """Blocking transport over one pooled ``httpx.Client``."""

    def __init__(self, settings: HttpSettings) -> None:
        super().__init__(settings)
        self.client = httpx.Client(
            headers=self._headers,
            timeout=settings.timeout,
            limits=self._limits(),
            follow_redirects=False,
            transport=settings.transport,
        )

    def close(self) -> None:
        """Close the connection pool."""
        self.client.close()

    def run(self, steps: Steps[T]) -> T:
        """Execute a generator of effects to completion and return its value."""
        value: Any = None
        while True:
            try:
                effect = steps.send(value)
            except StopIteration as stop:
                return stop.value  # type: ignore[no-any-return]
            try:
                value = self.execute(effect)
            except BaseException:
                steps.close()
                raise

    def execute(self, effect: Effect) -> Any:
        """Execute one effect."""
        if isinstance(effect, Call):
            return self.call(effect)
        if isinstance(effect, Fetch):
            return self.fetch(effect)
        time.sleep(max(0.0, effect.seconds))
        return None

    def call(self, call: Call) -> Reply:
        """Send a request with retries; return the 2xx answer or raise the mapped error."""
        url = self._url(call.path)
        content, headers = self._body(call)
        state = RetryState(self.settings.retry, idempotent=call.idempotent)
        while True:
            self.stats["requests"] += 1
            started = time.monotonic()
            request = self.client.build_request(
                call.method, url, params=cast(Any, call.params), content=content, headers=headers
            )
            try:
                resp = self.client.send(request, stream=True)
                try:
                    body = self._read(resp, call)
                finally:
                    resp.close()
            except httpx.TransportError as exc:
                delay = state.on_exception(exc)
                if delay is None:
                    raise _transport_error(exc, call.op, call.job_id) from None
                self._log_retry(call.op, type(exc).__name__, delay, state.attempts)
                time.sleep(delay)
                continue
            outcome = self._settle(call, state, resp, body, started)
            if isinstance(outcome, Reply):
                return outcome
            delay = outcome
            time.sleep(delay)

    def _read(self, resp: httpx.Response, call: Call) -> bytes:
        """The answer's body within ``max_response_bytes`` (see :class:`_Body`)."""
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as buf:
            body = _Body(buf, resp, call.op, call.job_id, self.settings.max_response_bytes)
            for block in resp.iter_bytes(DOWNLOAD_BLOCK):
                if not body.feed(block):
                    break
            return body.value()

    def fetch(self, fetch: Fetch) -> Path:
        """Stream a file to a temporary name beside the target, check it, rename it."""
        url = self._url(fetch.url)
        state = RetryState(self._fetch_policy(), idempotent=True)
        fetch.target.parent.mkdir(parents=True, exist_ok=True)
        while True:
            self.stats["requests"] += 1
            fd, tmp_name = tempfile.mkstemp(prefix=".part-", suffix=".tmp", dir=fetch.target.parent)
            tmp = Path(tmp_name)
            try:
                with os.fdopen(fd, "wb") as fh, self.client.stream("GET", url) as resp:
                    if resp.status_code >= 300:
                        body = self._read(resp, Call("GET", url, fetch.op, job_id=fetch.job_id))
                        delay = self._fetch_status_delay(fetch, state, resp, body)
                        time.sleep(delay)
                        continue
                    written = 0
                    check = _ByteCheck()
                    for block in resp.iter_bytes(DOWNLOAD_BLOCK):
                        check.feed(block)
                        written += fh.write(block)
                    check.close()
                    fh.flush()
                    self._check_fetch(tmp, resp, fetch, written)
                os.replace(tmp, fetch.target)
                return fetch.target
            except (httpx.TransportError, _Truncated) as exc:
                delay = self._fetch_failure_delay(fetch, state, exc)
                time.sleep(delay)
            finally:
                with contextlib.suppress(OSError):
                    tmp.unlink()


class AsyncHttp(_Base):
    """Asynchronous transport over one pooled ``httpx.AsyncClient``."""

    def __init__(self, settings: HttpSettings) -> None:
        super().__init__(settings)
        self.client = httpx.AsyncClient(
            headers=self._headers,
            timeout=settings.timeout,
            limits=self._limits(),
            follow_redirects=False,
            transport=settings.transport,
        )

    async def close(self) -> None:
        """Close the connection pool."""
        await self.client.aclose()

    async def run(self, steps: Steps[T]) -> T:
        """Execute a generator of effects to completion and return its value."""
        value: Any = None
        while True:
            try:
                effect = steps.send(value)
            except StopIteration as stop:
                return stop.value  # type: ignore[no-any-return]
            try:
                value = await self.execute(effect)
            except BaseException:
                steps.close()
                raise

    async def execute(self, effect: Effect) -> Any:
        """Execute one effect."""
        if isinstance(effect, Call):
            return await self.call(effect)
        if isinstance(effect, Fetch):
            return await self.fetch(effect)
        await asyncio.sleep(max(0.0, effect.seconds))
        return None

    async def call(self, call: Call) -> Reply:
        """Send a request with retries; return the 2xx answer or raise the mapped error."""
        url = self._url(call.path)
        content, headers = self._body(call)
        state = RetryState(self.settings.retry, idempotent=call.idempotent)
        while True:
            self.stats["requests"] += 1
            started = time.monotonic()
            request = self.client.build_request(
                call.method, url, params=cast(Any, call.params), content=content, headers=headers
            )
            try:
                resp = await self.client.send(request, stream=True)
                try:
                    body = await self._read(resp, call)
                finally:
                    await resp.aclose()
            except httpx.TransportError as exc:
                delay = state.on_exception(exc)
                if delay is None:
                    raise _transport_error(exc, call.op, call.job_id) from None
                self._log_retry(call.op, type(exc).__name__, delay, state.attempts)
                await asyncio.sleep(delay)
                continue
            outcome = self._settle(call, state, resp, body, started)
            if isinstance(outcome, Reply):
                return outcome
            delay = outcome
            await asyncio.sleep(delay)

    async def _read(self, resp: httpx.Response, call: Call) -> bytes:
        """The answer's body within ``max_response_bytes`` (see :class:`_Body`)."""
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as buf:
            body = _Body(buf, resp, call.op, call.job_id, self.settings.max_response_bytes)
            async for block in resp.aiter_bytes(DOWNLOAD_BLOCK):
                if not body.feed(block):
                    break
            return body.value()

    async def fetch(self, fetch: Fetch) -> Path:
        """Stream a file to a temporary name beside the target, check it, rename it."""
        url = self._url(fetch.url)
        state = RetryState(self._fetch_policy(), idempotent=True)
        fetch.target.parent.mkdir(parents=True, exist_ok=True)
        while True:
            self.stats["requests"] += 1
            fd, tmp_name = tempfile.mkstemp(prefix=".part-", suffix=".tmp", dir=fetch.target.parent)
            tmp = Path(tmp_name)
            try:
                with os.fdopen(fd, "wb") as fh:
                    async with self.client.stream("GET", url) as resp:
                        if resp.status_code >= 300:
                            body = await self._read(
                                resp, Call("GET", url, fetch.op, job_id=fetch.job_id)
                            )
                            delay = self._fetch_status_delay(fetch, state, resp, body)
                            await asyncio.sleep(delay)
                            continue
                        written = 0
                        check = _ByteCheck()
                        async for block in resp.aiter_bytes(DOWNLOAD_BLOCK):
                            check.feed(block)
                            written += fh.write(block)
                        check.close()
                        fh.flush()
                        self._check_fetch(tmp, resp, fetch, written)
                os.replace(tmp, fetch.target)
                return fetch.target
            except (httpx.TransportError, _Truncated) as exc:
                delay = self._fetch_failure_delay(fetch, state, exc)
                await asyncio.sleep(delay)
            finally:
                with contextlib.suppress(OSError):
                    tmp.unlink()


def iter_sync(steps: EmitSteps, http: SyncHttp) -> Iterator[Any]:
    """Run a generator that yields effects and :class:`Emit` items; yield the items."""
    value: Any = None
    while True:
        try:
            effect = steps.send(value)
        except StopIteration:
            return
        if isinstance(effect, Emit):
            value = None
            yield effect.value
        else:
            value = http.execute(effect)


async def iter_async(steps: EmitSteps, http: AsyncHttp) -> AsyncIterator[Any]:
    """Run a generator that yields effects and :class:`Emit` items; yield the items."""
    value: Any = None
    while True:
        try:
            effect = steps.send(value)
        except StopIteration:
            return
        if isinstance(effect, Emit):
            value = None
            yield effect.value
        else:
            value = await http.execute(effect)
