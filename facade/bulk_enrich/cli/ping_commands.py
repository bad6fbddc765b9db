"""The ``ping`` commands: ``enhance`` (a spreadsheet run) and the one-call queries."""

from __future__ import annotations

import sys
from pathlib import Path

from bulk_enrich.cli.commands import plain, print_json
from bulk_enrich.cli.enrich import run_enrichment
from bulk_enrich.cli.errors import EXIT_OK
from bulk_enrich.cli.options import PingEnhanceOptions, PingQuery
from bulk_enrich.cli.ping_api import PingApi, ping_config
from bulk_enrich.ping.client import PingData


def _ping_client(args: PingQuery) -> PingData:
    key, base_url = ping_config(args.connection)
    return PingData(api_key=key, base_url=base_url)


def ping_enhance(options: PingEnhanceOptions) -> int:
    """``ping enhance INPUT -o OUTPUT --sources PG,PH``."""
    return run_enrichment(PingApi(options), options.run, stream=sys.stderr)


def ping_status(args: PingQuery) -> int:
    """``ping status JOB_ID``."""
    with _ping_client(args) as ping:
        status = ping.job(args.job_id).refresh()
    raw = plain(status)
    if args.json:
        print_json(raw)
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
    raw = plain(sources)
    if args.json:
        print_json(raw)
        return EXIT_OK
    configs = raw.get("configs", raw) if isinstance(raw, dict) else {}
    for code in sorted(configs):
        config = plain(configs[code])
        name = config.get("source_name", "") if isinstance(config, dict) else ""
        print(f"{code:<8} {name}")
    return EXIT_OK


def ping_usage(args: PingQuery) -> int:
    """``ping usage [--start WHEN] [--end WHEN]``."""
    with _ping_client(args) as ping:
        usage = ping.usage(start=args.start, end=args.end)
    raw = plain(usage)
    if args.json:
        print_json(raw)
        return EXIT_OK
    if not isinstance(raw, dict):
        print_json(raw)
        return EXIT_OK
    print(f"usage {raw.get('start')} .. {raw.get('end')} (granularity {raw.get('granularity')})")
    totals = raw.get("totals") or {}
    for code in sorted(k for k in totals if k != "total"):
        print(f"  {code:<8} {totals[code]:>10,}")
    if "total" in totals:
        print(f"  {'total':<8} {totals['total']:>10,}")
    return EXIT_OK
