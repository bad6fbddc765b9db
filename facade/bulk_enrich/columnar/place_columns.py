"""Place jobs decoded by :mod:`bulk_enrich.columnar.place_decode` made into the row path's flat
columns: each a polars Series when its values are of one type (text, a 64-bit integer, a float,
a bool), else the list of its values as the row path has them.

A column is taken a field at a time over the page's decoded Structs (``attrgetter``: no
per-row Python code) and made a Series in one call; only a column that needs it is rewritten
value by value (an absent value, a list of text to join, an output read per value).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import TYPE_CHECKING, Any

import msgspec

from bulk_enrich.batches import ResultBatch
from bulk_enrich.columnar import DTYPE_NAMES
from bulk_enrich.engine.jsonstream import loads
from bulk_enrich.flatten import cell, output_value
from bulk_enrich.results import PlaceResult

if TYPE_CHECKING:
    import polars as pl

    from bulk_enrich.columnar.place_decode import Part

UNSET = msgspec.UNSET
_NONE = type(None)
#: Learned kinds whose values are text (or a list of text, joined) or null.
_TEXT: tuple[frozenset[type], ...] = (frozenset(), frozenset((str,)))
_JOINED: tuple[frozenset[type], ...] = (frozenset((list,)), frozenset((str, list)))
_ID, _STATUS, _MESSAGE = attrgetter("place_id"), attrgetter("status"), attrgetter("error_message")
_PARTS = (attrgetter("outputs"), attrgetter("job_metadata"), attrgetter("confidence_scores"))
_STATUSES = attrgetter("attribute_status")


class Ambiguous(Exception):
    """Keys whose values are all null or absent, absence not told from null (the decoder
    then tells them apart for these keys, and decodes the page again)."""

    def __init__(self, keys: list[tuple[Part, str]]) -> None:
        super().__init__(", ".join(key for _, key in keys))
        self.keys = keys


def columns(parts: Sequence[Part], jobs: list[Any], raw: bytes) -> ResultBatch | None:
    """The batch of a page's decoded ``jobs`` (``raw``: the page; ``parts``: what the decoder
    learned of outputs, attribute statuses and scores, in its Structs' order), or None (row
    path)."""
    count = len(jobs)
    if not count:
        return ResultBatch([], {})
    ids = list(map(_ID, jobs))
    states = list(map(_STATUS, jobs))
    done = states.count("completed") == count
    if not done and (None in states or "" in states):  # as ``PlaceResult.status``
        states = [state or "unknown" for state in states]
    out: dict[str, Any] = {"status": _text("status", states)}
    out["error_message"] = _errors(jobs, states, raw, done)
    structs = [_values(get, jobs) for get in _PARTS]
    structs[1] = _values(_STATUSES, structs[1])
    ambiguous: list[tuple[Part, str]] = []
    for part, found in zip(parts, structs, strict=True):
        ambiguous.extend((part, key) for key in _part(out, part, found))
    if ambiguous:
        raise Ambiguous(ambiguous)
    return _batch(ids, out)


def _values(get: Callable[[Any], Any], items: list[Any], absent: Any = None) -> list[Any]:
    """``get`` of each item (``absent`` for an item that is None)."""
    try:
        return list(map(get, items))
    except AttributeError:  # a null part
        return [absent if item is None else get(item) for item in items]


def _part(out: dict[str, Any], part: Part, structs: list[Any]) -> list[str]:
    """The columns of one part (outputs, attribute statuses, scores): a key absent from every
    job has none, as in the row path; returns the keys all null or absent, not told apart."""
    count = len(structs)
    ambiguous = []
    for index, (key, kinds) in enumerate(part.kinds.items()):
        name = part.prefix + key
        sparse = key in part.sparse
        values = _values(attrgetter(f"f{index}"), structs, UNSET if sparse else None)
        if kinds is None:  # kept as JSON text (a null too): read as the row path reads it
            if values.count(None) < count:
                out[name] = _typed(name, [None if v is None else _cell(key, v) for v in values])
            continue
        if sparse and UNSET in values:  # absent is UNSET
            if values.count(UNSET) == count:
                continue
            values = [None if v is UNSET else v for v in values]
        column = _column(name, values, kinds)
        if not sparse and _all_null(column, count):
            ambiguous.append(key)
        out[name] = column
    return ambiguous


def _cell(key: str, raw: msgspec.Raw) -> Any:
    """An output kept as JSON text, as the row path reads and writes it."""
    return cell(output_value(key, loads(bytes(raw))))


def _all_null(column: Any, count: int) -> bool:
    if isinstance(column, list):
        return column.count(None) == count
    return bool(column.null_count() == count)


def _column(name: str, values: list[Any], kinds: frozenset[type]) -> Any:
    """One column as the row path has it (lists of text joined)."""
    if list in kinds:
        values = ["; ".join(v) if type(v) is list else v for v in values]
    if kinds in _TEXT or kinds in _JOINED:
        return _text(name, values)
    return _typed(name, values)


def _text(name: str, values: Sequence[str | None]) -> pl.Series:
    import polars as pl

    return pl.Series(name, values, dtype=pl.String)


def _typed(name: str, values: list[Any]) -> Any:
    """A Series when the values are of one type (a 64-bit integer, a float, a bool, text),
    else the list."""
    import polars as pl

    kinds = set(map(type, values))
    kinds.discard(_NONE)
    name_of = DTYPE_NAMES.get(kinds.pop()) if len(kinds) == 1 else None if kinds else "String"
    dtype = getattr(pl, name_of) if name_of is not None else None
    if dtype is None:
        return values
    try:
        return pl.Series(name, values, dtype=dtype, strict=True)
    except (TypeError, ValueError, OverflowError):  # an integer beyond 64 bits
        return values


def _errors(jobs: list[Any], states: list[str], raw: bytes, done: bool) -> Any:
    """``PlaceResult.error_message`` of each job (worked out only for those that did not
    complete (``done``: all did) or carry a message)."""
    messages = list(map(_MESSAGE, jobs))
    if done and messages.count(None) == len(jobs):  # (a null is ``Raw(b"null")``)
        return _text("error_message", [None] * len(jobs))
    texts: list[msgspec.Raw] = []

    def text(index: int) -> Any:  # the job as the row path parses it
        if not texts:
            from bulk_enrich.columnar.place_decode import raw_page

            texts.extend(raw_page(raw)[0])
        return loads(bytes(texts[index]))

    errors = [
        None if message is None and state == "completed" else _error(job, state, index, text)
        for index, (job, message, state) in enumerate(zip(jobs, messages, states, strict=True))
    ]
    return _typed("error_message", errors)


def _error(job: Any, state: str, index: int, text: Callable[[int], Any]) -> str | None:
    """One job's error message, by ``PlaceResult`` from the parts it reads."""
    statuses = getattr(job.job_metadata, "attribute_status", None)
    found = msgspec.to_builtins(statuses) if statuses else None
    if isinstance(found, dict) and list(found.values()).count("ERROR") > 1:
        return PlaceResult(job.place_id, text(index)).error_message  # named in the page's order
    parts = {
        "status": state,
        "error_message": _value(job.error_message),
        "reasoning": _value(job.reasoning),
        "job_metadata": {"attribute_status": found},
    }
    return PlaceResult(job.place_id, parts).error_message


