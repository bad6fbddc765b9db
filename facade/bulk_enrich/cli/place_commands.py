"""The ``places`` commands: ``enrich`` (a spreadsheet run) and the batch queries."""

from __future__ import annotations

import sys
from typing import Any

from bulk_enrich.cli.commands import plain, print_json
from bulk_enrich.cli.enrich import run_enrichment
from bulk_enrich.cli.errors import EXIT_OK
from bulk_enrich.cli.options import PlaceEnrichOptions, PlaceQuery
from bulk_enrich.cli.place_api import PlaceApi, place_config
from bulk_enrich.cli.writers import check_writable_format, output_format, write_table
from bulk_enrich.errors import shown
from bulk_enrich.places.client import PlaceEnrichment


def _place_client(args: PlaceQuery) -> PlaceEnrichment:
    key, root, org = place_config(args.connection)
    return PlaceEnrichment(api_key=key, org_slug=org, base_url=root)


def places_enrich(options: PlaceEnrichOptions) -> int:
    """``places enrich INPUT -o OUTPUT --org ORG --attributes websites,phoneNumbers``."""
    return run_enrichment(PlaceApi(options), options.run, stream=sys.stderr)


def places_batch(args: PlaceQuery) -> int:
    """``places batch BATCH_ID``."""
    with _place_client(args) as places:
        raw = plain(places.batch(args.batch_id).refresh())
    if args.json or not isinstance(raw, dict):
        print_json(raw)
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
            rows.append(plain(batch))
            if len(rows) >= args.limit:
                break
    if args.json:
        print_json(rows)
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
    raw = plain(answer)
    if args.json or not isinstance(raw, dict):
        print_json(raw)
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
        print_json(answer)
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
