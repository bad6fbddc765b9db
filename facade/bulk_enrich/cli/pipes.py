"""Pipes: ``-`` (or any input that is not a regular file, such as ``/dev/stdin``) is spooled
to a file under the output's folder first, so a killed run resumes from the same bytes; ``-o
-`` writes the output to a stand-in file in the current folder, copied to stdout once complete.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from bulk_enrich.cli.errors import UsageError
from bulk_enrich.cli.formats import FORMATS_BY_SUFFIX
from bulk_enrich.cli.options import RunOptions

STDIO = "-"
#: The output's stand-in with ``-o -`` (its journal and parts folder are named after it).
STDOUT_STAND_IN = "bulk-enrich-stdout"
_EXTENSIONS = {"csv": "csv", "xlsx": "xlsx", "parquet": "parquet", "jsonl": "jsonl", "json": "json"}


def is_stream(path: Path) -> bool:
    """Whether ``path`` is ``-`` or names something other than a regular file or folder."""
    if str(path) == STDIO:
        return True
    return path.exists() and not path.is_dir() and not path.is_file()


def to_stdout(run: RunOptions) -> tuple[RunOptions, bool]:
    """``(options, whether the output goes to stdout)``; with ``-o -`` the output becomes a
    stand-in file in the current folder (CSV unless ``--output-format``)."""
    if str(run.output) != STDIO:
        return run, False
    fmt = run.output_format or "csv"
    return replace(run, output=Path(f"{STDOUT_STAND_IN}.{fmt}"), output_format=fmt), True


def shown_output(path: Path) -> str:
    """How messages name the output: ``stdout`` for the stand-in of ``-o -``."""
    if path.parent == Path() and path.name.startswith(STDOUT_STAND_IN + "."):
        return "stdout"
    return str(path)


def spool_input(run: RunOptions, work: Path) -> RunOptions:
    """The options with a streamed input copied to ``work/stdin.EXT`` (CSV unless
    ``--input-format`` or the path's extension says otherwise); others unchanged."""
    if not is_stream(run.input):
        return run
    fmt = run.input_format or FORMATS_BY_SUFFIX.get(run.input.suffix.lower(), "csv")
    target = work / f"stdin.{_EXTENSIONS[fmt]}"
    work.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    if str(run.input) == STDIO:
        if sys.stdin is None or sys.stdin.isatty():
            raise UsageError("INPUT is '-' but nothing is piped in: pipe a file, or name it")
        _copy(sys.stdin.buffer, partial)
    else:
        with run.input.open("rb") as source:
            _copy(source, partial)
    os.replace(partial, target)
    return replace(run, input=target, input_format=fmt)


def _copy(source: BinaryIO, target: Path) -> None:
    with target.open("wb") as sink:
        shutil.copyfileobj(source, sink, 1 << 20)


def copy_to_stdout(path: Path) -> None:
    """Write the finished output at ``path`` to stdout, then remove it."""
    out = sys.stdout.buffer
    with path.open("rb") as fh:
        shutil.copyfileobj(fh, out, 1 << 20)
    out.flush()
    path.unlink()
