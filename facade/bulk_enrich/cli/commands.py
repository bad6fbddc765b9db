"""The commands behind the parser: each takes its typed options and returns an exit code.

``ping enhance`` and ``places enrich`` hand their API's strategy to the one enrichment
pipeline; the other commands make one or two calls and print the answer. A command's module
(:mod:`~bulk_enrich.cli.ping_commands`, :mod:`~bulk_enrich.cli.place_commands`) is imported
when it runs, so a run imports one API's client, not both.
"""

from __future__ import annotations

import argparse
import importlib
import json
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

from bulk_enrich.cli.columnar_prepare import reading_ahead
from bulk_enrich.cli.errors import CliError, UsageError
from bulk_enrich.cli.options import (
    Options,
    PingEnhanceOptions,
    PingQuery,
    PlaceEnrichOptions,
    build_options,
)
from bulk_enrich.errors import (
    AuthenticationError,
    BulkEnrichError,
    InvalidInputError,
    NotFoundError,
    PermissionDenied,
    TransportError,
)

#: ``(api, command)`` -> ``(module, function)`` that runs it.
COMMANDS: dict[tuple[str, str], tuple[str, str]] = {
    **{
        ("ping", name): ("bulk_enrich.cli.ping_commands", f"ping_{name}")
        for name in ("enhance", "status", "download", "datasources", "usage")
    },
    **{
        ("places", name): ("bulk_enrich.cli.place_commands", f"places_{name}")
        for name in ("enrich", "batch", "batches", "reprocess", "results", "cancel")
    },
}


def handler_of(api: str, command: str) -> Callable[[Any], int]:
    """The function that runs ``api command`` (its module imported now)."""
    module, name = COMMANDS[(api, command)]
    handler: Callable[[Any], int] = getattr(importlib.import_module(module), name)
    return handler


def dispatch(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Build the chosen command's options and run it, turning facade errors into one-line
    CLI errors."""
    options = build_options(args)
    run = options.run if isinstance(options, PingEnhanceOptions | PlaceEnrichOptions) else None
    try:
        # The input is read ahead while the command's modules import (a CSV file's reading
        # and hashing leave the interpreter lock to them).
        with reading_ahead(run.input if run else None, run.input_format if run else None):
            return handler_of(args.api, args.command)(options)
    except (AuthenticationError, PermissionDenied) as exc:
        raise UsageError(f"{exc.message} (check --api-key and the key variables)") from None
    except InvalidInputError as exc:
        raise UsageError(str(exc.message)) from None
    except NotFoundError as exc:
        raise CliError(exc.message) from None
    except TransportError as exc:
        raise CliError(f"{exc}{_server(options)}{_resume_hint(options)}") from None
    except BulkEnrichError as exc:
        raise CliError(str(exc) + _resume_hint(options)) from None


def _server(options: Options) -> str:
    """`` (server HOST)`` for a network error: which host could not be reached."""
    try:
        if isinstance(options, PingEnhanceOptions | PingQuery):
            from bulk_enrich.cli.ping_api import ping_config

            base_url = ping_config(options.connection)[1]
        else:
            from bulk_enrich.cli.place_api import place_config

            base_url = place_config(options.connection)[1]
    except UsageError:
        return ""
    return f" (server {urlsplit(base_url).netloc or base_url})"


def _resume_hint(options: Options) -> str:
    """For a failed enrichment run whose journal records jobs: how to resume it."""
    if not isinstance(options, PingEnhanceOptions | PlaceEnrichOptions):
        return ""
    from bulk_enrich.cli.journal import Journal, journal_path

    path = journal_path(options.run.output)
    try:
        journal = Journal.load(path)
    except UsageError:
        return ""
    if journal is None or not journal.chunks:
        return ""
    return f"; {path.name} keeps the jobs created so far: run the same command again to resume"


def print_json(data: Any) -> None:
    """``data`` as indented, sorted JSON on stdout."""
    print(json.dumps(data, indent=2, sort_keys=True, default=str))


def plain(obj: Any) -> Any:
    """Plain JSON-ready data from a facade object, a generated model, or containers of them."""
    if isinstance(obj, dict):
        return {str(k): plain(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [plain(v) for v in obj]
    data = getattr(obj, "raw", None)
    if isinstance(data, Mapping):
        return plain(dict(data))
    to_dict = getattr(obj, "to_dict", None)
    if callable(to_dict):
        return plain(to_dict())
    return obj
