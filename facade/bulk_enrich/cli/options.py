"""Typed, frozen options of every command, built once from the parsed command line."""

from __future__ import annotations

import argparse
import codecs
from dataclasses import dataclass, field
from pathlib import Path

from bulk_enrich.cli.errors import UsageError
from bulk_enrich.cli.mapping import FLAG_FOR_FIELD


def split_list(text: str, what: str) -> tuple[str, ...]:
    """``"PG, PH"`` -> ``("PG", "PH")`` (order kept, duplicates dropped)."""
    items: list[str] = []
    for part in text.split(","):
        part = part.strip()
        if part and part not in items:
            items.append(part)
    if not items:
        raise UsageError(f"{what} must list at least one name, e.g. {what} PG,PH")
    return tuple(items)


@dataclass(frozen=True)
class PingConnection:
    """How to reach Ping.Data: flags that win over the environment and ~/.pingintel.ini."""

    api_key: str | None
    base_url: str | None
    environment: str


@dataclass(frozen=True)
class PlaceConnection:
    """How to reach Place Enrichment: flags that win over the environment."""

    api_key: str | None
    base_url: str | None
    org: str | None


@dataclass(frozen=True)
class RunOptions:
    """What every enrichment run of a spreadsheet shares: files, chunking, display."""

    input: Path
    output: Path
    chunk_size: int
    concurrency: int
    max_wait: float
    restart: bool
    strict: bool
    quiet: bool
    progress: str
    input_format: str | None
    output_format: str | None
    delimiter: str | None
    encoding: str | None
    sheet: str | None
    #: Field -> column named on the command line (``--city-column`` etc.).
    columns: dict[str, str] = field(default_factory=dict)
    header_row: int | None = None
    output_encoding: str | None = None
    output_delimiter: str | None = None
    #: ``escape`` (OWASP) or ``raw``: text starting a formula in CSV/TSV output.
    csv_formulas: str = "escape"
    dry_run: bool = False
    dedupe: bool = True
    cache: Path | None = None
    #: Seconds a cached result stays usable; None: forever.
    cache_max_age: float | None = None


@dataclass(frozen=True)
class PingEnhanceOptions:
    """``ping enhance``."""

    connection: PingConnection
    run: RunOptions
    sources: tuple[str, ...]
    include_raw_response: bool
    check_cache: bool
    timeout: float | None
    #: Run even when the remaining quota cannot cover every location.
    allow_partial: bool = False


@dataclass(frozen=True)
class PlaceEnrichOptions:
    """``places enrich``; ``batch_name`` defaults to the input file's name."""

    connection: PlaceConnection
    run: RunOptions
    attributes: tuple[str, ...]
    batch_name: str


@dataclass(frozen=True)
class PingQuery:
    """``ping status / download / datasources / usage``: what each names, and ``--json``."""

    connection: PingConnection
    json: bool = False
    job_id: str = ""
    directory: Path = Path()
    start: str | None = None
    end: str | None = None


@dataclass(frozen=True)
class PlaceQuery:
    """``places batch / batches / reprocess / results``: what each names, and ``--json``."""

    connection: PlaceConnection
    json: bool = False
    batch_id: str = ""
    query: str | None = None
    limit: int = 50
    every_job: bool = False
    attributes: tuple[str, ...] | None = None
    output: Path | None = None


Options = PingEnhanceOptions | PlaceEnrichOptions | PingQuery | PlaceQuery


def run_options(args: argparse.Namespace) -> RunOptions:
    """The shared options of ``ping enhance`` and ``places enrich``."""
    columns = {
        name: getattr(args, f"map_{name}")
        for name in FLAG_FOR_FIELD
        if getattr(args, f"map_{name}", None) is not None
    }
    return RunOptions(
        input=Path(args.input),
        output=Path(args.output),
        chunk_size=args.chunk_size,
        concurrency=args.concurrency,
        max_wait=args.max_wait,
        restart=bool(args.restart),
        strict=bool(args.strict),
        quiet=bool(args.quiet),
        progress=args.progress,
        input_format=args.input_format,
        output_format=args.output_format,
        delimiter=args.delimiter,
        encoding=args.encoding,
        sheet=args.sheet,
        columns=columns,
        header_row=_header_row(args.header_row),
        output_encoding=_encoding(args.output_encoding),
        output_delimiter=_delimiter(args.output_delimiter),
        csv_formulas=args.csv_formulas,
        dry_run=bool(args.dry_run),
        dedupe=bool(args.dedupe),
        cache=Path(args.cache) if args.cache else None,
        cache_max_age=_cache_age(args.cache, args.cache_max_age),
    )


