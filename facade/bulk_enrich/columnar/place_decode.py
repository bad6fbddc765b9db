"""A ``GET /jobs`` page of Place results decoded straight into columns (a :class:`ResultBatch`).

The page is decoded by msgspec into Struct types learned from its items: each output, attribute
status and confidence score key gets the types its values were seen with (text, a list of
text, an integer of 64 bits, a float, a bool; an output of another kind, and ``address`` and
``coordinates``, kept as JSON text and read per value as the row path reads it). A value of
another type, or a key not seen before, fails the decoding and is learned from
(:data:`MAX_RELEARN` times a page); each column is then a polars Series
(:mod:`bulk_enrich.columnar.place_columns`). The values are exactly those of the row path
(``PlaceResult.to_row()`` without ``place_id``, see :mod:`bulk_enrich.results`). Anything the
typed decoding does not keep exactly (a column name the row path would overwrite, a number
beyond 64 bits, a status that is not text) gives ``None``: the caller then takes the row path.
Needs the ``fast`` extra (:func:`bulk_enrich.batches.fast_available`).
"""

from __future__ import annotations

import re
import threading
import typing
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

import msgspec

from bulk_enrich.batches import ResultBatch
from bulk_enrich.columnar.place_columns import Ambiguous, columns, concat
from bulk_enrich.engine.paging import Page

__all__ = ["DecodedPage", "PlaceDecoder", "concat", "decode_page", "decoded_page", "raw_page"]

UNSET = msgspec.UNSET
#: Numbers the row path's parser (orjson) reads the same way: 64-bit signed integers (it reads
#: larger ones as floats from 2**64) and finite floats.
_Int = Annotated[int, msgspec.Meta(ge=-(2**63), le=2**63 - 1)]
_Float = Annotated[float, msgspec.Meta(ge=-1.7976931348623157e308, le=1.7976931348623157e308)]
#: A learned kind -> the type decoding it (a float field takes integers as integers: msgspec
#: would make them floats). ``list`` is a list of text.
_TYPES: dict[type, Any] = {str: str, list: list[str], int: _Int, float: _Int | _Float, bool: bool}
#: Outputs the row path rewrites (``address``, ``coordinates``): per value.
_PER_VALUE = frozenset(("address", "coordinates"))
_RESERVED = frozenset(("place_id", "status", "error_message"))
_PREFIXES = ("attribute_status.", "confidence.")
_AT_ITEM = re.compile(r"\$\.jobs\[(\d+)\]")
#: Kinds learned per key: the types its values had (empty: only nulls), or None: per value.
Kinds = frozenset[type] | None

#: Times a page is decoded again after learning from an item that did not fit.
MAX_RELEARN = 8


class _RawPage(msgspec.Struct, gc=False):
    jobs: list[msgspec.Raw] = []
    total: Any = None


_RAW_PAGE = msgspec.json.Decoder(_RawPage)


def raw_page(body: bytes) -> tuple[list[Any], int | None]:
    """``(jobs, total)`` of a ``GET /jobs`` answer, each job as its JSON text (checked, not
    parsed); a page of another shape as :func:`~bulk_enrich.places.operations.page_jobs`
    reads it. Raises ``ValueError`` for a body that is not JSON."""
    try:
        page = _RAW_PAGE.decode(body)
    except msgspec.ValidationError:  # JSON, of another shape: read as the row path reads it
        from bulk_enrich.engine.jsonstream import loads
        from bulk_enrich.places.operations import page_jobs

        return page_jobs(loads(body))
    total = page.total
    return page.jobs, total if isinstance(total, int) else None


@dataclass(frozen=True)
class DecodedPage(Page):
    """A page decoded into columns: ``items`` are its place ids (what pagination counts),
    ``batch`` its results."""

    batch: ResultBatch = field(default_factory=lambda: ResultBatch([]))


