"""Validation and normalisation of locations (Ping.Data) and places (Place Enrichment).

A list is checked whole before anything is sent, every offending item named in one
:class:`~bulk_enrich.errors.InvalidInputError`; :class:`LocationCheck` and :class:`PlaceCheck`
check items one at a time, for input read while it is sent. Inputs may be dicts, generated
models (anything with ``to_dict()``) or a pandas DataFrame (one row per item; NaN becomes null).
"""

from __future__ import annotations

import math
import re
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from bulk_enrich.engine.coerce import Kind, coerce, declared_kinds
from bulk_enrich.errors import InvalidInputError

OnInvalid = Literal["raise", "fail"]
#: ``(index, id, message)`` for each problem found in the input.
Problems = list[tuple[int | None, str | None, str]]

#: Fields that locate a place without a one-line address or coordinates.
STRUCTURED_PARTS = ("address_line_1", "city", "postal_code")
_SOURCE_CODE = re.compile(r"^[A-Za-z0-9_]{1,32}$")
_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
PLACE_JOB_KEYS = ("attributes", "attribute_set", "refresh")
NO_LOCATION = "no address, coordinates (latitude and longitude) or structured address parts"


def as_records(items: Any) -> list[Any]:
    """Turn a DataFrame, a sequence or any iterable of items into a list."""
    if _is_dataframe(items):
        records: list[dict[str, Any]] = items.to_dict(orient="records")
        return [{str(k): _nan_to_none(v) for k, v in r.items()} for r in records]
    if isinstance(items, Mapping):
        raise InvalidInputError("expected a list of items, got a single mapping")
    return items if isinstance(items, list) else list(items)


def frame_labels(items: Any) -> list[Hashable] | None:
    """The row labels (index) of a DataFrame input, None for other inputs."""
    return list(items.index) if _is_dataframe(items) else None


def input_index(items: Any) -> Any:
    """A DataFrame input's index (results carry it), None for other inputs."""
    return items.index if _is_dataframe(items) else None


def _is_dataframe(obj: Any) -> bool:
    return hasattr(obj, "to_dict") and hasattr(obj, "columns") and hasattr(obj, "iloc")


_MISSING_TYPES = frozenset(("NAType", "NaTType"))


