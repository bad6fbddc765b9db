"""The facade's exceptions: one base class, one subclass per kind of failure.

Every error carries what helps to diagnose it (HTTP status, request id, job id, a short excerpt
of the server's answer) and never the API key: excerpts are scrubbed before they are stored.
"""

from __future__ import annotations

import contextlib
from collections.abc import Hashable, Mapping, Sequence
from typing import Any

EXCERPT_CHARS = 300


class BulkEnrichError(Exception):
    """Base class of every error the facade raises."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        request_id: str | None = None,
        job_id: str | None = None,
        body_excerpt: str | None = None,
        resume: Mapping[int, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.request_id = request_id
        self.job_id = job_id
        self.body_excerpt = body_excerpt
        #: chunk index -> job (or batch) id of the jobs created before the error: pass it back as
        #: ``resume_jobs`` / ``resume_batches`` to continue without resubmitting.
        self.resume: dict[int, str] = dict(resume or {})

    def __str__(self) -> str:
        parts = [shown(self.message, 4000)]  # server text is escaped wherever it is shown
        if self.status is not None:
            parts.append(f"status={self.status}")
        if self.job_id:
            parts.append(f"job_id={shown(self.job_id)}")
        if self.request_id:
            parts.append(f"request_id={shown(self.request_id)}")
        if self.body_excerpt:
            parts.append(f"body={self.body_excerpt!r}")
        return " | ".join(parts)


class ConfigurationError(BulkEnrichError):
    """The client is misconfigured: an unknown environment, no organization, a base URL
    without scheme or plain http to a remote host, a job token of another server."""


class AuthenticationError(BulkEnrichError):
    """The key is missing, unknown or revoked (HTTP 401)."""


class PermissionDenied(BulkEnrichError):
    """The key may not do this (HTTP 403), e.g. it does not match the organization slug."""


class NotFoundError(BulkEnrichError):
    """No such job, batch, file or datasource (HTTP 404)."""


class RateLimitError(BulkEnrichError):
    """Throttled (HTTP 429) beyond what the retry policy allows."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.retry_after = retry_after


class ServerError(BulkEnrichError):
    """The server failed (HTTP 5xx) or answered something the facade cannot use."""


class TransportError(BulkEnrichError):
    """The request could not be completed (connection refused, reset, timed out)."""


class InvalidInputError(BulkEnrichError, ValueError):
    """The input is invalid; ``problems`` names every offending item.

    Raised before anything is sent when the facade's own validation fails, or with the server's
    answer when it rejects a request (HTTP 400/422).
    """

    def __init__(
        self,
        message: str,
        *,
        problems: Sequence[tuple[int | None, str | None, str]] = (),
        labels: Sequence[Hashable] | None = None,
        **kw: Any,
    ) -> None:
        self.problems: list[tuple[int | None, str | None, str]] = list(problems)
        #: For a DataFrame input, the index labels of the offending rows (problems hold
        #: positions); empty otherwise.
        self.rows: list[Hashable] = []
        if labels is not None:
            self.rows = [labels[p[0]] for p in self.problems if p[0] is not None]
        if self.problems:
            shown = [_describe(p, labels) for p in self.problems[:20]]
            more = len(self.problems) - len(shown)
            message = f"{message}: " + "; ".join(shown) + (f"; and {more} more" if more else "")
        super().__init__(message, **kw)

    @property
    def ids(self) -> list[str]:
        """The ids of the offending items (where they have one)."""
        return [p[1] for p in self.problems if p[1] is not None]


class JobFailed(BulkEnrichError):
    """A job (or batch) ended in a failed state; ``message`` is the server's."""


class WaitTimeout(BulkEnrichError, TimeoutError):
    """Waiting ran out of time; the job is untouched and can be waited on again."""


class DownloadError(BulkEnrichError):
    """An output file could not be fetched, was truncated, or is not valid JSON."""


def _describe(
    problem: tuple[int | None, str | None, str], labels: Sequence[Hashable] | None = None
) -> str:
    index, item_id, text = problem
    where = []
    if index is not None:
        where.append(f"row {labels[index]!r}" if labels is not None else f"#{index}")
    if item_id is not None:
        where.append(f"id={item_id!r}")
    return (" ".join(where) + ": " if where else "") + text


def excerpt(text: str | bytes | None, secret: str | None = None) -> str | None:
    """A short, key-free excerpt of a response body for error messages."""
    if text is None:
        return None
    if isinstance(text, bytes):
        text = text[: EXCERPT_CHARS * 4].decode("utf-8", "replace")
    text = text.strip()
    if secret:
        text = text.replace(secret, "***")
    return shown(text, EXCERPT_CHARS) or None


def shown(text: object, limit: int = 300) -> str:
    """Text a server chose (an id, a message, a URL), safe to print in a log or a terminal:
    control characters and escape sequences made visible, cut to ``limit`` characters."""
    value = str(text)
    if not value.isprintable():
        value = "".join(c if c.isprintable() else repr(c)[1:-1] for c in value)
    return value if len(value) <= limit else value[:limit] + "…"


def carry_resume(exc: BaseException, jobs: dict[int, str]) -> None:
    """Attach the chunk -> job map to an error ending a run: a library error's ``resume``
    (unless set), and the same ``resume`` attribute on a cancellation or an interrupt
    (``asyncio.CancelledError``, ``KeyboardInterrupt``), so no job created is lost."""
    if isinstance(exc, BulkEnrichError):
        if not exc.resume:
            exc.resume = jobs
        return
    ended = not isinstance(exc, StopIteration | StopAsyncIteration)
    if ended and getattr(exc, "resume", None) is None:
        with contextlib.suppress(AttributeError):  # a type that takes no attributes
            exc.resume = jobs  # type: ignore[attr-defined]
