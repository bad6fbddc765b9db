"""A Ping.Data output file read straight into polars columns.

:func:`decode_frame` tries the typed msgspec decoder of :mod:`bulk_enrich.columnar.ping_typed`
first, then (with pyarrow) :func:`decode_arrow`, which never makes per-location objects:

The output ``{location_id: {SOURCE: {field: value, ..., "external_data": {...}}}}`` is split
into its locations' JSON text by msgspec (ids exact, in the job's order), read as JSON lines
by pyarrow (types inferred over the whole job) and made into the columns
:func:`bulk_enrich.flatten.flatten` gives row by row: ``SOURCE.is_success`` from the item's
own flag, ``error_message`` always present, ``external_data`` merging into the empty fields, a
null ``external_data`` a column of its own.

Exactness rests on what pyarrow's reader refuses: a value of another kind than its column's
(text, number, bool, object, list), a key given twice, a lone surrogate escaped, an integer
beyond 64 bits in an integer column (invalid UTF-8, which it lets through, is looked for
first); and every key, including one past the first
lines or holding only nulls, becomes a column. What it lets through is checked here:

- an integer in a float column (read as a float, where the row path keeps an int): the dots
  of the text, less those inside the decoded text values, must equal the float cells (every
  float written with a ``.``; a key name holding one, or ``1e-05``, goes to the other paths);
- ``"external_data": null``, which pyarrow reads as absent: when a source lacks an
  ``external_data`` object somewhere, the text is read again with each such null rewritten
  into an object holding only a marker key, and each ``"external_data"`` of the text must be
  a cell read;
- strings read as timestamps: the file is read again with them typed as text.

Anything else (a nested value, a list, a location that is not an object, a file too large,
ids other than the job's, a number the checks cannot vouch for) returns None: the msgspec
decoder of lists (:mod:`bulk_enrich.columnar.ping_decode`) or the row path takes the job.
"""

from __future__ import annotations

import importlib.util
import io
import itertools
import operator
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from bulk_enrich.batches import ResultBatch
from bulk_enrich.columnar.ping_decode import EXTERNAL, RAW_LOCATIONS, in_order, read_output
from bulk_enrich.columnar.ping_typed import decode_typed

if TYPE_CHECKING:
    import polars as pl
    import pyarrow as pa

_QUOTED = b'"external_data"'
#: ``"external_data": null`` as compact JSON and as Python's ``json.dumps`` writes it.
_NULLS = (b'"external_data":null', b'"external_data": null')
#: ``external_data: null`` read as an object holding only :data:`_MARK` (U+0001, absent from text
#: that holds no ``\\u0001``).
_MARKED = b'"external_data":{"\\u0001":true}'
_MARK = "\x01"
_OPEN = ord("{")


@cache
def available() -> bool:
    """Whether pyarrow (the ``formats`` extra) can be imported."""
    return importlib.util.find_spec("pyarrow") is not None


def decode_frame(paths: Sequence[Path], sent: Sequence[str]) -> ResultBatch | None:
    """The flat results of ``sent`` (ids, in order) from a job's output as a polars frame, or
    None (see the module's docstring)."""
    data = read_output(paths) if sent else None
    if data is None:
        return None
    typed = decode_typed(data, sent)
    if typed is not None or not available():
        return typed
    return decode_arrow(data, sent)


def decode_arrow(data: bytes, sent: Sequence[str]) -> ResultBatch | None:
    """The flat results of ``sent`` from a job's output text, read by pyarrow, or None."""
    if not data.isascii():
        try:  # pyarrow's reader lets invalid UTF-8 through (an encoded surrogate, a 0xFF...)
            data.decode("utf-8")
        except UnicodeDecodeError:
            return None
    text = _lines(data, sent)
    if text is None:
        return None
    columns = _decoded(text, len(sent))
    if columns is not None and columns.unsure:  # a null external_data, or none?
        marked = _marked(text)
        if marked is not None:
            text = marked
            columns = _decoded(text, len(sent))
    if columns is None or not columns.exact(text):
        return None
    import polars as pl

    return ResultBatch(list(sent), frame=pl.DataFrame(columns.out))


