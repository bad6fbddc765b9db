"""The naive strategy the vendors' own clients and examples follow, as the bench's baseline.

One job at a time, a status poll every 5 s, each output downloaded whole and parsed with
``json.loads``, everything held in memory, then written with ``csv`` (or pyarrow). Plain httpx,
no retries, no gzip. Run as ``python -m bench.naive {ping,places,ping-poll,ping-download} ...``.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx

POLL_INTERVAL = 5.0
PING_DONE = ("COMPLETE", "FAILED")
PLACE_DONE = ("completed", "failed")
PLACE_PAGE = 10_000


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _number(text: str) -> float | None:
    return float(text) if text not in ("", None) else None


def _cell(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return value


def flatten_location(loc_id: str, sources: dict[str, Any]) -> dict[str, Any]:
    """``id`` then ``SOURCE.field`` for every field of every source (nested values as JSON)."""
    row: dict[str, Any] = {"id": loc_id}
    for code, item in sources.items():
        for key, value in item.items():
            row[f"{code}.{key}"] = _cell(value)
    return row


def _client(api_key: str, scheme: str) -> httpx.Client:
    return httpx.Client(
        headers={"Authorization": f"{scheme} {api_key}"}, timeout=600.0, trust_env=False
    )


# --- Ping.Data -------------------------------------------------------------------------------


def ping_submit(
    client: httpx.Client, base_url: str, locations: list[dict[str, Any]], sources: list[str]
) -> str:
    """POST one bulk job; return its id."""
    r = client.post(
        f"{base_url}/api/v1/bulk_enhance", json={"locations": locations, "sources": sources}
    )
    r.raise_for_status()
    return str(r.json()["id"])


def ping_wait(
    client: httpx.Client, base_url: str, job_id: str, interval: float = POLL_INTERVAL
) -> tuple[dict[str, Any], int]:
    """Poll at a fixed interval until the job is COMPLETE or FAILED; (status body, polls)."""
    polls = 0
    while True:
        r = client.get(f"{base_url}/api/v1/bulk_enhance/{job_id}")
        polls += 1
        r.raise_for_status()
        body: dict[str, Any] = r.json()
        if body.get("request", {}).get("status") in PING_DONE:
            return body, polls
        time.sleep(interval)


def download(client: httpx.Client, url: str, params: dict[str, Any] | None = None) -> bytes:
    """One answer's body, whole."""
    r = client.get(url, params=params)
    r.raise_for_status()
    return r.content


def parse(content: bytes) -> Any:
    """A whole body parsed with ``json.loads``."""
    return json.loads(content)


def ping_outputs(client: httpx.Client, status: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Each output file downloaded whole and parsed with ``json.loads``."""
    for output in (status.get("result") or {}).get("outputs") or []:
        yield parse(download(client, output["url"]))


def read_rows(path: Path) -> list[dict[str, str]]:
    """The whole input CSV as dicts."""
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def ping_locations(chunk: list[dict[str, str]]) -> list[dict[str, Any]]:
    """A job's request items."""
    return [
        {
            "id": r["id"],
            "address": r["address"],
            "city": r["city"],
            "state": r["state"],
            "postal_code": r["postal_code"],
            "latitude": _number(r["latitude"]),
            "longitude": _number(r["longitude"]),
        }
        for r in chunk
    ]


def flatten_output(
    data: dict[str, Any], results: dict[str, dict[str, Any]], columns: dict[str, None]
) -> None:
    """One parsed output's locations flattened into ``results``, their columns noted."""
    for loc_id, item in data.items():
        row = flatten_location(loc_id, item)
        columns.update(dict.fromkeys(row))
        results[loc_id] = row


def write_rows(
    path: Path,
    rows: list[dict[str, str]],
    results: dict[str, dict[str, Any]],
    columns: dict[str, None],
    key: str,
) -> None:
    """Input rows joined with their results, written with ``csv.DictWriter``."""
    header = list(rows[0].keys()) + [c for c in columns if c != key] if rows else []
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, header, extrasaction="ignore")
        writer.writeheader()
        for r in rows:
            writer.writerow({**r, **results.get(r[key], {})})


def run_ping(args: argparse.Namespace) -> None:
    """CSV of locations -> enriched CSV, one job at a time."""
    rows = read_rows(args.input)
    sources = args.sources.split(",")
    results: dict[str, dict[str, Any]] = {}
    columns: dict[str, None] = {}
    with _client(args.api_key, "Token") as client:
        for chunk in _chunks(rows, args.chunk_size):
            job_id = ping_submit(client, args.base_url, ping_locations(chunk), sources)
            status, _ = ping_wait(client, args.base_url, job_id, args.poll)
            for data in ping_outputs(client, status):
                flatten_output(data, results, columns)
    write_rows(args.output, rows, results, columns, "id")


def run_ping_poll(args: argparse.Namespace) -> None:
    """Submit one job of ``--count`` locations, poll it, print when it was seen done."""
    from bench.datagen import location_dicts

    with _client(args.api_key, "Token") as client:
        job_id = ping_submit(client, args.base_url, location_dicts(args.count), ["PG"])
        _, polls = ping_wait(client, args.base_url, job_id, args.poll)
        known = time.time()
    print(json.dumps({"job_id": job_id, "known_at": known, "polls": polls}))


