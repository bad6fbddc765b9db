"""A Ping.Data output decoded by a typed msgspec decoder straight into polars Series.

The output ``{location_id: {SOURCE: {field: value, ..., "external_data": {...}}}}`` is decoded
into structures learned from its first locations (a prefix of the text), each field typed by
the kind of value the sample shows (``bool``, ``int``, ``float``, ``str``, or any scalar where
the sample has only nulls or several kinds), unknown fields forbidden. It is decoded a chunk
of locations at a time, whose fields are read out into polars Series while the objects are in
the processor's cache, giving what :func:`bulk_enrich.flatten.flatten` gives row by row:
``SOURCE.is_success`` from the item's own flag, ``error_message`` always present,
``external_data`` merging into the empty fields, a null ``external_data`` a column of its own,
a field absent from a location null in its row.

Exactness rests on msgspec refusing a value of another kind than its field's (an integer is
kept as one in a float field, and refused there: the row path keeps it an int), a lone
surrogate and a number out of range; on polars refusing an integer beyond 64 bits; and on the
sample: every field learned is in a location of the file, so its column exists in the row path
too, unless that location's id is given again later (its first value then counts for
nothing): a field the sample shows a value of, null in every location decoded, declines; a
field the sample shows only nulls of tells present from absent itself (msgspec's UNSET).

Anything else (a nested value, a field or source the sample lacks, a location that is not an
object, ids in another order than the job's, a column mixing kinds, two sources giving one
column name) returns None: the pyarrow decoder (:mod:`bulk_enrich.columnar.ping_frame`), the
msgspec one of lists or the row path takes the job.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

import msgspec

from bulk_enrich.batches import ResultBatch
from bulk_enrich.columnar import DTYPE_NAMES, ping_text
from bulk_enrich.columnar.ping_decode import EXTERNAL

if TYPE_CHECKING:
    import polars as pl

_UNSET = msgspec.UNSET
_Scalar = str | int | float | bool | None
_KINDS = (bool, int, float, str)
_BASE = ("is_success", "error_message")


class _Shape:
    """One struct learned from the sample: per attribute, its JSON key and kind (a Python type,
    or None for any scalar); ``external`` the nested ``external_data`` struct's shape."""

    def __init__(self, name: str, items: list[dict[str, Any]], nested: bool) -> None:
        values: dict[str, list[Any]] = {}
        for item in items:
            for key, value in item.items():
                values.setdefault(key, []).append(value)
        self.keys: list[str] = list(values)
        self.kinds: list[type | None] = []
        self.external: _Shape | None = None
        spec: list[tuple[str, Any, Any]] = []
        for index, (key, seen) in enumerate(values.items()):
            attr = f"f{index}"
            objects = [v for v in seen if isinstance(v, dict)]
            if nested and key == EXTERNAL and objects:
                self.external = _Shape(name + "_external", objects, nested=False)
                spec.append((attr, self.external.struct | None | msgspec.UnsetType, _UNSET))
                self.kinds.append(dict)
                continue
            kinds = {type(v) for v in seen} - {type(None)}
            kind = kinds.pop() if len(kinds) == 1 else None
            if kind is not None and kind not in _KINDS:
                raise _Refused
            # Only a field the sample shows values of is known to be present where it is null.
            default = None if kind is not None or key in _BASE else _UNSET
            typed: Any = {float: float | int, None: _Scalar}.get(kind, kind)
            spec.append((attr, typed | None if default is None else typed | msgspec.UnsetType,
                         default))  # fmt: skip
            self.kinds.append(kind)
        self.struct: Any = msgspec.defstruct(
            name,
            spec,
            rename={f"f{i}": key for i, key in enumerate(self.keys)},
            forbid_unknown_fields=True,
            gc=False,
        )
        self.blank = self.struct()

    def all_keys(self) -> list[str]:
        """The keys of this struct and of its ``external_data``'s."""
        return self.keys + (self.external.all_keys() if self.external else [])


class _Refused(Exception):
    """What this decoder cannot vouch for (a nested value, a column mixing kinds...)."""


def decode_typed(
    data: bytes,
    sent: Sequence[str],
    chunk: int = ping_text.CHUNK_BYTES,
    sample: int = ping_text.SAMPLE_BYTES,
) -> ResultBatch | None:
    """The flat results of ``sent`` (ids, in order) from a job's output text as a polars
    frame, or None (see the module's docstring); ``chunk`` and ``sample``: sizes of text."""
    import polars as pl

    learned = _learn(data, sample)
    if learned is None:
        return None
    decoder, shapes = learned
    keys = {key.encode() for shape in shapes.values() for key in shape.all_keys()}
    job = _Job()
    try:
        for located in ping_text.chunks(data, decoder, keys | {c.encode() for c in shapes}, chunk):
            ids = list(located)
            if ids != list(sent[job.rows : job.rows + len(ids)]):
                return None  # other ids, or another order: the pyarrow decoder sorts them
            locations = list(located.values())
            out: dict[str, _Part] = {}
            for index, (code, shape) in enumerate(shapes.items()):
                _source(code, shape, list(map(operator.attrgetter(f"c{index}"), locations)), out)
            job.add(out, len(ids))
        if job.rows != len(sent):
            return None
        frame = job.frame()
    except (_Refused, TypeError, ValueError, OverflowError, pl.exceptions.PolarsError):
        return None  # an integer beyond 64 bits, a lone surrogate, a wrong guess at a cut...
    return ResultBatch(list(sent), frame=frame)