def _nan_to_none(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if type(value).__name__ in _MISSING_TYPES:  # pandas.NA, pandas.NaT
        return None
    return value


def _location_kinds() -> dict[str, Kind]:
    from ping_data_api.models.batch_location import BatchLocation  # a Place run needs no Ping model

    kinds = dict(declared_kinds(BatchLocation))
    for name in ("latitude", "longitude"):  # checked with their ranges below
        kinds.pop(name, None)
    return kinds


def _place_kinds() -> dict[str, Kind]:
    from place_enrichment_api.models.universal_place import UniversalPlace

    kinds = dict(declared_kinds(UniversalPlace))
    for name in ("latitude", "longitude"):
        kinds.pop(name, None)
    return kinds


def _as_dict(item: Any) -> dict[str, Any] | None:
    if isinstance(item, dict):
        return item
    if isinstance(item, Mapping):
        return dict(item)
    to_dict = getattr(item, "to_dict", None)
    if callable(to_dict):
        result = to_dict()
        if isinstance(result, dict):
            return result
    return None


def validate_codes(values: Any, what: str) -> list[str]:
    """Check a non-empty list of datasource codes or attribute names; return it de-duplicated."""
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise InvalidInputError(f"{what} must be a non-empty list of strings, got {values!r}")
    out: list[str] = []
    bad: Problems = []
    for i, v in enumerate(values):
        text = getattr(v, "value", v)
        if not isinstance(text, str) or not text.strip():
            bad.append((i, None, f"{what} entry {v!r} is not a non-empty string"))
        elif text not in out:
            out.append(text)
    if bad:
        raise InvalidInputError(f"invalid {what}", problems=bad)
    if not out:
        raise InvalidInputError(f"{what} must not be empty")
    return out


def validate_sources(sources: Any) -> list[str]:
    """Datasource codes: non-empty, each matching ``[A-Za-z0-9_]{1,32}``."""
    codes = validate_codes(sources, "sources")
    bad = [
        (i, None, f"invalid source code {c!r}")
        for i, c in enumerate(codes)
        if not _SOURCE_CODE.match(c)
    ]
    if bad:
        raise InvalidInputError("invalid sources", problems=bad)
    return codes


def _number_problem(loc: Mapping[str, Any], name: str, low: float, high: float) -> str | None:
    value = loc.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return f"{name} must be a number, got {value!r}"
    if math.isnan(value) or not low <= value <= high:
        return f"{name} {value!r} is outside [{low}, {high}]"
    return None


def _coordinate_problems(item: Mapping[str, Any]) -> list[str]:
    """What is wrong with ``latitude`` and ``longitude`` (each may be absent)."""
    found = (
        _number_problem(item, "latitude", -90, 90),
        _number_problem(item, "longitude", -180, 180),
    )
    return [p for p in found if p]


def _present(loc: Mapping[str, Any], name: str) -> bool:
    value = loc.get(name)
    return isinstance(value, str) and bool(value.strip())


def _has_coordinates(loc: Mapping[str, Any]) -> bool:
    lat, lon = loc.get("latitude"), loc.get("longitude")
    return (
        isinstance(lat, (int, float))
        and isinstance(lon, (int, float))
        and not isinstance(lat, bool)
        and not isinstance(lon, bool)
        and not (math.isnan(lat) or math.isnan(lon))
    )


def _check_id(
    item_id: Any,
    index: int,
    seen: dict[str, int],
    problems: Problems,
    key: str,
) -> str | None:
    if item_id is None:
        problems.append((index, None, f"missing {key}"))
        return None
    if not isinstance(item_id, str):
        problems.append((index, None, f"{key} {item_id!r} is not a string"))
        return None
    if not item_id:
        problems.append((index, item_id, f"empty {key}"))
        return None
    first = seen.setdefault(item_id, index)
    if first != index:
        problems.append((index, item_id, f"duplicate {key} (first at #{first})"))
        return None
    return item_id


@dataclass(frozen=True)
class Checked:
    """Items the CLI's input stage has already checked and built, each a dict as the API
    takes it (ids unique, values of the declared types, every one locatable): a run reads them
    as its chunks need them, as it reads an iterator, without checking them a second time.
    (Tests check that the second check would return each such item unchanged.)"""

    items: Iterable[dict[str, Any]]


def unchecked(index: int, item: Any) -> Any:
    """The item as it is (the check of a :class:`Checked` run of locations)."""
    return item


def place_job(index: int, item: dict[str, Any]) -> dict[str, Any]:
    """A checked place as its job dict (the check of a :class:`Checked` run of places)."""
    return _place_job(item)


class _ItemCheck:
    """Checks items one at a time; calling it gives the item or raises for its problems."""

    what = "item"

    def check(self, index: int, item: Any) -> tuple[dict[str, Any] | None, Problems]:
        """``(item as a dict or None, problems)`` for the item at ``index``."""
        raise NotImplementedError

    def check_all(
        self, items: Iterable[Any], labels: Sequence[Hashable] | None = None
    ) -> list[dict[str, Any]]:
        """Every item as a dict, or one :class:`InvalidInputError` naming every problem.

        ``labels`` (a DataFrame's index) name the rows in the error instead of positions.
        """
        out: list[dict[str, Any]] = []
        problems: Problems = []
        for index, item in enumerate(items):
            checked, found = self.check(index, item)
            if checked is not None:
                out.append(checked)
            problems.extend(found)
        if problems:
            raise InvalidInputError(f"invalid {self.what}s", problems=problems, labels=labels)
        return out

    def __call__(self, index: int, item: Any) -> dict[str, Any]:
        """The item, or :class:`InvalidInputError` naming what is wrong with it."""
        checked, problems = self.check(index, item)
        if problems or checked is None:
            raise InvalidInputError(f"invalid {self.what}", problems=problems)
        return checked


class LocationCheck(_ItemCheck):
    """Checks Ping.Data locations one at a time, remembering ids (for duplicates) as it goes.

    ``check(index, item)`` returns the location as a dict (the caller's own dict when it needs
    no change; never mutated) and the problems found, as ``(index, id, message)``; with
    ``on_invalid="fail"`` a location that cannot be enriched is not a problem but lands in
    :attr:`rejected` (id -> reason) and is reported as a per-location failure without being
    sent. Missing, non-string or duplicate ids are always problems.
    """

    what = "location"

    def __init__(self, on_invalid: OnInvalid = "raise") -> None:
        self.on_invalid = on_invalid
        self.rejected: dict[str, str] = {}
        self._seen: dict[str, int] = {}
        self._kinds = _location_kinds()

    def check(self, index: int, item: Any) -> tuple[dict[str, Any] | None, Problems]:
        """``(location or None, problems)`` for the item at ``index``."""
        problems: Problems = []
        loc = _as_dict(item)
        if loc is None:
            return None, [(index, None, f"not a mapping: {type(item).__name__}")]
        loc_id = _check_id(loc.get("id"), index, self._seen, problems, "id")
        if loc_id is None:
            return loc, problems
        loc, refused = coerce(loc, self._kinds)
        if refused:
            problems.append((index, loc_id, "; ".join(refused)))
        reasons = _coordinate_problems(loc)
        if not reasons and not (
            _present(loc, "address")
            or _has_coordinates(loc)
            or any(_present(loc, part) for part in STRUCTURED_PARTS)
        ):
            reasons.append(NO_LOCATION)
        own_sources = loc.get("sources")
        if own_sources is not None:
            try:
                validate_sources(own_sources)
            except InvalidInputError as exc:
                problems.append((index, loc_id, f"sources: {exc.message}"))
        if reasons:
            if self.on_invalid == "raise":
                problems.append((index, loc_id, "; ".join(reasons)))
            else:
                self.rejected[loc_id] = "; ".join(reasons)
        return loc, problems


def normalize_locations(
    locations: Any, *, on_invalid: OnInvalid = "raise"
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Validate Ping.Data locations (all of them, every problem named in one error).

    Returns ``(locations, rejected)``: every location as a dict and, with ``on_invalid="fail"``,
    the ids of locations that cannot be enriched (no address, coordinates or structured parts,
    or bad coordinates) mapped to the reason; those stay in the list and are reported as
    per-location failures without being sent. Missing, non-string or duplicate ids always raise.
    """
    checker = LocationCheck(on_invalid)
    items = checker.check_all(as_records(locations), frame_labels(locations))
    return items, checker.rejected


def normalize_places(places: Any, *, max_items: int | None = None) -> list[dict[str, Any]]:
    """Validate places and return them as ``{"place_id", "inputs", ...}`` job dicts.

    A place may be a job (``{"place_id": ..., "inputs": {...}}``, or a generated ``PlaceJob``)
    or flat (``{"place_id" or "id": ..., "name": ..., "full_address": ...}``).
    """
    items = as_records(places)
    if max_items is not None and len(items) > max_items:
        raise InvalidInputError(
            f"{len(items)} places in one batch; the API accepts at most {max_items:,}",
            problems=[(max_items, None, f"items #{max_items} onwards exceed the limit")],
        )
    return PlaceCheck().check_all(items, frame_labels(places))


class PlaceCheck(_ItemCheck):
    """Checks places one at a time (see :func:`normalize_places`), remembering ids as it goes."""

    what = "place"

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}
        self._kinds = _place_kinds()

    def check(self, index: int, item: Any) -> tuple[dict[str, Any] | None, Problems]:
        """``(job dict or None, problems)`` for the item at ``index``."""
        raw = _as_dict(item)
        if raw is None:
            return None, [(index, None, f"not a mapping: {type(item).__name__}")]
        problems: Problems = []
        job = _place_job(raw)
        place_id = _check_id(job.get("place_id"), index, self._seen, problems, "place_id")
        if place_id is None:
            return job, problems
        inputs = job["inputs"]
        if not isinstance(inputs, Mapping):
            return job, [(index, place_id, "inputs is not a mapping")]
        fitted, reasons = coerce(inputs, self._kinds)
        if fitted is not inputs:
            job = {**job, "inputs": fitted}
            inputs = fitted
        reasons += _coordinate_problems(inputs)
        if not _present(inputs, "name"):
            reasons.insert(0, "missing name")
        code = inputs.get("country_code")
        if code is not None and not (isinstance(code, str) and _COUNTRY_CODE.match(code)):
            reasons.append(f"country_code {code!r} is not two capital letters")
        if reasons:
            problems.append((index, place_id, "; ".join(reasons)))
        return job, problems


def _place_job(raw: dict[str, Any]) -> dict[str, Any]:
    if "inputs" in raw:
        return raw if "place_id" in raw or "id" not in raw else {**raw, "place_id": raw["id"]}
    inputs = {
        k: v
        for k, v in raw.items()
        if k not in ("place_id", "id", *PLACE_JOB_KEYS) and v is not None
    }
    job: dict[str, Any] = {"place_id": raw.get("place_id", raw.get("id")), "inputs": inputs}
    for key in PLACE_JOB_KEYS:
        if raw.get(key) is not None:
            job[key] = raw[key]
    return job


def validate_attributes(
    attributes: Sequence[str] | None, attribute_set: str | None
) -> tuple[list[str] | None, str | None]:
    """One of ``attributes`` (non-empty) or the deprecated ``attribute_set``, not both."""
    if attributes is not None and attribute_set is not None:
        raise InvalidInputError("give attributes or attribute_set, not both")
    if attributes is None and attribute_set is None:
        raise InvalidInputError("attributes must be a non-empty list (or give attribute_set)")
    if attribute_set is not None:
        from place_enrichment_api.models.attribute_set import AttributeSet

        if attribute_set not in {s.value for s in AttributeSet}:
            raise InvalidInputError(f"unknown attribute_set {attribute_set!r}")
        return None, attribute_set
    return validate_codes(attributes, "attributes"), None