def run_ping_download(args: argparse.Namespace) -> None:
    """Download a finished job's output whole, parse it whole, convert it to CSV or Parquet."""
    rows: list[dict[str, Any]] = []
    size = 0
    with _client(args.api_key, "Token") as client:
        status, _ = ping_wait(client, args.base_url, args.job, args.poll)
        for output in (status.get("result") or {}).get("outputs") or []:
            r = client.get(output["url"])
            r.raise_for_status()
            size += len(r.content)
            data = json.loads(r.content)
            rows.extend(flatten_location(k, v) for k, v in data.items())
    if args.format == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.Table.from_pylist(rows), args.output)
    else:
        columns: dict[str, None] = {}
        for row in rows:
            columns.update(dict.fromkeys(row))
        with open(args.output, "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, list(columns))
            writer.writeheader()
            writer.writerows(rows)
    print(json.dumps({"rows": len(rows), "result_bytes": size}))


# --- Place Enrichment ------------------------------------------------------------------------


def place_jobs(chunk: list[dict[str, str]]) -> list[dict[str, Any]]:
    """A batch's jobs."""
    return [
        {
            "place_id": r["place_id"],
            "inputs": {
                "name": r["name"],
                "full_address": r["full_address"],
                "latitude": _number(r["latitude"]),
                "longitude": _number(r["longitude"]),
                "country_code": r["country_code"] or None,
            },
        }
        for r in chunk
    ]


def place_submit(
    client: httpx.Client, base: str, name: str, jobs: list[dict[str, Any]], attributes: list[str]
) -> str:
    """POST one batch; return its id."""
    r = client.post(
        f"{base}/batches", json={"batch_name": name, "jobs": jobs, "attributes": attributes}
    )
    r.raise_for_status()
    return str(r.json()["id"])


def place_wait(client: httpx.Client, base: str, batch_id: str, interval: float) -> None:
    """Poll at a fixed interval until the batch is completed or failed."""
    while True:
        s = client.get(f"{base}/batches/{batch_id}")
        s.raise_for_status()
        if s.json().get("status") in PLACE_DONE:
            return
        time.sleep(interval)


def place_rows(
    body: dict[str, Any], results: dict[str, dict[str, Any]], columns: dict[str, None]
) -> None:
    """One page's jobs flattened into ``results``, their columns noted."""
    for job in body["jobs"]:
        row = {"place_id": job["place_id"], "status": job.get("status")}
        for key, value in (job.get("outputs") or {}).items():
            row[f"outputs.{key}"] = _cell(value)
        columns.update(dict.fromkeys(row))
        results[job["place_id"]] = row


def run_places(args: argparse.Namespace) -> None:
    """CSV of places -> enriched CSV, one batch at a time, results paged whole."""
    rows = read_rows(args.input)
    attributes = args.attributes.split(",")
    base = f"{args.base_url}/v1/{args.org}/place_enrichment"
    results: dict[str, dict[str, Any]] = {}
    columns: dict[str, None] = {}
    with _client(args.api_key, "Bearer") as client:
        for n, chunk in enumerate(_chunks(rows, args.chunk_size)):
            batch_id = place_submit(client, base, f"naive-{n}", place_jobs(chunk), attributes)
            place_wait(client, base, batch_id, args.poll)
            offset = 0
            while True:
                params = {"batchId": batch_id, "limit": PLACE_PAGE, "offset": offset}
                body = parse(download(client, f"{base}/jobs", params))
                place_rows(body, results, columns)
                offset += len(body["jobs"])
                if not body["jobs"] or offset >= body["total"]:
                    break
    write_rows(args.output, rows, results, columns, "place_id")


def main(argv: Sequence[str] | None = None) -> int:
    """Command line of the naive client."""
    parser = argparse.ArgumentParser(prog="python -m bench.naive")
    sub = parser.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--base-url", required=True)
    common.add_argument("--api-key", required=True)
    common.add_argument("--poll", type=float, default=POLL_INTERVAL)
    p = sub.add_parser("ping", parents=[common])
    p.add_argument("input", type=Path)
    p.add_argument("-o", "--output", type=Path, required=True)
    p.add_argument("--sources", default="PG,PH")
    p.add_argument("--chunk-size", type=int, required=True)
    p = sub.add_parser("places", parents=[common])
    p.add_argument("input", type=Path)
    p.add_argument("-o", "--output", type=Path, required=True)
    p.add_argument("--org", required=True)
    p.add_argument("--attributes", default="websites,phoneNumbers")
    p.add_argument("--chunk-size", type=int, default=50_000)
    p = sub.add_parser("ping-poll", parents=[common])
    p.add_argument("--count", type=int, required=True)
    p = sub.add_parser("ping-download", parents=[common])
    p.add_argument("--job", required=True)
    p.add_argument("--format", choices=("csv", "parquet"), default="csv")
    p.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    {
        "ping": run_ping,
        "places": run_places,
        "ping-poll": run_ping_poll,
        "ping-download": run_ping_download,
    }[args.command](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
