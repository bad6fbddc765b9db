"""A Ping.Data output file decoded into a :class:`~bulk_enrich.batches.ResultBatch`.

The output is ``{location_id: {SOURCE: {field: value, ..., "external_data": {...}}}}``. The
decoder learns one typed structure from the file's first :data:`SAMPLE` locations (msgspec,
unknown fields forbidden, scalar values only), decodes the whole file into it and transposes
the fields into flat columns, giving exactly what :func:`bulk_enrich.flatten.flatten` gives row
by row: a source's ``is_success`` as a bool, ``error_message`` always present,
``external_data`` merged into the empty fields, a field absent from a location absent from its
row. Anything else (a nested value, a field the sampled locations lack, a number the JSON
parser of the row path reads differently, a file too large to hold, ids that do not match the
job's) returns None.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, TypeVar

import msgspec

from bulk_enrich.batches import ResultBatch

#: Files up to this size are decoded whole (the row path streams larger ones).
MAX_FILE_BYTES = 64 << 20
EXTERNAL = "external_data"
_UNSET = msgspec.UNSET
T = TypeVar("T")
# Numbers the row path's parser reads the same way: 64-bit signed integers (orjson reads larger
# ones as floats, from 2**64) and finite floats.
_Int = Annotated[int, msgspec.Meta(ge=-(2**63), le=2**63 - 1)]
_Float = Annotated[float, msgspec.Meta(ge=-1.7976931348623157e308, le=1.7976931348623157e308)]
_Scalar = str | _Int | _Float | bool | None


#: Locations whose fields make the decoder's structure.
SAMPLE = 64


def _fields(items: list[dict[str, Any]], nested: bool) -> dict[str, Any] | None:
    """Each key of ``items`` -> its type: a scalar, or (``external_data``, when ``nested``) the
    union of its objects' fields; None for any other nested value."""
    fields: dict[str, Any] = {}
    externals: list[dict[str, Any]] = []
    for item in items:
        for key, value in item.items():
            if nested and key == EXTERNAL and isinstance(value, dict):
                externals.append(value)
                fields.setdefault(key, None)
            elif isinstance(value, dict | list):
                return None
            else:
                fields.setdefault(key, _Scalar)
    if externals:
        inner = _fields(externals, nested=False)
        if inner is None:
            return None
        fields[EXTERNAL] = _struct("External", inner) | None | msgspec.UnsetType
    elif EXTERNAL in fields and fields[EXTERNAL] is None:
        fields[EXTERNAL] = _Scalar
    return fields


def _struct(name: str, fields: dict[str, Any]) -> type[msgspec.Struct]:
    # A field a location lacks reads as None, as the row path's ``item.get`` does; every field
    # is in some location of the file (the sample comes from it), so its column exists. Only
    # ``external_data`` tells absent (UNSET) from null (a column of its own).
    spec = [(key, kind, _UNSET if key == EXTERNAL else None) for key, kind in fields.items()]
    return msgspec.defstruct(name, spec, forbid_unknown_fields=True, gc=False)


def _decoder(sample: list[Any]) -> msgspec.json.Decoder[Any] | None:
    """A decoder of the whole file, with the fields of the sample's sources."""
    by_code: dict[str, list[dict[str, Any]]] = {}
    for location in sample:
        if not isinstance(location, dict):
            return None
        for code, item in location.items():
            if not isinstance(item, dict):
                return None
            by_code.setdefault(code, []).append(item)
    sources: list[tuple[str, Any, Any]] = []
    for index, (code, items) in enumerate(by_code.items()):
        fields = _fields(items, nested=True)
        if fields is None:
            return None
        sources.append((code, _struct(f"Source{index}", fields) | msgspec.UnsetType, _UNSET))
    shape: Any = msgspec.defstruct("Location", sources, forbid_unknown_fields=True, gc=False)
    return msgspec.json.Decoder(dict[str, shape])


#: A file's locations as their JSON text, by id.
RAW_LOCATIONS = msgspec.json.Decoder(dict[str, msgspec.Raw])


def _sample(data: bytes) -> list[Any]:
    """The first :data:`SAMPLE` locations of the file, decoded generically."""
    raw = RAW_LOCATIONS.decode(data)
    return [msgspec.json.decode(value) for value in itertools.islice(raw.values(), SAMPLE)]