#: A chunk's column: its values, and whether the column is known to exist (see :class:`_Column`).
_Part = tuple["pl.Series", type | None, bool]


class _Job:
    """The columns of a job's chunks, joined into one frame at the end."""

    def __init__(self) -> None:
        self.rows = 0
        self.sizes: list[int] = []
        self.parts: dict[str, list[_Part | None]] = {}

    def add(self, out: dict[str, _Part], rows: int) -> None:
        for name, part in out.items():
            self.parts.setdefault(name, [None] * len(self.sizes)).append(part)
        self.sizes.append(rows)
        self.rows += rows
        for parts in self.parts.values():
            if len(parts) < len(self.sizes):
                parts.append(None)  # no location of the chunk has the field

    def frame(self) -> pl.DataFrame:
        import polars as pl

        columns = []
        for name, parts in self.parts.items():
            kinds = {p[1] for p in parts if p is not None and p[1] is not None}
            if len(kinds) > 1:
                raise _Refused  # a column of mixed kinds (the row path's lists hold them)
            if not kinds:
                if not any(p[2] for p in parts if p is not None):
                    raise _Refused  # the sample showed a value, in a location whose id comes again
                columns.append(pl.Series(name, [None] * self.rows, dtype=pl.Null))
                continue
            kind = kinds.pop()
            dtype = getattr(pl, DTYPE_NAMES[kind])
            chunks = [
                p[0] if p is not None and p[1] is kind else _nulls(name, size, dtype)
                for p, size in zip(parts, self.sizes, strict=True)
            ]
            columns.append(pl.concat(chunks).rechunk() if len(chunks) > 1 else chunks[0])
        return pl.DataFrame(columns)


def _nulls(name: str, count: int, kind: Any) -> pl.Series:
    import polars as pl

    return pl.Series(name, [None] * count, dtype=kind)


def _learn(data: bytes, size: int) -> tuple[msgspec.json.Decoder[Any], dict[str, _Shape]] | None:
    """The whole file's decoder and each source's shape, from the sampled locations."""
    sample = ping_text.sample(data, size)
    if not sample:
        return None
    by_code: dict[str, list[dict[str, Any]]] = {}
    for location in sample:
        if not isinstance(location, dict):
            return None
        for code, item in location.items():
            if isinstance(item, dict):
                by_code.setdefault(code, []).append(item)
            elif item is not None:  # the row path skips it; a typed field could not
                return None
    try:
        shapes = {
            code: _Shape(f"S{i}", items, True) for i, (code, items) in enumerate(by_code.items())
        }
    except (_Refused, ValueError):  # ValueError: a key msgspec cannot name (a control char...)
        return None
    spec = [
        (f"c{i}", shape.struct | None | msgspec.UnsetType, _UNSET)
        for i, shape in enumerate(shapes.values())
    ]
    rename = {f"c{i}": code for i, code in enumerate(shapes)}
    struct: Any = msgspec.defstruct(
        "Location", spec, rename=rename, forbid_unknown_fields=True, gc=False
    )
    return msgspec.json.Decoder(dict[str, struct]), shapes


def _source(code: str, shape: _Shape, items: list[Any], out: dict[str, _Part]) -> None:
    """The columns of source ``code`` (``items``: its structs, or None / UNSET where a location
    has none), in the row path's order, into ``out``."""
    struct = shape.struct
    kinds = set(map(type, items))
    if struct not in kinds:
        return  # no location has this source as an object: no column
    has = None
    if len(kinds) > 1:
        has = [type(item) is struct for item in items]
        blank = shape.blank
        items = [item if ok else blank for item, ok in zip(items, has, strict=True)]
    prefix = code + "."
    fields: dict[str, _Column] = {}
    external: dict[str, _Column] = {}
    marked = False  # an ``external_data`` null somewhere: a column of its own
    flags: list[Any] = [None] * len(items)
    for index, values in enumerate(_fields(items, len(shape.keys))):
        key, kind = shape.keys[index], shape.kinds[index]
        if kind is dict:
            assert shape.external is not None
            marked, external = _external(prefix, shape.external, values)
        elif key == "is_success":  # only whether it is ``true`` counts
            flags = values
        else:
            column = _column(prefix + key, values, kind, base=key in _BASE)
            if column is not None:
                fields[key] = column
    success: list[bool | None] = [v is True for v in flags]
    if has is not None:
        success = [v if ok else None for v, ok in zip(success, has, strict=True)]
    part = [_Column(prefix + "is_success", success, bool, True)]
    nothing = [None] * len(items)
    message = fields.pop("error_message", None) or _Column(
        prefix + "error_message", nothing, None, True
    )
    for key, column in [("error_message", message), *fields.items()]:
        extra = external.pop(key, None)
        part.append(column if extra is None else column.merged(extra))
    part.extend(external.values())
    if marked:
        part.append(_Column(prefix + EXTERNAL, nothing, None, True))
    for column in part:
        if column.name in out:
            raise _Refused  # two sources' columns of one name ("X.Y" + "z", "X" + "Y.z")
        out[column.name] = (*_series(column.name, column.values, column.kind), column.known)


