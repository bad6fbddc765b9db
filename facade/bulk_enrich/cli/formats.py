"""The names the command line offers as choices: formats and progress modes.

Kept apart from the readers, writers and progress display that implement them, so that
building the parser (and ``--help``) imports none of those.
"""

from __future__ import annotations

#: Input formats (``--input-format``).
INPUT_FORMATS = ("csv", "xlsx", "parquet", "jsonl", "json")
#: Input formats by file suffix (when ``--input-format`` is not given).
FORMATS_BY_SUFFIX = {
    ".csv": "csv",
    ".tsv": "csv",
    ".tab": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
}
#: Output formats (``--output-format``).
OUTPUT_FORMATS = ("csv", "tsv", "xlsx", "parquet", "jsonl", "json")
#: Progress displays (``--progress``).
PROGRESS_MODES = ("auto", "bar", "plain", "none")
