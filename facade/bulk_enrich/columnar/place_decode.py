"""A ``GET /jobs`` page of Place results decoded straight into columns (a :class:`ResultBatch`).

The page is decoded by msgspec into Struct types learned from its items (unknown fields
forbidden); each column is then made a list at a time. The values are exactly those of the
row path (``PlaceResult.to_row()`` without ``place_id``, see :mod:`bulk_enrich.results`).
Anything the typed decoding does not keep exactly (an unexpected field or type, a column name
the row path would overwrite, a number beyond 64 bits) gives ``None``: the caller then takes
the row path. Needs the ``fast`` extra (:func:`bulk_enrich.batches.fast_available`).
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Sequence
from typing import Annotated, Any

import attrs
import msgspec

from bulk_enrich.batches import ResultBatch
from bulk_enrich.flatten import cell, output_value
from bulk_enrich.results import PlaceResult

UNSET = msgspec.UNSET
#: An integer orjson (the row path's parser) reads as one (it reads 64 bits at most; msgspec
#: checks 64 signed bits, a larger one takes the row path).
_Int = Annotated[int, msgspec.Meta(ge=-(2**63), le=2**63 - 1)]
_Scalar = str | _Int | float | bool | None
#: An output value kept as is or, for a list of strings, joined.
_Plain = _Scalar | list[str]
#: Outputs the row path rewrites (``address``, ``coordinates``) or that are nested: per value.
_PER_VALUE = frozenset(("address", "coordinates"))
_RESERVED = frozenset(("place_id", "status", "error_message"))
_PREFIXES = ("attribute_status.", "confidence.")
_AT_ITEM = re.compile(r"\$\.jobs\[(\d+)\]")
#: The job fields the row path reads (``PlaceResult.to_row``; ``error_message`` is not in the
#: spec). All but ``reasoning`` are decoded into columns; every other field is kept as raw JSON.
_READ = frozenset(("place_id", "status", "error_message", "outputs", "job_metadata",
                   "confidence_scores", "reasoning"))  # fmt: skip


@functools.cache
def job_fields() -> tuple[frozenset[str], frozenset[str]]:
    """The fields a job and its ``job_metadata`` may have: those the spec declares (read from
    the generated ``PlaceJobResult`` and ``JobMetadata``) and those the row path reads. An
    item with any other field takes the row path."""
    from place_enrichment_api.models.job_metadata import JobMetadata
    from place_enrichment_api.models.place_job_result import PlaceJobResult

    def names(model: type) -> frozenset[str]:
        return frozenset(f.name for f in attrs.fields(model) if f.init)

    return names(PlaceJobResult) | _READ, names(JobMetadata) | {"attribute_status"}


#: Times a page is decoded again after learning from an item that did not fit.
MAX_RELEARN = 8


class _Page(msgspec.Struct):
    jobs: list[msgspec.Raw]


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


class DecodedJobs(list[str]):
    """A page's place ids (what its pagination counts), the page decoded into ``batch``."""

    batch: ResultBatch


def decoded_page(body: bytes, decoder: PlaceDecoder) -> tuple[list[Any], int | None]:
    """``(jobs, total)`` of a ``GET /jobs`` answer, decoded once into its batch by ``decoder``
    when it can be (``jobs`` is then a :class:`DecodedJobs`), else as :func:`raw_page` reads
    it. Raises ``ValueError`` for a body that is not JSON."""
    found = decoder.decode_page(body)
    if found is None:
        return raw_page(body)
    batch, total = found
    jobs = DecodedJobs(batch.ids)
    jobs.batch = batch
    return jobs, total if isinstance(total, int) else None


def _struct(name: str, fields: Sequence[tuple[str, Any]]) -> type[msgspec.Struct]:
    """A Struct of optional ``fields`` (absent is ``UNSET``); unknown fields are an error; not
    tracked by the garbage collector (it holds no cycle)."""
    spec = [(key, kind | msgspec.UnsetType, UNSET) for key, kind in fields]
    return msgspec.defstruct(name, spec, forbid_unknown_fields=True, gc=False)


