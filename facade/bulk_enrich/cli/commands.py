"""The commands behind the parser: each takes its typed options and returns an exit code.

``ping enhance`` and ``places enrich`` hand their API's strategy to the one enrichment
pipeline; the other commands make one or two calls and print the answer.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bulk_enrich import PingData, PlaceEnrichment
from bulk_enrich.cli.enrich import run_enrichment
from bulk_enrich.cli.errors import EXIT_OK, CliError, UsageError
from bulk_enrich.cli.journal import Journal, journal_path
from bulk_enrich.cli.options import (
    Options,
    PingEnhanceOptions,
    PingQuery,
    PlaceEnrichOptions,
    PlaceQuery,
    build_options,
)
from bulk_enrich.cli.ping_api import PingApi, ping_config
from bulk_enrich.cli.place_api import PlaceApi, place_config
from bulk_enrich.cli.writers import check_writable_format, output_format, write_table
from bulk_enrich.errors import (
    AuthenticationError,
    BulkEnrichError,
    InvalidInputError,
    NotFoundError,
    PermissionDenied,
    TransportError,
    shown,
)


def dispatch(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Build the chosen command's options and run it, turning facade errors into one-line
    CLI errors."""
    options = build_options(args)
    handler = COMMANDS[(args.api, args.command)]
    try:
        return handler(options)
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
            base_url = ping_config(options.connection)[1]
        else:
            base_url = place_config(options.connection)[1]
    except UsageError:
        return ""
    return f" (server {urlsplit(base_url).netloc or base_url})"


def _resume_hint(options: Options) -> str:
    """For a failed enrichment run whose journal records jobs: how to resume it."""
    if not isinstance(options, PingEnhanceOptions | PlaceEnrichOptions):
        return ""
    path = journal_path(options.run.output)
    try:
        journal = Journal.load(path)
    except UsageError:
        return ""
    if journal is None or not journal.chunks:
        return ""
    return f"; {path.name} keeps the jobs created so far: run the same command again to resume"


def _ping_client(args: PingQuery) -> PingData:
    key, base_url = ping_config(args.connection)
    return PingData(api_key=key, base_url=base_url)


def _place_client(args: PlaceQuery) -> PlaceEnrichment:
    key, root, org = place_config(args.connection)
    return PlaceEnrichment(api_key=key, org_slug=org, base_url=root)


def _print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, sort_keys=True, default=str))