def _decoded(text: bytes, count: int) -> _Columns | None:
    """The columns of the lines of ``text`` (``count`` of them), not checked yet."""
    import polars as pl

    table = _read(text)
    if table is None:
        return None
    frame = pl.from_arrow(table, rechunk=False)
    if not isinstance(frame, pl.DataFrame) or frame.height != count:
        return None
    return _Columns(frame, table).build()


def _marked(text: bytes) -> bytes | None:
    """``text`` with each ``"external_data": null`` marked (:data:`_MARKED`), or None when
    there is none, or the marker's text is there already."""
    nulls = [null for null in _NULLS if null in text]
    if not nulls or b"\\u0001" in text:
        return None
    for null in nulls:
        text = text.replace(null, _MARKED)
    return text


def _lines(data: bytes, sent: Sequence[str]) -> bytes | None:
    """The locations' JSON, one a line, in the order of ``sent``; None when the ids differ."""
    if b"\n" in data or b"\r" in data:  # whitespace only: raw control characters are not JSON
        data = data.replace(b"\n", b" ").replace(b"\r", b" ")
    try:
        values = in_order(RAW_LOCATIONS.decode(data), sent)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None
    if values is None:
        return None
    text = b"\n".join(values)  # msgspec.Raw is a buffer
    starts = [0, *itertools.accumulate(len(v) + 1 for v in values[:-1])]
    if set(operator.itemgetter(*starts, 0)(text)) != {_OPEN}:
        return None  # a location that is not an object (pyarrow may crash on a first null)
    return text


def _read(text: bytes) -> pa.Table | None:
    """The lines as a pyarrow table (types inferred from every line), or None."""
    import pyarrow as pa
    import pyarrow.json as pj

    options = pj.ReadOptions(use_threads=False, block_size=len(text) + 1)
    try:
        table = pj.read_json(io.BytesIO(text), read_options=options)
        schema = _untimed(table.schema)
        if schema is not None:  # text read as timestamps: again, as text
            parse = pj.ParseOptions(explicit_schema=schema, unexpected_field_behavior="error")
            table = pj.read_json(io.BytesIO(text), read_options=options, parse_options=parse)
    except (pa.ArrowException, ValueError):
        return None
    return table


def _untimed(schema: pa.Schema) -> pa.Schema | None:
    """``schema`` with its timestamps as strings, or None when it has none."""
    import pyarrow as pa

    def retyped(kind: pa.DataType) -> pa.DataType:
        if pa.types.is_timestamp(kind) or pa.types.is_date(kind):
            return pa.string()
        if pa.types.is_struct(kind):
            return pa.struct([f.with_type(retyped(f.type)) for f in kind])
        return kind

    fields = [f.with_type(retyped(f.type)) for f in schema]
    return None if fields == list(schema) else pa.schema(fields)