def _fields(items: list[Any], width: int) -> list[list[Any]]:
    """The structs' fields, one list each."""
    flat = list(itertools.chain.from_iterable(map(msgspec.structs.astuple, items)))
    return [flat[index::width] for index in range(width)]


def _external(prefix: str, shape: _Shape, values: list[Any]) -> tuple[bool, dict[str, _Column]]:
    """Whether some ``external_data`` is null, and the columns of its fields by key."""
    kinds = set(map(type, values))
    struct = shape.struct
    columns: dict[str, _Column] = {}
    if struct in kinds:
        items = values
        if len(kinds) > 1:
            blank = shape.blank
            items = [item if type(item) is struct else blank for item in values]
        for index, field in enumerate(_fields(items, len(shape.keys))):
            key = shape.keys[index]
            if key == EXTERNAL:
                raise _Refused  # the row path would give it the source's external_data column
            if key == "is_success":
                continue  # the item's own flag decides
            column = _column(prefix + key, field, shape.kinds[index])
            if column is not None:
                columns[key] = column
    return type(None) in kinds, columns


class _Column:
    """One flat column's values (None where a location has none), their kind (None when every
    one is null) and whether the column is known to exist where every value is null (a field
    the sample shows a value of is not: see the module's docstring)."""

    def __init__(self, name: str, values: list[Any], kind: type | None, known: bool) -> None:
        self.name = name
        self.values = values
        self.kind = kind
        self.known = known

    def merged(self, external: _Column) -> _Column:
        """These values, the nulls filled from ``external``'s (refused when the two hold values
        of different kinds: the row path's column would mix them)."""
        known = self.known or external.known
        if external.kind is None:
            return _Column(self.name, self.values, self.kind, known)
        if self.kind is None:
            return _Column(self.name, external.values, external.kind, known)
        if self.kind is not external.kind:
            raise _Refused
        pairs = zip(self.values, external.values, strict=True)
        return _Column(self.name, [x if v is None else v for v, x in pairs], self.kind, known)


def _column(name: str, values: list[Any], kind: type | None, base: bool = False) -> _Column | None:
    """One field's values and kind, checked; None when no location has the field."""
    if kind is None:  # any scalar: UNSET where a location lacks the field (but for the base ones)
        if values.count(None) == len(values):
            return _Column(name, values, None, True)
        kinds = set(map(type, values))
        if msgspec.UnsetType in kinds:
            if len(kinds) == 1:
                return None
            values = [None if v is _UNSET else v for v in values]
        kinds -= {type(None), msgspec.UnsetType}
        if len(kinds) > 1:
            raise _Refused  # a column of mixed kinds (the row path's lists hold them)
        return _Column(name, values, kinds.pop() if kinds else None, True)
    if kind is float and int in set(map(type, values)):
        raise _Refused  # an integer in a float column: the row path keeps an int
    return _Column(name, values, kind, base)


def _series(name: str, values: list[Any], kind: type | None) -> tuple[pl.Series, type | None]:
    """``values`` of ``kind`` as a Series, and their kind: a Null one, and None, when every
    value is null."""
    import polars as pl

    if kind is not None:
        make = _makers().get(kind) if FAST_SERIES else None
        if make is not None:  # strict: a value of another kind (an int beyond 64 bits) raises
            series = pl.Series._from_pyseries(make(name, values, True))
        else:
            series = pl.Series(name, values, dtype=getattr(pl, DTYPE_NAMES[kind]), strict=True)
        if series.null_count() < len(series):
            return series, kind
    return pl.Series(name, [None] * len(values), dtype=pl.Null), None


#: Whether Series are made by polars' own constructor of each kind (see :func:`_makers`).
FAST_SERIES = True


@cache
def _makers() -> dict[type, Callable[[str, list[Any], bool], Any]]:
    """polars' constructor of a Series of each kind from a list, which ``pl.Series`` calls after
    checks of the values (their kind, known here) that cost more than a chunk's conversion;
    none where this polars has them elsewhere."""
    import polars as pl

    try:
        from polars.datatypes.constructor import polars_type_to_constructor

        return {k: polars_type_to_constructor(getattr(pl, n)) for k, n in DTYPE_NAMES.items()}
    except (ImportError, AttributeError, ValueError):  # pragma: no cover - another polars
        return {}
