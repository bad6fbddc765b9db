"""Input values made to fit the types the spec declares, before anything is sent.

The declared type of each field is read from the generated attrs model (``BatchLocation``,
``UniversalPlace``): a number where text is declared becomes text (a ZIP code keeps its leading
zeros, nine digits become ZIP+4), a whole float where an integer is declared becomes an
integer (a pandas column with gaps is float64), and anything that cannot be converted is a
problem naming the column, so the server never sees a value it would refuse.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from typing import Any, Literal

import attrs

Kind = Literal["str", "int", "float", "bool"]
#: Fields holding ZIP codes, formatted as ``01234`` or ``01234-5678`` when given as numbers.
ZIP_FIELDS = frozenset(("postal_code", "postalCode", "zip", "zip_code", "postcode"))
_KINDS: tuple[Kind, ...] = ("bool", "int", "float", "str")


@functools.cache
def model_fields(model: type) -> dict[str, Kind | None]:
    """Wire name -> scalar type (None for lists and objects) of every field of a generated model.

    Read from the attrs model itself: an instance with every optional field set to ``None`` is
    turned into its wire dict, whose keys come in the fields' order.
    """
    names: list[str] = []
    kinds: list[Kind | None] = []
    required: dict[str, Any] = {}
    for field in attrs.fields(model):
        if not field.init:
            continue
        parts = {p.strip() for p in str(field.type).split("|")}
        kind = next((k for k in _KINDS if k in parts), None)
        scalar = kind is not None and parts <= {kind, "None", "Unset"}
        if field.default is attrs.NOTHING:
            required[field.name] = "x" if kind == "str" or not scalar else False
        if field.default is attrs.NOTHING or "None" not in parts:
            continue
        names.append(field.name)
        kinds.append(kind if scalar else None)
    wire = [key for key in model(**required, **dict.fromkeys(names)).to_dict()]
    wire = [key for key in wire if key not in required or key in names]
    return dict(zip(wire, kinds, strict=True))


def declared_kinds(model: type) -> dict[str, Kind]:
    """Wire name -> declared scalar type of each nullable scalar field of a generated model."""
    return {k: v for k, v in model_fields(model).items() if v is not None}


def zip_text(number: int) -> str | None:
    """``501`` -> ``"00501"``, ``123456789`` -> ``"12345-6789"``; None if not a ZIP."""
    if 0 <= number <= 99_999:
        return f"{number:05d}"
    if 100_000 <= number <= 999_999_999:
        text = f"{number:09d}"
        return f"{text[:5]}-{text[5:]}"
    return None


def _whole(value: float) -> int | None:
    return int(value) if math.isfinite(value) and value.is_integer() else None


def _convert(name: str, value: Any, kind: Kind) -> tuple[Any, str | None]:
    """``(value to send, problem)`` for one declared field."""
    if isinstance(value, bool):
        ok = kind == "bool"
        return value, None if ok else f"{name}: {value!r} is a boolean, the API expects {kind}"
    if kind == "str" and isinstance(value, (int, float)):
        number = value if isinstance(value, int) else _whole(value)
        if number is None:
            return value, f"{name}: {value!r} is a number, the API expects text"
        text = zip_text(number) if name in ZIP_FIELDS else str(number)
        if text is None:
            return value, f"{name}: {value!r} is not a ZIP code (5 or 9 digits)"
        return text, None
    if kind == "int" and isinstance(value, float):
        number = _whole(value)
        if number is None:
            return value, f"{name}: {value!r} is not a whole number"
        return number, None
    if kind in ("int", "float") and isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            return value, f"{name}: {value!r} is not a finite number"
        return value, None
    if kind == "str" and isinstance(value, str):
        return value, None
    return value, f"{name}: {value!r} ({type(value).__name__}) is not {_NOUN[kind]}"


_NOUN = {"str": "text", "int": "a whole number", "float": "a number", "bool": "true or false"}


def coerce(item: Mapping[str, Any], kinds: Mapping[str, Kind]) -> tuple[Any, list[str]]:
    """The item with its declared fields converted (a copy if any changed), and the problems.

    ``None`` stays ``None``; fields the model does not declare are left as they are.
    """
    changed: dict[str, Any] = {}
    problems: list[str] = []
    for name, value in item.items():
        kind = kinds.get(name)
        if kind is None or value is None:
            continue
        new, problem = _convert(name, value, kind)
        if problem is not None:
            problems.append(problem)
        elif new is not value:
            changed[name] = new
    if not changed:
        return item, problems
    return {**item, **changed}, problems