class _Columns:
    """The flat columns of a table of locations, and what the checks need."""

    def __init__(self, frame: pl.DataFrame, table: pa.Table) -> None:
        self.frame = frame
        self.table = table
        self.out: dict[str, pl.Series] = {}
        self.externals = 0  # cells of ``external_data`` read
        self.unsure = False  # an ``external_data`` may be neither read nor absent

    def build(self) -> _Columns | None:
        import polars as pl

        for code in self.frame.columns:
            if "." in code:  # every key's dots are counted by the float check: none in a name
                return None
            column = self.frame.get_column(code)
            if column.dtype == pl.Null:
                continue  # a source absent (or not an object) everywhere
            if not isinstance(column.dtype, pl.Struct) or code == EXTERNAL:
                return None
            if not self._source(code, column):
                return None
        return self

    def _source(self, code: str, column: pl.Series) -> bool:
        """The columns of source ``code``, in the row path's order."""
        import polars as pl

        fields = _fields(column)
        if fields is None:
            return False
        external: dict[str, pl.Series] = {}
        marked = False
        ext = fields.get(EXTERNAL)
        if ext is not None:
            held = int((ext.is_not_null() & column.is_not_null()).sum())
            self.externals += held
            if isinstance(ext.dtype, pl.Struct):  # else text, a number...: a field like another
                # a null where the source is: absent, or null (in a form not marked)?
                self.unsure = self.unsure or held < len(column) - column.null_count()
                del fields[EXTERNAL]
                inner = _fields(ext)
                if inner is None or EXTERNAL in inner:
                    return False
                marked = inner.pop(_MARK, None) is not None
                external = inner
        count = len(column)
        flag = fields.pop("is_success", None)
        external.pop("is_success", None)  # the item's own flag decides
        if flag is not None and flag.dtype == pl.Boolean:
            success = flag.fill_null(False)
        else:
            success = pl.repeat(False, count, dtype=pl.Boolean, eager=True)
        message = fields.pop("error_message", None)
        if message is None:
            message = pl.Series([None] * count, dtype=pl.Null)
        part: dict[str, pl.Series] = {"is_success": success}
        for name, values in [("error_message", message), *fields.items()]:
            if name in external:
                merged = _merged(values, external.pop(name))
                if merged is None:
                    return False
                values = merged
            part[name] = values
        part.update(external)  # the external fields no field of the item has
        if marked:
            part[EXTERNAL] = pl.Series([None] * count, dtype=pl.Null)
        frame = pl.DataFrame([v.alias(code + "." + k) for k, v in part.items()])
        if column.null_count():  # no cell where the location has no such source
            valid = pl.lit(column.is_not_null())
            frame = frame.select(pl.when(valid).then(pl.all()))
        self.out.update(zip(frame.columns, frame.get_columns(), strict=True))
        return True

    def exact(self, text: bytes) -> bool:
        """Whether every ``external_data`` of the text was read and every float cell was
        written with a ``.`` (see the module's docstring)."""
        if self.unsure and self.externals != text.count(_QUOTED):
            return False
        import pyarrow as pa

        floats = 0
        dots = 0  # in the text values, as decoded (a ``\\u002e`` counts, as it should)
        for values in _leaves(self.table):
            if pa.types.is_floating(values.type):
                floats += len(values) - values.null_count
            elif pa.types.is_string(values.type) or pa.types.is_large_string(values.type):
                dots += _dots(values)
        return not floats or floats == text.count(b".") - dots


def _leaves(table: pa.Table) -> Iterator[pa.Array]:
    """Every array of values read, nested ones included (whatever their parent's nulls)."""
    import pyarrow as pa

    pending: list[pa.Array] = [c for batch in table.to_batches() for c in batch.columns]
    while pending:
        array = pending.pop()
        if pa.types.is_struct(array.type):
            pending.extend(array.field(i) for i in range(array.type.num_fields))
        else:
            yield array


def _dots(array: pa.Array) -> int:
    """The dots in a string array's text (its data buffer, between its first and last
    offsets)."""
    import pyarrow as pa

    width = 8 if pa.types.is_large_string(array.type) else 4
    _, offsets, data = array.buffers()
    if data is None or offsets is None:
        return 0
    view = memoryview(offsets)
    start, stop = array.offset * width, (array.offset + len(array)) * width
    first = int.from_bytes(view[start : start + width], "little")
    last = int.from_bytes(view[stop : stop + width], "little")
    return memoryview(data)[first:last].tobytes().count(b".")


_SCALARS = ("Null", "Boolean", "Int64", "Float64", "String")


def _fields(column: pl.Series) -> dict[str, pl.Series] | None:
    """A struct column's fields (``external_data`` may be a struct); None for a nested value
    or a key naming a dot."""
    import polars as pl

    fields: dict[str, pl.Series] = {}
    for values in column.struct.unnest().get_columns():
        name = values.name
        if "." in name:
            return None
        if str(values.dtype) not in _SCALARS and not (
            name == EXTERNAL and isinstance(values.dtype, pl.Struct)
        ):
            return None
        fields[name] = values
    return fields


def _merged(base: pl.Series, external: pl.Series) -> pl.Series | None:
    """``base`` with its nulls filled from ``external``; None when the two hold values of
    different types (the row path's column would mix them)."""
    import polars as pl

    if external.dtype == pl.Null or external.null_count() == len(external):
        return base
    if base.dtype == pl.Null:
        return external.alias(base.name)
    if base.dtype != external.dtype:
        return None
    return base.fill_null(external)
