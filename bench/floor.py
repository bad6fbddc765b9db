"""The least CPU any CPython client can spend on the Ping end-to-end job, as a reference.

The naive strategy's flow (one job at a time, each output downloaded whole and parsed with
``json.loads``) written with nothing but the calls the job cannot avoid: ``csv.reader`` over
the input, ``json.dumps`` of each request (by httpx), ``json.loads`` of each output, a flat
list of values per location, and ``csv.writer``. No checks, no retries, no per-row dicts, no
conversions. A client's CPU can only go below this with native code doing the work.
Run as ``python -m bench.floor INPUT -o OUTPUT --base-url URL --api-key KEY``.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx

from bench.naive import PING_DONE


def _values(item: dict[str, Any], out: list[Any]) -> None:
    for value in item.values():
        if type(value) is dict:
            _values(value, out)
        else:
            out.append(value)


def run(args: argparse.Namespace) -> None:
    """CSV of locations -> enriched CSV."""
    with open(args.input, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        rows = list(reader)
    at = {name: header.index(name) for name in header}
    keys = ("id", "address", "city", "state", "postal_code")
    lat, lon = at["latitude"], at["longitude"]
    sources = args.sources.split(",")
    results: dict[str, list[Any]] = {}
    columns: list[str] = []
    headers = {"Authorization": f"Token {args.api_key}"}
    with httpx.Client(base_url=args.base_url, headers=headers, timeout=600.0) as client:
        for start in range(0, len(rows), args.chunk_size):
            locations = [
                {
                    **{k: r[at[k]] for k in keys},
                    "latitude": float(r[lat]),
                    "longitude": float(r[lon]),
                }
                for r in rows[start : start + args.chunk_size]
            ]
            job = client.post(
                "/api/v1/bulk_enhance", json={"locations": locations, "sources": sources}
            )
            job_id = job.json()["id"]
            while (status := client.get(f"/api/v1/bulk_enhance/{job_id}").json())["request"][
                "status"
            ] not in PING_DONE:
                time.sleep(args.poll)
            for output in status["result"]["outputs"]:
                for loc_id, item in json.loads(client.get(output["url"]).content).items():
                    values: list[Any] = []
                    for source in item.values():
                        _values(source, values)
                    results[loc_id] = values
                    if not columns:
                        columns = [f"{code}.{n}" for code, src in item.items() for n in _names(src)]
    with open(args.output, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header + columns)
        ident = at["id"]
        writer.writerows(r + results.get(r[ident], []) for r in rows)


def _names(item: dict[str, Any], prefix: str = "") -> list[str]:
    names: list[str] = []
    for key, value in item.items():
        if type(value) is dict:
            names += _names(value, f"{prefix}{key}.")
        else:
            names.append(prefix + key)
    return names


def main(argv: Sequence[str] | None = None) -> int:
    """Command line of the floor client."""
    parser = argparse.ArgumentParser(prog="python -m bench.floor")
    parser.add_argument("input", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--api-key", required=True)
    parser.add_argument("--sources", default="PG,PH")
    parser.add_argument("--chunk-size", type=int, default=50_000)
    parser.add_argument("--poll", type=float, default=0.2)
    run(parser.parse_args(argv))
    return 0


if __name__ == "__main__":
    sys.exit(main())