def _raw(obj: Any) -> Any:
    """Plain JSON-ready data from a facade object, a generated model, or containers of them."""
    if isinstance(obj, dict):
        return {str(k): _raw(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_raw(v) for v in obj]
    raw = getattr(obj, "raw", None)
    if isinstance(raw, Mapping):
        return _raw(dict(raw))
    to_dict = getattr(obj, "to_dict", None)
    if callable(to_dict):
        return _raw(to_dict())
    return obj


# --------------------------------------------------------------------------- ping


def ping_enhance(options: PingEnhanceOptions) -> int:
    """``ping enhance INPUT -o OUTPUT --sources PG,PH``."""
    return run_enrichment(PingApi(options), options.run, stream=sys.stderr)


def ping_status(args: PingQuery) -> int:
    """``ping status JOB_ID``."""
    with _ping_client(args) as ping:
        status = ping.job(args.job_id).refresh()
    raw = _raw(status)
    if args.json:
        _print_json(raw)
        return EXIT_OK
    request = raw.get("request") or {}
    result = raw.get("result") or {}
    print(f"job {args.job_id}: {request.get('status', status.state)}")
    counts = ("num_requested", "num_completed", "num_problems", "num_canceled")
    print("  " + ", ".join(f"{c[4:]} {request.get(c, '?')}" for c in counts))
    for stamp in ("requested_at", "progress_started_at", "completed_at"):
        if request.get(stamp):
            print(f"  {stamp}: {request[stamp]}")
    if result:
        print(f"  result: {result.get('status')} {result.get('message') or ''}".rstrip())
        for out in result.get("outputs") or []:
            print(f"  output: {out.get('filename')}  {out.get('url')}")
        for src in result.get("sources") or []:
            print(
                f"  source {src.get('source')}: {src.get('num_successes')} succeeded, "
                f"{src.get('num_fails')} failed"
            )
    return EXIT_OK


def ping_download(args: PingQuery) -> int:
    """``ping download JOB_ID -d DIR``."""
    target = args.directory
    target.mkdir(parents=True, exist_ok=True)
    with _ping_client(args) as ping:
        job = ping.job(args.job_id)
        paths = job.download(target)
    if isinstance(paths, str | Path):
        paths = [paths]
    for path in paths:
        print(path)
    return EXIT_OK


def ping_datasources(args: PingQuery) -> int:
    """``ping datasources``."""
    with _ping_client(args) as ping:
        sources = ping.datasources()
    raw = _raw(sources)
    if args.json:
        _print_json(raw)
        return EXIT_OK
    configs = raw.get("configs", raw) if isinstance(raw, dict) else {}
    for code in sorted(configs):
        config = _raw(configs[code])
        name = config.get("source_name", "") if isinstance(config, dict) else ""
        print(f"{code:<8} {name}")
    return EXIT_OK


def ping_usage(args: PingQuery) -> int:
    """``ping usage [--start WHEN] [--end WHEN]``."""
    with _ping_client(args) as ping:
        usage = ping.usage(start=args.start, end=args.end)
    raw = _raw(usage)
    if args.json:
        _print_json(raw)
        return EXIT_OK
    if not isinstance(raw, dict):
        _print_json(raw)
        return EXIT_OK
    print(f"usage {raw.get('start')} .. {raw.get('end')} (granularity {raw.get('granularity')})")
    totals = raw.get("totals") or {}
    for code in sorted(k for k in totals if k != "total"):
        print(f"  {code:<8} {totals[code]:>10,}")
    if "total" in totals:
        print(f"  {'total':<8} {totals['total']:>10,}")
    return EXIT_OK


# --------------------------------------------------------------------------- places


def places_enrich(options: PlaceEnrichOptions) -> int:
    """``places enrich INPUT -o OUTPUT --org ORG --attributes websites,phoneNumbers``."""
    return run_enrichment(PlaceApi(options), options.run, stream=sys.stderr)


def places_batch(args: PlaceQuery) -> int:
    """``places batch BATCH_ID``."""
    with _place_client(args) as places:
        raw = _raw(places.batch(args.batch_id).refresh())
    if args.json or not isinstance(raw, dict):
        _print_json(raw)
        return EXIT_OK
    name = raw.get("batch_name", "")
    print(f"batch {raw.get('id', args.batch_id)} {name!r}: {raw.get('status')}")
    jobs = raw.get("jobs") or {}
    for state in ("pending", "queued", "in_progress", "completed", "failed"):
        value = jobs.get(state)
        if value is not None:
            print(f"  {state}: {len(value) if isinstance(value, list) else value}")
    return EXIT_OK


def places_batches(args: PlaceQuery) -> int:
    """``places batches [--query TEXT]``."""
    rows = []
    with _place_client(args) as places:
        for batch in places.batches(query=args.query):
            rows.append(_raw(batch))
            if len(rows) >= args.limit:
                break
    if args.json:
        _print_json(rows)
        return EXIT_OK
    for raw in rows:
        if isinstance(raw, dict):
            print(
                f"{raw.get('id')}  {raw.get('status', ''):<12} {raw.get('created_at', '') or ''}"
                f"  {raw.get('batch_name', '')}"
            )
    if not rows:
        print("no batches", file=sys.stderr)
    return EXIT_OK


def places_reprocess(args: PlaceQuery) -> int:
    """``places reprocess BATCH_ID [--all] [--attributes ...]``."""
    attributes = list(args.attributes) if args.attributes else None
    with _place_client(args) as places:
        batch = places.batch(args.batch_id)
        kwargs: dict[str, Any] = {"failed_only": not args.every_job}
        if attributes:
            kwargs["attributes"] = attributes
        answer = batch.reprocess(**kwargs)
    raw = _raw(answer)
    if args.json or not isinstance(raw, dict):
        _print_json(raw)
        return EXIT_OK
    print(
        f"batch {raw.get('batch_id', args.batch_id)}: {raw.get('job_count', '?')} job(s) "
        f"queued again ({raw.get('status', '')}) {raw.get('message', '') or ''}".rstrip()
    )
    return EXIT_OK


def places_cancel(args: PlaceQuery) -> int:
    """``places cancel BATCH_ID``: delete the batch, so its unfinished jobs stop."""
    with _place_client(args) as places:
        answer = places.delete_batch(args.batch_id)
    if args.json:
        _print_json(answer)
    else:
        print(f"batch {shown(args.batch_id)} cancelled: deleted, its unfinished jobs stopped")
    return EXIT_OK


def places_results(args: PlaceQuery) -> int:
    """``places results BATCH_ID -o FILE``."""
    output = args.output
    assert output is not None  # required by the parser
    fmt = output_format(output)
    check_writable_format(fmt)
    with _place_client(args) as places:
        batch = places.batch(args.batch_id)
        flat = [result.to_row() for result in batch.results()]
    columns: dict[str, None] = {"place_id": None}
    for row in flat:
        for key in row:
            columns.setdefault(key, None)
    names = list(columns)
    count = write_table(output, names, ([row.get(c) for c in names] for row in flat), fmt=fmt)
    print(f"{count:,} results written to {output}", file=sys.stderr)
    return EXIT_OK


COMMANDS: dict[tuple[str, str], Callable[[Any], int]] = {
    ("ping", "enhance"): ping_enhance,
    ("ping", "status"): ping_status,
    ("ping", "download"): ping_download,
    ("ping", "datasources"): ping_datasources,
    ("ping", "usage"): ping_usage,
    ("places", "enrich"): places_enrich,
    ("places", "batch"): places_batch,
    ("places", "batches"): places_batches,
    ("places", "reprocess"): places_reprocess,
    ("places", "results"): places_results,
    ("places", "cancel"): places_cancel,
}
