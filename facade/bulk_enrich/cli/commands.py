"""The commands behind the parser: each takes the parsed arguments and returns an exit code."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from bulk_enrich.cli.enrich import Runner, api_origin, run_enrichment, split_list
from bulk_enrich.cli.errors import EXIT_OK, CliError, UsageError
from bulk_enrich.cli.journal import Journal, journal_path
from bulk_enrich.cli.writers import check_writable_format, output_format, write_table
from bulk_enrich.errors import (
    AuthenticationError,
    BulkEnrichError,
    InvalidInputError,
    NotFoundError,
    PermissionDenied,
)


def dispatch(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Run the chosen command, turning facade errors into one-line CLI errors."""
    handler = COMMANDS[(args.api, args.command)]
    try:
        return handler(args)
    except (AuthenticationError, PermissionDenied) as exc:
        raise UsageError(f"{exc.message} (check --api-key and the key variables)") from None
    except InvalidInputError as exc:
        raise UsageError(str(exc.message)) from None
    except NotFoundError as exc:
        raise CliError(exc.message) from None
    except BulkEnrichError as exc:
        message = str(exc)
        output = getattr(args, "output", None)
        if output and getattr(args, "input", None) and _has_jobs(journal_path(Path(output))):
            message += (
                f"; {journal_path(Path(output)).name} keeps the jobs created so far: run the "
                "same command again to resume"
            )
        raise CliError(message) from None


def _has_jobs(path: Path) -> bool:
    try:
        journal = Journal.load(path)
    except UsageError:
        return False
    return journal is not None and bool(journal.chunks)


# --------------------------------------------------------------------------- clients


def ping_config(args: argparse.Namespace) -> tuple[str, str]:
    """``(key, base_url)`` from flags, environment and ~/.pingintel.ini; exit 2 if incomplete."""
    from bulk_enrich.config import resolve_ping

    try:
        return resolve_ping(args.api_key, args.base_url, args.environment)
    except BulkEnrichError as exc:
        raise UsageError(exc.message) from None


def place_config(args: argparse.Namespace) -> tuple[str, str, str]:
    """``(key, host root, org)`` from flags and environment; exit 2 if incomplete."""
    from bulk_enrich.config import resolve_place

    try:
        return resolve_place(args.api_key, args.base_url, args.org)
    except BulkEnrichError as exc:
        raise UsageError(
            exc.message + " (or pass --org)" if "org" in exc.message else exc.message
        ) from None


def _ping_client(args: argparse.Namespace) -> Any:
    from bulk_enrich import PingData

    key, base_url = ping_config(args)
    return PingData(api_key=key, base_url=base_url)


def _place_client(args: argparse.Namespace) -> Any:
    from bulk_enrich import PlaceEnrichment

    key, root, org = place_config(args)
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


def ping_enhance(args: argparse.Namespace) -> int:
    """``ping enhance INPUT -o OUTPUT --sources PG,PH``."""
    sources = split_list(args.sources, "--sources")
    key, base_url = ping_config(args)
    options = {
        "sources": sources,
        "chunk_size": args.chunk_size,
        "include_raw_response": bool(args.include_raw_response),
        "check_cache": not args.no_cache,
        "timeout": args.timeout,
    }

    def factory() -> tuple[Runner, Callable[[], None]]:
        from bulk_enrich import PingData

        ping = PingData(api_key=key, base_url=base_url)

        def run(
            items: Iterator[dict[str, Any]],
            journal: Journal,
            work: Path,
            on_progress: Callable[[Any], None],
        ) -> Iterator[tuple[str, dict[str, Any]]]:
            extra: dict[str, Any] = {}
            if args.include_raw_response:
                extra["include_raw_response"] = True
            if args.no_cache:
                extra["check_cache"] = False
            if args.timeout is not None:
                extra["fetch_timeout"] = args.timeout
            results = ping.iter_enhance_many(
                items,
                sources=sources,
                chunk_size=args.chunk_size,
                max_concurrency=args.concurrency,
                max_wait=args.max_wait,
                on_progress=on_progress,
                on_job_created=journal.record,
                resume_jobs=dict(journal.chunks),
                work_dir=work,
                on_invalid="fail",
                **extra,
            )
            for location_id, result in results:
                row = result.to_row()
                row.pop("id", None)
                yield str(location_id), row

        return run, ping.close

    return run_enrichment(
        args,
        kind="ping",
        names=sources,
        options=options,
        origin=api_origin(base_url),
        runner_factory=factory,
        stream=sys.stderr,
    )


def ping_status(args: argparse.Namespace) -> int:
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


def ping_download(args: argparse.Namespace) -> int:
    """``ping download JOB_ID -d DIR``."""
    target = Path(args.dir)
    target.mkdir(parents=True, exist_ok=True)
    with _ping_client(args) as ping:
        job = ping.job(args.job_id)
        paths = job.download(target)
    if isinstance(paths, str | Path):
        paths = [paths]
    for path in paths:
        print(path)
    return EXIT_OK


def ping_datasources(args: argparse.Namespace) -> int:
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


def ping_usage(args: argparse.Namespace) -> int:
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


def places_enrich(args: argparse.Namespace) -> int:
    """``places enrich INPUT -o OUTPUT --org ORG --attributes websites,phoneNumbers``."""
    attributes = split_list(args.attributes, "--attributes")
    key, root, org = place_config(args)
    batch_name = args.batch_name or Path(args.input).stem
    options = {"attributes": attributes, "chunk_size": args.chunk_size, "batch_name": batch_name}

    def factory() -> tuple[Runner, Callable[[], None]]:
        from bulk_enrich import PlaceEnrichment

        places = PlaceEnrichment(api_key=key, org_slug=org, base_url=root)

        def run(
            items: Iterator[dict[str, Any]],
            journal: Journal,
            work: Path,
            on_progress: Callable[[Any], None],
        ) -> Iterator[tuple[str, dict[str, Any]]]:
            results = places.iter_enrich_many(
                items,
                attributes=attributes,
                batch_name=batch_name,
                chunk_size=args.chunk_size,
                max_concurrency=args.concurrency,
                max_wait=args.max_wait,
                on_progress=on_progress,
                on_batch_created=journal.record,
                resume_batches=dict(journal.chunks),
                work_dir=work,
            )
            for place_id, result in results:
                row = result.to_row()
                row.pop("place_id", None)
                yield str(place_id), row

        return run, places.close

    return run_enrichment(
        args,
        kind="places",
        names=attributes,
        options=options,
        origin=api_origin(root, org),
        runner_factory=factory,
        stream=sys.stderr,
    )


def places_batch(args: argparse.Namespace) -> int:
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


def places_batches(args: argparse.Namespace) -> int:
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


def places_reprocess(args: argparse.Namespace) -> int:
    """``places reprocess BATCH_ID [--all] [--attributes ...]``."""
    attributes = split_list(args.attributes, "--attributes") if args.attributes else None
    with _place_client(args) as places:
        batch = places.batch(args.batch_id)
        kwargs: dict[str, Any] = {"failed_only": not args.all}
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


def places_results(args: argparse.Namespace) -> int:
    """``places results BATCH_ID -o FILE``."""
    output = Path(args.output)
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


COMMANDS: dict[tuple[str, str], Callable[[argparse.Namespace], int]] = {
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
}