class PlaceDecoder:
    """Decodes pages into batches with Struct types learned from the items seen so far."""

    def __init__(self) -> None:
        self.outputs: dict[str, bool] = {}  # key -> decoded as Any (per value)
        self.statuses: dict[str, None] = {}
        self.scores: dict[str, None] = {}
        self._decoder: msgspec.json.Decoder[Any] | None = None
        self._lock = threading.Lock()  # pages may be decoded by the drivers' worker threads

    def learn(self, item: Any) -> bool:
        """Extend the types with one decoded item; False if it has what is not handled."""
        fields, meta_fields = job_fields()
        if not isinstance(item, dict) or not fields.issuperset(item):
            return False
        outputs, meta, scores = item.get("outputs"), item.get("job_metadata"), None
        if not isinstance(outputs, dict | None) or not isinstance(meta, dict | None):
            return False
        if isinstance(meta, dict) and not meta_fields.issuperset(meta):
            return False
        statuses = meta.get("attribute_status") if isinstance(meta, dict) else None
        scores = item.get("confidence_scores")
        for key, value in (outputs or {}).items():
            if key in _RESERVED or key.startswith(_PREFIXES):
                return False  # the row path would overwrite or drop it
            plain = isinstance(value, str | int | float | bool | None) or (
                isinstance(value, list) and all(isinstance(v, str) for v in value)
            )
            self.outputs[key] = self.outputs.get(key, False) or key in _PER_VALUE or not plain
        self.statuses.update(dict.fromkeys(statuses if isinstance(statuses, dict) else ()))
        self.scores.update(dict.fromkeys(scores if isinstance(scores, dict) else ()))
        self._decoder = None
        return True

    def _page_decoder(self) -> msgspec.json.Decoder[Any]:
        if self._decoder is None:
            outputs = _struct(
                "Outputs", [(k, Any if a else _Plain) for k, a in self.outputs.items()]
            )
            statuses = _struct("Statuses", [(k, _Scalar) for k in self.statuses])
            scores = _struct("Scores", [(k, _Scalar) for k in self.scores])
            fields, meta_fields = job_fields()
            meta = _struct(
                "Meta",
                [("attribute_status", statuses | None),
                 *((k, msgspec.Raw) for k in sorted(meta_fields - {"attribute_status"}))],
            )  # fmt: skip
            typed = {"place_id": str, "status": Any, "error_message": Any,
                     "outputs": outputs | None, "job_metadata": meta | None,
                     "confidence_scores": scores | None}  # fmt: skip
            job = _struct(
                "Job", [*typed.items(), *((k, msgspec.Raw) for k in sorted(fields - typed.keys()))]
            )
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
                if self._decoder is None and not self.outputs:
                    items = msgspec.json.decode(raw, type=_Page).jobs
                    if items and not self.learn(msgspec.json.decode(items[0])):
                        return None
                for _ in range(MAX_RELEARN + 1):
                    try:
                        page = self._page_decoder().decode(raw)
                    except msgspec.ValidationError as exc:
                        if not self._relearn(raw, str(exc)):
                            return None
                        continue
                    batch = _columns(self, page.jobs)
                    return None if batch is None else (batch, page.total)
            except (msgspec.DecodeError, ValueError, TypeError):
                return None
            return None

    def _relearn(self, raw: bytes, message: str) -> bool:
        """Learn from the item an error names (a field or a key not seen before)."""
        found = _AT_ITEM.search(message)
        if found is None or not ("unknown field" in message or "Expected" in message):
            return False
        item = msgspec.json.decode(msgspec.json.decode(raw, type=_Page).jobs[int(found[1])])
        before = (dict(self.outputs), dict(self.statuses), dict(self.scores))
        # Nothing new learned: a type it cannot keep exactly.
        return self.learn(item) and before != (self.outputs, self.statuses, self.scores)


def _present(values: list[Any]) -> bool:
    return values.count(UNSET) < len(values)


def _unset_to_none(values: list[Any]) -> list[Any]:
    return [None if v is UNSET else v for v in values] if UNSET in values else values


def _columns(decoder: PlaceDecoder, jobs: list[Any]) -> ResultBatch | None:
    """Transpose decoded jobs into the row path's columns (None if one is not typed)."""
    if not jobs:
        return ResultBatch([], {})
    # An absent or null part has no columns (``getattr`` of it gives UNSET), as in the row path.
    outputs = [job.outputs for job in jobs]
    statuses = [getattr(job.job_metadata, "attribute_status", None) for job in jobs]
    scores = [job.confidence_scores for job in jobs]
    states = [job.status for job in jobs]
    if not all(type(s) is str for s in states):
        return None
    states = [s or "unknown" for s in states]
    columns: dict[str, list[Any]] = {"status": states, "error_message": _errors(jobs, states)}
    for key, per_value in decoder.outputs.items():
        values = [getattr(o, key, UNSET) for o in outputs]
        if not _present(values):
            continue
        if per_value:
            columns[key] = [None if v is UNSET else cell(output_value(key, v)) for v in values]
        else:
            columns[key] = [
                None if v is UNSET else ("; ".join(v) if type(v) is list else v) for v in values
            ]
    for prefix, structs, names in (
        ("attribute_status.", statuses, decoder.statuses),
        ("confidence.", scores, decoder.scores),
    ):
        for key in names:
            values = [getattr(s, key, UNSET) for s in structs]
            if _present(values):
                columns[prefix + key] = _unset_to_none(values)
    return ResultBatch([job.place_id for job in jobs], columns, exact=True)


def _errors(jobs: list[Any], states: list[str]) -> list[str | None]:
    """``PlaceResult.error_message`` of each job (decoded fully only when it did not complete)."""
    errors: list[str | None] = []
    for job, state in zip(jobs, states, strict=True):
        message = job.error_message
        if message is not UNSET and message:
            errors.append(str(message))
        elif state == "completed":
            errors.append(None)
        else:
            errors.append(PlaceResult(job.place_id, _raw(job)).error_message)
    return errors


def _raw(job: Any) -> dict[str, Any]:
    """The parts of a job ``PlaceResult.error_message`` reads, as plain values."""
    meta = job.job_metadata
    statuses = getattr(meta, "attribute_status", None)
    statuses = msgspec.to_builtins(statuses) if statuses else None
    reasoning = msgspec.json.decode(job.reasoning) if job.reasoning is not UNSET else None
    return {
        "status": job.status,
        "reasoning": reasoning,
        "job_metadata": {"attribute_status": statuses},
    }


def concat(batches: Sequence[ResultBatch]) -> ResultBatch:
    """The batches one after the other (a column one lacks is ``None`` there)."""
    if len(batches) == 1:
        return batches[0]
    names: dict[str, None] = {}
    for batch in batches:
        names.update(dict.fromkeys(batch.columns))
    ids = [row_id for batch in batches for row_id in batch.ids]
    columns = {
        name: [v for b in batches for v in b.columns.get(name) or [None] * len(b)] for name in names
    }
    return ResultBatch(ids, columns, exact=all(b.exact for b in batches))


def decode_page(raw: bytes, decoder: PlaceDecoder | None = None) -> ResultBatch | None:
    """One page's batch (types learned anew unless a ``decoder`` is given), or None."""
    return (decoder or PlaceDecoder()).decode(raw)