def _value(raw: Any) -> Any:
    return None if raw is None else loads(bytes(raw))


def _batch(ids: list[str], out: dict[str, Any]) -> ResultBatch:
    """A batch of a frame when every column is a Series, else of lists."""
    import polars as pl

    if all(isinstance(v, pl.Series) for v in out.values()):
        frame = pl.DataFrame(list(out.values()))
        frame.columns = list(out)  # a Series named "" is renamed by the frame
        return ResultBatch(ids, frame=frame, exact=True)
    lists = {k: v.to_list() if isinstance(v, pl.Series) else v for k, v in out.items()}
    return ResultBatch(ids, lists, exact=True)  # values as decoded from JSON: no subclass


def concat(batches: Sequence[ResultBatch]) -> ResultBatch:
    """The batches one after the other (a column one lacks is ``None`` there): their frames
    joined when each column has one type (or only nulls) in all, else lists."""
    batches = [b for b in batches if len(b)] or batches[:1]
    if len(batches) == 1:
        return batches[0]
    ids = [row_id for batch in batches for row_id in batch.ids]
    names: dict[str, None] = {}
    for batch in batches:
        names.update(dict.fromkeys(batch.names()))
    frame = _frames(batches, list(names))
    exact = all(b.exact for b in batches)
    if frame is not None:
        return ResultBatch(ids, frame=frame, exact=exact)
    columns = {
        name: [v for b in batches for v in b.columns.get(name) or [None] * len(b)] for name in names
    }
    return ResultBatch(ids, columns, exact=exact)


def _frames(batches: Sequence[ResultBatch], names: list[str]) -> pl.DataFrame | None:
    """The batches' frames joined, or None when one has lists or a column changes type."""
    import polars as pl

    frames = [b.frame for b in batches]
    if any(f is None for f in frames):
        return None
    joined = []
    for name in names:
        parts = [f.get_column(name) if name in f.columns else None for f in frames if f is not None]
        dtypes = {p.dtype for p in parts if p is not None and p.null_count() < len(p)}
        if len(dtypes) > 1:
            return None
        dtype = dtypes.pop() if dtypes else pl.String
        joined.append(
            pl.concat(
                [
                    pl.repeat(None, len(b), dtype=dtype, eager=True).alias(name)
                    if p is None
                    else p.cast(dtype)
                    for p, b in zip(parts, batches, strict=True)
                ],
                rechunk=False,
            )
        )
    frame = pl.DataFrame(joined)
    frame.columns = names
    return frame
