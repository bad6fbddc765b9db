"""``ping enhance`` and ``places enrich``: spreadsheet in, enriched spreadsheet out, resumable.

One pipeline for both APIs, each stage handing its product forward: the input is read once
and every row checked and turned into its request item (:mod:`~bulk_enrich.cli.prepare`);
the journal is opened or resumed; the items go to the API's client as jobs; the results are
joined with the spooled input cells into the output while they arrive
(:mod:`~bulk_enrich.cli.output`); the summary is printed. What differs between the APIs
comes from an :class:`~bulk_enrich.cli.apis.Api`.
"""

from __future__ import annotations

import contextlib
import glob
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from bulk_enrich.cli.apis import Api, Tally
from bulk_enrich.cli.errors import EXIT_FAILED, EXIT_OK, UsageError
from bulk_enrich.cli.gcpolicy import freeze_input
from bulk_enrich.cli.journal import Journal, journal_path, open_journal, parts_dir, remove_tree
from bulk_enrich.cli.lock import output_lock, refuse_symlinks
from bulk_enrich.cli.options import RunOptions
from bulk_enrich.cli.output import OutputWriter
from bulk_enrich.cli.pipes import copy_to_stdout, shown_output, spool_input, to_stdout
from bulk_enrich.cli.prepare import Prepared, prepare
from bulk_enrich.cli.progress import Progress, format_duration, logs_through
from bulk_enrich.cli.resultstore import ResultStore
from bulk_enrich.cli.spend import DryRunDone, check_spend, dry_run_lines, saved_lines
from bulk_enrich.cli.writers import WriteSettings, check_writable_format, output_format
from bulk_enrich.engine.inputs import Checked

INPUT_SPOOL = "input.spool"
RESULT_SPOOL = "results.spool"


class Console:
    """Messages to stderr, silenced by ``--quiet``."""

    def __init__(self, quiet: bool, stream: TextIO, progress: Progress | None = None) -> None:
        self.quiet = quiet
        self.stream = stream
        self.progress = progress

    def say(self, text: str) -> None:
        """Print one line (through the progress display when there is one)."""
        if self.quiet:
            return
        if self.progress is not None:
            self.progress.message(text)
        else:
            print(text, file=self.stream, flush=True)


def check_run(run: RunOptions) -> str:
    """The output format, once the run's options are checked; :class:`UsageError` if bad."""
    fmt = output_format(run.output, run.output_format)
    check_writable_format(fmt)
    if run.chunk_size < 1:
        raise UsageError("--chunk-size must be at least 1")
    if run.concurrency < 1:
        raise UsageError("--concurrency must be at least 1")
    if not run.max_wait > 0:
        raise UsageError("--max-wait must be a positive number of seconds")
    if run.output.resolve() == run.input.resolve():
        raise UsageError("the output would overwrite the input; choose another -o")
    return fmt


def _first_missing(path: Path) -> Path | None:
    """The outermost of ``path`` and its parents that does not exist yet."""
    missing = None
    for candidate in (path, *path.parents):
        if candidate.exists():
            break
        missing = candidate
    return missing


def prepare_and_journal(api: Api, run: RunOptions) -> tuple[Prepared, Journal, bool]:
    """Read and check the input, check names, cache and quota with the server, then open (or
    resume) the journal: ``(input, journal, resumed)``. On failure (or at the end of a dry
    run, :class:`DryRunDone`) nothing is left behind that was not there before."""
    work = parts_dir(run.output)
    created = _first_missing(work)
    prepared = None
    try:
        prepared = prepare(api, spool_input(run, work), work / INPUT_SPOOL)
        freeze_input()  # what the input built lives all run: out of the collector's walks
        quota = check_spend(api, run, prepared)
        if run.dry_run:
            raise DryRunDone(dry_run_lines(api, prepared, quota))
        fresh = Journal(
            path=journal_path(run.output),
            command=api.command,
            input_path=str(prepared.table.path.resolve()),
            input_sha256=prepared.sha256,
            options=prepared.journal_options(api),
            origin=api.origin(),
        )
        journal, resumed = open_journal(fresh, restart=run.restart)
    except BaseException:
        if prepared is not None:
            prepared.rows.close()
            if prepared.reuse.cache is not None:
                prepared.reuse.cache.close()
        if created is not None:
            remove_tree(created)
        raise
    return prepared, journal, resumed