def _source_columns(code: str, items: list[Any], columns: dict[str, list[Any]]) -> bool:
    """The flat columns of one source over the batch's locations (``items``: a decoded
    structure, or UNSET / None for a location without this source)."""
    kinds = set(map(type, items))
    structs = [k for k in kinds if issubclass(k, msgspec.Struct)]
    if not structs:
        return True
    kind = structs[0]
    whole = len(kinds) == 1
    prefix = code + "."
    has = [type(item) is kind for item in items] if not whole else None

    def field(name: str, missing: Any = None) -> list[Any]:
        getter = operator.attrgetter(name)
        if whole:
            return list(map(getter, items))
        return [getter(item) if ok else missing for item, ok in zip(items, has or (), strict=True)]

    names: list[str] = list(kind.__struct_fields__)
    columns[prefix + "is_success"] = []  # placed first, filled below
    columns[prefix + "error_message"] = (
        field("error_message") if "error_message" in names else [None] * len(items)
    )
    for name in names:
        if name not in ("is_success", "error_message", EXTERNAL):
            columns[prefix + name] = field(name)
    if EXTERNAL in names and not _merge_external(prefix, field(EXTERNAL, _UNSET), columns):
        return False
    success = field("is_success") if "is_success" in names else [None] * len(items)
    if whole:
        columns[prefix + "is_success"] = [v is True for v in success]
    else:
        columns[prefix + "is_success"] = [
            (v is True) if ok else None for v, ok in zip(success, has or (), strict=True)
        ]
    return True


def _merge_external(prefix: str, externals: list[Any], columns: dict[str, list[Any]]) -> bool:
    """``external_data``'s fields fill the source's empty ones; a null one is its own column.
    False for a value that is neither an object nor null."""
    present = set(map(type, externals))
    kinds = present - {msgspec.UnsetType}
    if type(None) in kinds:
        columns[prefix + EXTERNAL] = [None] * len(externals)
        kinds.discard(type(None))
    if not kinds:
        return True
    kind = next(iter(kinds))
    if len(kinds) > 1 or not issubclass(kind, msgspec.Struct):
        return False
    every = present == {kind}
    for name in kind.__struct_fields__:
        if name == "is_success":  # the item's own flag decides, whatever the merge
            continue
        getter = operator.attrgetter(name)
        if every:
            ext = list(map(getter, externals))
        else:
            ext = [getter(e) if type(e) is kind else None for e in externals]
        column = prefix + name
        base = columns.get(column)
        if base is None or base.count(None) == len(base):
            columns[column] = ext
        else:
            columns[column] = [x if b is None else b for b, x in zip(base, ext, strict=True)]
    return True


def read_output(paths: Sequence[Path]) -> bytes | None:
    """A job's output file, when there is one and it is small enough to decode whole."""
    if len(paths) != 1:
        return None
    try:
        if paths[0].stat().st_size > MAX_FILE_BYTES:
            return None
        return paths[0].read_bytes()
    except OSError:
        return None


def in_order(located: dict[str, T], sent: Sequence[str]) -> list[T] | None:
    """The values of ``located`` (by location id) in the order of ``sent``, or None when the
    ids are not exactly those sent."""
    if len(located) != len(sent):
        return None
    if list(located) == sent:  # the usual order
        return list(located.values())
    try:
        return list(map(located.__getitem__, sent))
    except KeyError:
        return None


def decode_output(paths: Sequence[Path], sent: Sequence[str]) -> ResultBatch | None:
    """The flat results of ``sent`` (ids, in order) from a job's output, or None to take
    the row path (see the module's docstring)."""
    data = read_output(paths) if sent else None
    if data is None:
        return None
    try:
        decoder = _decoder(_sample(data))
        if decoder is None:
            return None
        decoded: dict[str, Any] = decoder.decode(data)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None
    locations = in_order(decoded, sent)
    if locations is None:
        return None
    columns: dict[str, list[Any]] = {}
    codes = type(locations[0]).__struct_fields__
    for code in codes:
        if not _source_columns(code, list(map(operator.attrgetter(code), locations)), columns):
            return None
    return ResultBatch(list(sent), columns)
