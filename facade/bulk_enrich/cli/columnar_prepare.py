"""The first stage column-wise: a CSV file read whole, its rows kept as columns, items made.

Chosen by the code, not by a flag: :func:`whole_file` gives the bytes only when the columnar
libraries can be imported (the ``fast`` extra, and numpy) and the file is not huge; then
:func:`~bulk_enrich.cli.columnar_input.read_frame` decides whether polars reads it as ``csv``
would, and :func:`fill_columns` whether the items can be built column-wise. Any "no" leaves
the input to the row-wise reader, which gives the same result (or the same error).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import importlib
import importlib.util
import threading
from collections.abc import Callable, Iterator
from itertools import compress
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from bulk_enrich.cli.columnar_keys import unique
from bulk_enrich.cli.formats import FORMATS_BY_SUFFIX
from bulk_enrich.cli.lazyitems import LazyItems
from bulk_enrich.cli.reuse import Reuse
from bulk_enrich.logs import get_logger

if TYPE_CHECKING:
    import polars as pl

    from bulk_enrich.cli.apis import Api
    from bulk_enrich.cli.prepare import Items, Prepared

log = get_logger("bulk_enrich.cli.prepare")
T = TypeVar("T")

#: Larger files are read row by row (the column-wise path holds the file in memory).
MAX_BYTES = 1 << 30


#: What the column-wise reading imports (numpy scans the bytes, polars reads them).
COLUMNAR_MODULES = ("numpy", "polars")


def _columnar_importable() -> bool:
    from bulk_enrich import batches

    return batches.fast_available() and importlib.util.find_spec("numpy") is not None


@contextlib.contextmanager
def importing_columnar(wanted: bool) -> Iterator[None]:
    """While the block runs, import :data:`COLUMNAR_MODULES` in a thread of its own (when
    ``wanted`` and they can be): reading and hashing the input file release the interpreter
    lock, so their imports, which the column-wise reading waits for next, cost it less. The
    thread has ended when the block is left."""
    if not wanted or not _columnar_importable():
        yield
        return
    thread = threading.Thread(target=_import_all, name="bulk-enrich-import", daemon=True)
    thread.start()
    try:
        yield
    finally:
        thread.join()


def _import_all() -> None:
    for name in COLUMNAR_MODULES:
        with contextlib.suppress(Exception):  # the reader's own import reports a failure
            importlib.import_module(name)


def whole_file(path: Path) -> bytes | None:
    """The bytes of the CSV file at ``path`` if it may be read column-wise, else None."""
    if not _columnar_importable():
        return None
    try:
        if path.stat().st_size > MAX_BYTES:
            return None
    except OSError:
        return None
    return path.read_bytes()


#: Inputs read ahead (:func:`reading_ahead`), by path, while their command is being set up.
_AHEAD: dict[Path, ReadAhead] = {}


class ReadAhead:
    """A file read whole and hashed in a thread of its own (both release the interpreter lock)
    while the main thread imports and sets up the run; :meth:`take` hands the bytes and their
    SHA-256 over if the file is still the one read (same size, time and inode)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.result: tuple[bytes, str] | None = None
        self._stamp = _stamp(path)
        self._thread = threading.Thread(target=self._read, name="bulk-enrich-read", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        with contextlib.suppress(Exception):  # the reader's own attempt reports any failure
            data = whole_file(self.path)
            if data is not None:
                self.result = data, hashlib.sha256(data).hexdigest()

    def join(self) -> None:
        """Wait for the read to end."""
        self._thread.join()

    def take(self) -> tuple[bytes, str] | None:
        """The bytes and their SHA-256, once read, if the file did not change since."""
        self.join()
        result, self.result = self.result, None
        if result is None or self._stamp is None or _stamp(self.path) != self._stamp:
            return None
        return result


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ino


@contextlib.contextmanager
def reading_ahead(path: Path | None, input_format: str | None = None) -> Iterator[None]:
    """While the block runs (a command's set-up and run), read the CSV file at ``path`` ahead
    (:class:`ReadAhead`) for :func:`read_ahead` to take; nothing for another format, a stream
    or a file the column-wise path would not read whole. Forgotten when the block ends."""
    if path is None:
        yield
        return
    ahead = None
    if (
        (input_format or FORMATS_BY_SUFFIX.get(path.suffix.lower())) == "csv"
        and path not in _AHEAD
        and path.is_file()
        and _columnar_importable()
    ):
        ahead = _AHEAD[path] = ReadAhead(path)
    try:
        yield
    finally:
        if ahead is not None:
            del _AHEAD[path]
            ahead.join()


def read_ahead(path: Path) -> tuple[bytes, str] | None:
    """The bytes and SHA-256 of the file at ``path`` if :func:`reading_ahead` read it (once)."""
    ahead = _AHEAD.get(path)
    return ahead.take() if ahead is not None else None


def columnar_or_none(work: Callable[..., T], *args: Any) -> T | None:
    """``work(*args)``, or None when polars fails at it: what the column-wise code cannot
    do goes to the row-wise code, which gives the reference result (or error)."""
    import polars as pl

    try:
        return work(*args)
    except pl.exceptions.PolarsError:
        log.debug("the columnar input stage gave way to the row-wise one", exc_info=True)
        return None


def fill_columns(
    api: Api,
    prepared: Prepared,
    frame: pl.DataFrame,
    dedupe_rows: bool,
    keep_keys: bool,
    ascii_text: bool = False,
) -> bool:
    """Keep the rows of ``frame`` and their items, as the row-wise path would (location keys
    in ``reuse.keys`` when ``keep_keys``); False (nothing done) when the rows must be read
    row by row. ``ascii_text``: the file is known to be ASCII.

    The collector is paused meanwhile: the items and records made are many and hold no cycle.
    """
    from bulk_enrich.cli.columnar_rows import build
    from bulk_enrich.cli.framerows import FrameRows

    if not frame.height:
        return False
    collecting = gc.isenabled()
    gc.disable()
    try:
        built = build(api, prepared.mapping, frame, dedupe_rows, keep_keys, ascii_text)
        if built is None:
            return False
        reuse = Reuse()  # put in place below, once nothing can fail any more
        sent, sent_ids = built.sent, built.sent_ids
        if built.keys is not None:
            sent, sent_ids = dedupe_columns(sent, sent_ids, built.keys, reuse, keep_keys)
        # The rows stay in the frame: no spooled record, no Python string per cell.
        prepared.rows.close()
        prepared.rows = FrameRows(frame, built.ids, built.forms)
        prepared.forms.update(built.form_counts)
        prepared.skipped = built.skipped
        prepared.reuse.copies, prepared.reuse.keys = reuse.copies, reuse.keys
        prepared.sent, prepared.sent_ids = sent, sent_ids
        return True
    finally:
        if collecting:
            gc.enable()


def dedupe_columns(
    sent: Items, ids: list[str], keys: pl.Series, reuse: Reuse, keep_keys: bool = True
) -> tuple[Items, list[str]]:
    """:func:`~bulk_enrich.cli.reuse.dedupe` of items whose location keys are made (the same
    items, copies and keys, in the same order); items made as read stay so."""
    import polars as pl

    if unique(keys):
        if keep_keys:
            reuse.keys.update(zip(ids, keys.to_list(), strict=True))
        return sent, ids
    first = keys.is_first_distinct()
    frame = pl.DataFrame({"id": ids, "key": keys}, schema={"id": pl.String, "key": pl.String})
    copies = frame.with_columns(pl.col("id").first().over("key").alias("earlier")).filter(~first)
    keep = first.to_list()
    left = list(compress(ids, keep))
    if keep_keys:
        reuse.keys.update(zip(left, keys.filter(first).to_list(), strict=True))
    reuse.copies.update(zip(copies["id"].to_list(), copies["earlier"].to_list(), strict=True))
    kept = sent.filter(first) if isinstance(sent, LazyItems) else list(compress(sent, keep))
    return kept, left
