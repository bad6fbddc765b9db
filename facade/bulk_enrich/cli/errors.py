"""Errors the command line reports as one line, with the exit code they map to."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class CliError(Exception):
    """An error shown to the user as one line; ``exit_code`` is the process exit status."""

    exit_code = EXIT_FAILED


class UsageError(CliError):
    """Bad usage or bad input (exit 2)."""

    exit_code = EXIT_USAGE


class InputError(UsageError):
    """A problem in an input file, located by file, row and column where known."""

    def __init__(
        self,
        path: str | Path,
        message: str,
        *,
        row: int | None = None,
        column: str | None = None,
        locator: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.row = row
        self.column = column
        self.locator = locator
        self.message = message
        where = [self.path.name]
        if row is not None:
            where.append(f"row {row}" + (f" ({locator})" if locator else ""))
        elif locator:
            where.append(locator)
        if column is not None:
            where.append(f"column {column!r}")
        super().__init__(f"{', '.join(where)}: {message}")


#: Library argument names and the flags that set them, for messages.
_FLAGS = {
    "api_key=": "--api-key",
    "org_slug=": "--org",
    "base_url=": "--base-url",
    "environment=": "--environment",
    "base URL must": "--base-url must",
}


def in_cli_terms(message: str) -> str:
    """A library message with argument names (``pass api_key=``) as flags (``--api-key``)."""
    for name, flag in _FLAGS.items():
        message = message.replace(name, flag)
    return message


def api_path_hint(base_url: str) -> str | None:
    """Why a Ping base URL that carries the API's path (``.../api/v1``) is wrong, or None."""
    path = urlsplit(base_url).path.rstrip("/")
    if path.endswith(("/api/v1", "/api")):
        root = base_url.rstrip("/")[: -len(path)] if path else base_url
        return (
            f"--base-url {base_url} carries the API's path {path!r}: give the server root "
            f"({root}); the client adds /api/v1/..."
        )
    return None