def _remove_stale_temporaries(output: Path) -> None:
    """Temporary files of an earlier run of this output that was killed mid-write."""
    for stale in output.parent.glob(f".{glob.escape(output.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()


def _announce(
    console: Console, api: Api, prepared: Prepared, journal: Journal, resumed: bool
) -> None:
    table = prepared.table
    console.say(f"input: {table.path.name}, {table.describe()}, {prepared.count:,} rows")
    console.say(f"mapping: {prepared.mapping.describe()}")
    console.say(f"rows per form: {prepared.describe_forms()}")
    if prepared.skipped:
        console.say(api.not_sent_note(len(prepared.skipped)))
    if resumed:
        console.say(
            f"resuming: {len(journal.chunks)} recorded job(s) from {journal.path.name} "
            "are reattached, not resubmitted"
        )


def _on_progress(progress: Progress, prepared: Prepared) -> Callable[[Any], None]:
    """The client's progress callback: rows not sent (nothing to locate, copies, cached)
    count as done from the start."""
    reuse = prepared.reuse
    skipped = len(prepared.skipped) + reuse.deduped + len(reuse.cached)
    total = prepared.count

    def on_progress(state: Any) -> None:
        progress.update(
            int(getattr(state, "completed", 0) or 0) + skipped,
            total,
            int(getattr(state, "jobs_done", 0) or 0),
            int(getattr(state, "jobs_total", 0) or 0),
        )

    return on_progress


@dataclass
class Run:
    """One run's stages after the input is checked and the journal opened."""

    api: Api
    options: RunOptions
    fmt: str
    prepared: Prepared
    journal: Journal
    console: Console
    progress: Progress
    settings: WriteSettings

    def enrich(self, tally: Tally) -> int:
        """Send the items, write the output as results arrive; the number of rows written.

        On failure the journal is kept when it records jobs (to resume), else removed with
        the parts directory.
        """
        work = parts_dir(self.options.output)
        work.mkdir(parents=True, exist_ok=True)
        store = ResultStore(work / RESULT_SPOOL)
        try:
            writer = OutputWriter(
                self.options.output,
                self.fmt,
                self.prepared,
                self.api,
                tally,
                store,
                self.settings,
            )
            written = self._while_arriving(writer, work)
            if written is None:
                if self.fmt != "parquet":
                    self.console.say(
                        "a column appeared after the first results: writing the output again"
                    )
                written = writer.from_store()
        except BaseException:
            if not self.journal.chunks:  # nothing to resume: leave no journal behind
                self.journal.delete()
                remove_tree(work)
            raise
        finally:
            store.close()
            self.prepared.rows.close()
        return written

    def _while_arriving(self, writer: OutputWriter, work: Path) -> int | None:
        progress = self.progress
        try:
            with self.api.connect() as runner, logs_through(progress):
                items = Checked(self.prepared.sent)
                results = runner(items, self.journal, work, _on_progress(progress, self.prepared))
                return writer.while_arriving(results)
        finally:
            progress.close()
            self.console.progress = None


def write_settings(run: RunOptions, prepared: Prepared) -> WriteSettings:
    """The output's CSV dialect (line endings follow a CSV input's) and formula escaping."""
    return WriteSettings(
        encoding=run.output_encoding or "utf-8",
        delimiter=run.output_delimiter,
        newline=prepared.newline,
        csv_formulas=run.csv_formulas,
    )


def _summarize(console: Console, run: RunOptions, written: int, tally: Tally, jobs: int,
               elapsed: float, settings: WriteSettings, saved: list[str]) -> int:  # fmt: skip
    console.say(
        f"done: {written:,} rows written to {shown_output(run.output)} "
        f"({tally.failed_rows:,} with a failure), {jobs} job(s), "
        f"{format_duration(elapsed)}"
    )
    for line in tally.lines():
        console.say("  " + line)
    for line in saved:
        console.say("  " + line)
    for line in settings.describe_changes():
        console.say("  changed on the way out: " + line)
    if run.strict and tally.failed_rows:
        console.say(f"--strict: {tally.failed_rows:,} rows failed enrichment")
        return EXIT_FAILED
    return EXIT_OK


def run_enrichment(api: Api, run: RunOptions, *, stream: TextIO) -> int:
    """The one pipeline of both APIs: check, read, journal, enrich, write, summarize.

    ``-`` as input is spooled under the output's folder first; ``-o -`` writes the finished
    output to stdout (:mod:`bulk_enrich.cli.pipes`).
    """
    started = time.monotonic()
    run, stdout = to_stdout(run)
    fmt = check_run(run)
    refuse_symlinks(run.output)
    with output_lock(run.output):
        code = _run_locked(api, run, fmt, stream, started)
    if stdout:
        copy_to_stdout(run.output)
    return code


def _run_locked(api: Api, run: RunOptions, fmt: str, stream: TextIO, started: float) -> int:
    """Read, journal and enrich while this run holds the output's lock."""
    try:
        prepared, journal, resumed = prepare_and_journal(api, run)
    except DryRunDone as done:
        console = Console(run.quiet, stream)
        for line in done.lines:
            console.say(line)
        return EXIT_OK
    cache = prepared.reuse.cache
    try:
        return _enrich(api, run, fmt, (prepared, journal, resumed), stream, started)
    finally:
        if cache is not None:
            cache.close()


def _enrich(api: Api, run: RunOptions, fmt: str, opened: tuple[Prepared, Journal, bool],
            stream: TextIO, started: float) -> int:  # fmt: skip
    prepared, journal, resumed = opened
    _remove_stale_temporaries(run.output)
    progress = Progress(mode="none" if run.quiet else run.progress, unit=api.unit, stream=stream)
    console = Console(run.quiet, stream)
    _announce(console, api, prepared, journal, resumed)
    console.progress = progress
    tally = api.tally()
    settings = write_settings(run, prepared)
    written = Run(api, run, fmt, prepared, journal, console, progress, settings).enrich(tally)
    if prepared.reuse.cache is not None:
        prepared.reuse.cache.commit()
    jobs = len(journal.chunks)
    journal.delete()
    remove_tree(parts_dir(run.output))
    elapsed = time.monotonic() - started
    saved = saved_lines(prepared)
    return _summarize(console, run, written, tally, jobs, elapsed, settings, saved)
