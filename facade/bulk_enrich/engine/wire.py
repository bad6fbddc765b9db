"""Wire format, without I/O: request bodies, answer bodies within caps, error mapping.

Everything here decides from bytes and headers; the drivers feed it what they read.
"""

from __future__ import annotations

import ipaddress
import json
import os
from collections.abc import Callable, Mapping
from typing import Any, TypeVar
from urllib.parse import urlsplit

from bulk_enrich.engine.deflate import gzip_compress
from bulk_enrich.engine.jsonbytes import json_bytes
from bulk_enrich.engine.jsonstream import loads
from bulk_enrich.engine.retry import parse_retry_after
from bulk_enrich.errors import (
    AuthenticationError,
    BulkEnrichError,
    ConfigurationError,
    InvalidInputError,
    NotFoundError,
    PermissionDenied,
    RateLimitError,
    ServerError,
    TransportError,
    excerpt,
)

#: Largest API answer accepted (status documents are KB; result pages a few MB).
DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024
#: An answer larger than this is spooled to a temporary file while it is read, so a refused
#: oversized answer never sits in memory (a Place result page of 10,000 jobs, about 8 MB, stays
#: in memory: writing it to disk and reading it back cost more than its parsing).
SPOOL_BYTES = 16 * 1024 * 1024
#: Largest output file accepted by default (a 10,000-location chunk's output is about 20 MB).
DEFAULT_MAX_DOWNLOAD_BYTES = 4 * 1024 * 1024 * 1024


def encode_body(
    obj: Any, threshold: int | None, level: int | None = None
) -> tuple[bytes, dict[str, str]]:
    """Compact JSON; gzip-compressed (``Content-Encoding: gzip``) above ``threshold`` bytes."""
    return compress_body(json_bytes(obj), threshold, level)


def json_with(body: Mapping[str, Any], key: str, encoded: bytes) -> bytes:
    """``body`` as :func:`encode_body` serialises it, with ``encoded`` (JSON already made, e.g.
    when a chunk's size was measured) as the value of ``key`` instead of ``body[key]``."""
    parts = [
        json_bytes(name) + b":" + (encoded if name == key else json_bytes(value))
        for name, value in body.items()
    ]
    return b"{" + b",".join(parts) + b"}"


def compress_body(
    raw: bytes, threshold: int | None, level: int | None = None
) -> tuple[bytes, dict[str, str]]:
    """A JSON body as sent: gzip-compressed (``Content-Encoding: gzip``) above ``threshold``,
    by :func:`~bulk_enrich.engine.deflate.gzip_compress` (``level`` None: its measured choice)."""
    headers = {"Content-Type": "application/json"}
    if threshold is not None and len(raw) > threshold:
        headers["Content-Encoding"] = "gzip"
        return gzip_compress(raw, level), headers
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


def transport_error(exc: Exception, op: str, job_id: str | None) -> TransportError:
    """The library error for a transport failure that is not retried."""
    return TransportError(f"{op}: {type(exc).__name__}: {exc}", job_id=job_id)


def parse_json(
    body: bytes,
    op: str,
    job_id: str | None,
    status: int,
    secret: str,
    decode: Callable[[bytes], Any] | None = None,
) -> Any:
    """A 2xx answer's JSON (None for an empty body; read by ``decode`` when given), or
    ServerError naming the operation."""
    if not body:
        return None
    try:
        return (decode or loads)(body)
    except ValueError as exc:
        raise ServerError(
            f"{op}: the answer is not JSON",
            status=status,
            job_id=job_id,
            body_excerpt=excerpt(body, secret),
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
        raise ConfigurationError(
            f"base URL must be https:// (or http:// on loopback): {base_url!r}"
        )
    host = (parts.hostname or "").lower()
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if loopback or (os.environ if env is None else env).get(ALLOW_HTTP_ENV) == "1":
        return
    raise ConfigurationError(
        f"refusing plain http to {host}: the API key would be sent unencrypted; use https, "
        f"or set {ALLOW_HTTP_ENV}=1 to allow it"
    )


M = TypeVar("M")


def parse_model(
    parse: Callable[[int, bytes], object], status: int, raw: bytes, expected: type[M], op: str
) -> M:
    """An answer parsed by the operation's generated parser, or ServerError with an excerpt."""
    try:
        value = parse(status, raw)
    except Exception as exc:
        raise ServerError(
            f"{op}: unexpected answer", status=status, body_excerpt=excerpt(raw)
        ) from exc
    if not isinstance(value, expected):
        raise ServerError(f"{op}: unexpected answer", status=status, body_excerpt=excerpt(raw))
    return value
