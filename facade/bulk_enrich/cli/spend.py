"""Before any job: the names checked with the server, cached results taken, the quota checked;
and what a ``--dry-run`` reports. Only GET requests, through the library's clients."""

from __future__ import annotations

from bulk_enrich.cli.apis import Api
from bulk_enrich.cli.errors import UsageError
from bulk_enrich.cli.options import RunOptions
from bulk_enrich.cli.prepare import Prepared
from bulk_enrich.cli.reuse import use_cache
from bulk_enrich.resultcache import ResultCache


class DryRunDone(Exception):
    """Ends a dry run once everything is checked; ``lines`` is its report."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("dry run")
        self.lines = lines


def open_cache(api: Api, run: RunOptions) -> ResultCache | None:
    """The ``--cache`` file, or None (also for a dry run, when the file does not exist)."""
    if run.cache is None:
        return None
    if run.cache.is_dir():
        raise UsageError(f"--cache {run.cache}: is a directory; name a file")
    if run.dry_run and not run.cache.exists():
        return None  # a dry run creates nothing: an absent cache holds no results
    run.cache.parent.mkdir(parents=True, exist_ok=True)
    try:
        return ResultCache(run.cache, max_age=run.cache_max_age, scope=api.cache_scope())
    except Exception as exc:  # sqlite3.DatabaseError for a file that is not a cache
        raise UsageError(f"--cache {run.cache}: cannot be used as a cache ({exc})") from None


def check_spend(api: Api, run: RunOptions, prepared: Prepared) -> list[str]:
    """Names checked, cached results taken (with ``--cache``), quota checked; the quota lines.

    :class:`UsageError` (exit 2) for an unknown name or a run the quota cannot cover.
    """
    api.check_names()
    cache = open_cache(api, run)
    if cache is not None:
        reuse = prepared.reuse
        reuse.cache, reuse.names, reuse.split = cache, api.cache_names(), api.split_result
        prepared.sent, prepared.sent_ids = use_cache(prepared.sent, prepared.sent_ids, reuse)
    return api.check_quota(len(prepared.sent))


def saved_lines(prepared: Prepared) -> list[str]:
    """What dedupe and the cache spared, for the summary."""
    reuse = prepared.reuse
    lines = []
    if reuse.deduped:
        lines.append(
            f"saved {reuse.deduped:,} lookups: rows with a location an earlier row has "
            "were not sent (--no-dedupe sends them)"
        )
    if reuse.cache is not None:
        lines.append(f"saved {len(reuse.cached):,} lookups: results from the cache")
    return lines


def dry_run_lines(api: Api, prepared: Prepared, quota: list[str]) -> list[str]:
    """The dry run's report: rows, forms, distinct locations, credits and what remains."""
    reuse = prepared.reuse
    distinct = len(prepared.sent) + len(reuse.cached)
    return [
        f"dry run: {prepared.count:,} rows; rows per form: {prepared.describe_forms()}",
        f"mapping: {prepared.mapping.describe()}",
        f"{distinct:,} distinct {api.unit} to look up, {len(prepared.sent):,} to send "
        f"({reuse.deduped:,} rows copy an earlier row, {len(reuse.cached):,} in the cache, "
        f"{len(prepared.skipped):,} not sent)",
        *quota,
        "nothing was sent",
    ]