def decoded_page(body: bytes, decoder: PlaceDecoder) -> Page:
    """A ``GET /jobs`` answer decoded once into its batch by ``decoder`` when it can be (a
    :class:`DecodedPage`), else its jobs as :func:`raw_page` reads them. Raises
    ``ValueError`` for a body that is not JSON."""
    found = decoder.decode_page(body)
    if found is None:
        return Page(*raw_page(body))
    batch, total = found
    return DecodedPage(batch.ids, total if isinstance(total, int) else None, batch=batch)


def _kind(value: Any, nested: bool) -> Kinds | Literal[False]:
    """The kinds of one value (None: per value); False when it cannot be decoded into a column
    (``nested``: an output, whose other values are kept per value)."""
    if value is None:
        return frozenset()
    kind = type(value)
    if kind in _TYPES and kind is not list:
        return frozenset((kind,))
    if not nested:
        return False
    if kind is list and all(type(v) is str for v in value):
        return frozenset((list,))
    return None


class Part:
    """What is learned of one part of the jobs (``outputs``, ``attribute_status``,
    ``confidence_scores``): its keys' kinds, in the order seen, and the keys whose absence
    must be told from a null (decoded as ``UNSET`` when absent; the others as None, which
    costs no pass over their values)."""

    def __init__(self, name: str, prefix: str, nested: bool) -> None:
        self.name = name
        self.prefix = prefix
        self.nested = nested  # outputs: a list of text, or any value read per value
        self.kinds: dict[str, Kinds] = {}
        self.sparse: set[str] = set()

    def learn(self, values: dict[str, Any]) -> bool:
        """Extend the kinds with one item's part; False for a value it cannot keep."""
        for key, value in values.items():
            kinds = None if self.nested and key in _PER_VALUE else _kind(value, self.nested)
            if kinds is False:
                return False  # a list or an object where the row path keeps it whole
            known = self.kinds.get(key, frozenset())
            self.kinds[key] = None if kinds is None or known is None else known | kinds
        return True

    def struct(self) -> type[msgspec.Struct]:
        """A Struct of the keys (fields ``f0``, ``f1``... renamed: a key need not be an
        identifier); an unknown key is an error (it is learned from)."""
        spec: list[tuple[str, Any, Any]] = []
        for index, (key, kinds) in enumerate(self.kinds.items()):
            if kinds is None:  # a null is ``Raw(b"null")``: None is absent
                spec.append((f"f{index}", msgspec.Raw, None))
            elif key in self.sparse:
                spec.append((f"f{index}", _typed(kinds) | msgspec.UnsetType, UNSET))
            else:
                spec.append((f"f{index}", _typed(kinds), None))
        rename = {f"f{index}": key for index, key in enumerate(self.kinds)}
        return msgspec.defstruct(
            self.name, spec, rename=rename, forbid_unknown_fields=True, gc=False
        )


def _typed(kinds: frozenset[type]) -> Any:
    members = [_TYPES[k] for k in (str, list, int, float, bool) if k in kinds]
    return typing.Union[(*members, None)]  # a union made at run time


def _struct(name: str, fields: list[tuple[str, Any]]) -> type[msgspec.Struct]:
    """A Struct of optional ``fields`` (absent is None; ``place_id`` required; JSON text as
    ``Raw``, a null too); fields it lacks are skipped; not tracked by the garbage collector
    (it holds no cycle)."""
    spec = [
        (k, t) if k == "place_id" else (k, t if t is msgspec.Raw else t | None, None)
        for k, t in fields
    ]
    return msgspec.defstruct(name, spec, gc=False)