def _header_row(value: int | None) -> int | None:
    if value is not None and value < 1:
        raise UsageError("--header-row counts from 1")
    return value


def _encoding(value: str | None) -> str | None:
    if value is not None:
        try:
            codecs.lookup(value)
        except LookupError:
            raise UsageError(f"--output-encoding: unknown encoding {value!r}") from None
    return value


def _delimiter(value: str | None) -> str | None:
    if value is None:
        return None
    value = {"tab": "\t", "\\t": "\t"}.get(value, value)
    if len(value) != 1 or value in '\r\n"':
        raise UsageError(f"--output-delimiter must be one character, got {value!r}")
    return value


_AGE_UNITS = {"s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


def _cache_age(cache: str | None, age: str | None) -> float | None:
    """Seconds from ``30d``/``12h``/``90m``/``3600``; None for ``forever``."""
    if cache is None:
        if age is not None:
            raise UsageError("--cache-max-age needs --cache PATH")
        return None
    if age is None:
        raise UsageError(
            "--cache needs --cache-max-age: how old a kept result may be to be used "
            "(e.g. 30d, 12h), or 'forever'"
        )
    if age.strip().lower() == "forever":
        return None
    text = age.strip().lower()
    unit = _AGE_UNITS.get(text[-1:])
    try:
        seconds = float(text[:-1] if unit else text) * (unit or 1.0)
    except ValueError:
        seconds = -1.0
    if not seconds > 0:
        raise UsageError(f"--cache-max-age: {age!r} is not an age like 30d, 12h, 90m or 3600")
    return seconds


def _ping_options(args: argparse.Namespace) -> PingEnhanceOptions | PingQuery:
    connection = PingConnection(args.api_key, args.base_url, args.environment)
    if args.command != "enhance":
        return PingQuery(
            connection,
            json=bool(getattr(args, "json", False)),
            job_id=getattr(args, "job_id", ""),
            directory=Path(getattr(args, "dir", ".")),
            start=getattr(args, "start", None),
            end=getattr(args, "end", None),
        )
    return PingEnhanceOptions(
        connection=connection,
        sources=split_list(args.sources, "--sources"),
        run=run_options(args),
        include_raw_response=bool(args.include_raw_response),
        check_cache=not args.no_cache,
        timeout=args.timeout,
        allow_partial=bool(args.allow_partial),
    )


def _place_options(args: argparse.Namespace) -> PlaceEnrichOptions | PlaceQuery:
    connection = PlaceConnection(args.api_key, args.base_url, args.org)
    if args.command != "enrich":
        attributes = getattr(args, "attributes", None)
        output = getattr(args, "output", None)
        return PlaceQuery(
            connection,
            json=bool(getattr(args, "json", False)),
            batch_id=getattr(args, "batch_id", ""),
            query=getattr(args, "query", None),
            limit=getattr(args, "limit", 50),
            every_job=bool(getattr(args, "all", False)),
            attributes=split_list(attributes, "--attributes") if attributes else None,
            output=Path(output) if output else None,
        )
    return PlaceEnrichOptions(
        connection=connection,
        attributes=split_list(args.attributes, "--attributes"),
        run=run_options(args),
        batch_name=args.batch_name or Path(args.input).stem,
    )


def build_options(args: argparse.Namespace) -> Options:
    """The options of the command ``args`` chose (the one place that reads the namespace)."""
    if args.api == "ping":
        return _ping_options(args)
    return _place_options(args)