class PlaceDecoder:
    """Decodes pages into batches with Struct types learned from the items seen so far."""

    def __init__(self) -> None:
        self.outputs = Part("Outputs", "", nested=True)
        self.statuses = Part("Statuses", "attribute_status.", nested=False)
        self.scores = Part("Scores", "confidence.", nested=False)
        self._decoder: msgspec.json.Decoder[Any] | None = None
        self._lock = threading.Lock()  # pages may be decoded by the drivers' worker threads

    @property
    def parts(self) -> tuple[Part, Part, Part]:
        return self.outputs, self.statuses, self.scores

    def learn(self, item: Any) -> bool:
        """Extend the types with one decoded item; False if it has what is not handled."""
        if not isinstance(item, dict):
            return False
        outputs, meta = item.get("outputs"), item.get("job_metadata")
        if not isinstance(outputs, dict | None) or not isinstance(meta, dict | None):
            return False
        statuses = meta.get("attribute_status") if meta else None
        scores = item.get("confidence_scores")
        if not isinstance(statuses, dict | None) or not isinstance(scores, dict | None):
            return False
        for key in outputs or ():
            if key in _RESERVED or key.startswith(_PREFIXES):
                return False  # the row path would overwrite or drop it
        self._decoder = None
        found = (outputs, statuses, scores)
        return all(p.learn(v or {}) for p, v in zip(self.parts, found, strict=True))

    def _learned(self) -> tuple[Any, ...]:
        return tuple((dict(p.kinds), set(p.sparse)) for p in self.parts)

    def _page_decoder(self) -> msgspec.json.Decoder[Any]:
        if self._decoder is None:
            outputs, statuses, scores = (p.struct() for p in self.parts)
            meta = _struct("Meta", [("attribute_status", statuses)])
            # The job's fields the row path reads (``PlaceResult.to_row``); others are skipped.
            job = _struct(
                "Job",
                [("place_id", str), ("status", str), ("error_message", msgspec.Raw),
                 ("reasoning", msgspec.Raw), ("outputs", outputs), ("job_metadata", meta),
                 ("confidence_scores", scores)],
            )  # fmt: skip
            page = msgspec.defstruct(
                "Jobs",
                [("jobs", list[job]), ("total", Any, None)],  # type: ignore[valid-type]
                gc=False,
            )
            self._decoder = msgspec.json.Decoder(page)
        return self._decoder

    def decode(self, raw: bytes) -> ResultBatch | None:
        """The batch of one page (``{"jobs": [...], ...}``), or None to take the row path."""
        found = self.decode_page(raw)
        return None if found is None else found[0]

    def decode_page(self, raw: bytes) -> tuple[ResultBatch, Any] | None:
        """The batch of one page and the page's ``total`` as sent, or None (row path)."""
        with self._lock:
            try:
                if self._decoder is None and not any(p.kinds for p in self.parts):
                    items = _RAW_PAGE.decode(raw).jobs
                    if items and not self.learn(msgspec.json.decode(items[0])):
                        return None
                for _ in range(MAX_RELEARN + 2):  # and once more with keys told apart
                    try:
                        page = self._page_decoder().decode(raw)
                    except msgspec.ValidationError as exc:
                        if not self._relearn(raw, str(exc)):
                            return None
                        continue
                    try:
                        batch = columns(self.parts, page.jobs, raw)
                    except Ambiguous as exc:  # absent or null? Told apart from now on
                        for part, key in exc.keys:
                            part.sparse.add(key)
                        self._decoder = None
                        continue
                    return None if batch is None else (batch, page.total)
            except (msgspec.DecodeError, ValueError, TypeError):
                return None
            return None

    def _relearn(self, raw: bytes, message: str) -> bool:
        """Learn from the item an error names (a field or a key not seen before)."""
        found = _AT_ITEM.search(message)
        if found is None or not ("unknown field" in message or "Expected" in message):
            return False
        item = msgspec.json.decode(_RAW_PAGE.decode(raw).jobs[int(found[1])])
        before = self._learned()
        # Nothing new learned: a type it cannot keep exactly.
        return self.learn(item) and before != self._learned()


def decode_page(raw: bytes, decoder: PlaceDecoder | None = None) -> ResultBatch | None:
    """One page's batch (types learned anew unless a ``decoder`` is given), or None."""
    return (decoder or PlaceDecoder()).decode(raw)
