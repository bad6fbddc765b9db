"""The layout of the request items of one *shape* of rows (which fields hold a value), learnt
by asking :meth:`Api.item` about a probe row of that shape whose cells are markers: each leaf
of the item as an expression over the input's columns, code making the item's dict from the
leaves, and the item as a struct of them (its JSON written by polars)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bulk_enrich.cli.errors import InputError
from bulk_enrich.cli.lazyitems import Encoding
from bulk_enrich.cli.table import Row

if TYPE_CHECKING:
    import polars as pl

    from bulk_enrich.cli.apis import Api
    from bulk_enrich.cli.mapping import ColumnMapping

#: The number fields and their ranges.
RANGES = {"latitude": (-90.0, 90.0), "longitude": (-180.0, 180.0)}
_PROBE_NUMBERS = {"latitude": -1.25, "longitude": -2.75}
_PROBE_ROW = 987654321
_PROBE_ID = f"row-{_PROBE_ROW}"
_CODE, _CODE_UPPER = "Zz", "ZZ"
_MARKER = re.compile("\x00([a-z_0-9]+)\x00")


def _marker(name: str) -> str:
    return f"\x00{name}\x00"


@dataclass
class Layout:
    """The items of rows of one shape: their form, or why they are not sent, and how each is
    made from the leaves."""

    form: str
    not_sent: str
    #: One expression per leaf of the item, in the item's order (none if not sent).
    leaves: list[pl.Expr]
    make: Callable[..., dict[str, Any]] | None
    #: The expression and type of each leaf, by path (``/name``, ``inputs/name``).
    kinds: dict[str, tuple[pl.Expr, type]]
    #: How the items are written as JSON from the leaves (none if not sent).
    encoding: Encoding | None = None


def probe(api: Api, mapping: ColumnMapping, width: int, shape: int) -> Layout | None:
    """The layout of the items of rows of ``shape``, learnt from a probe row's item."""
    texts = [f for f in mapping.fields if f not in RANGES and f != "id"]
    numbers = [f for f in RANGES if f in mapping.fields]
    flags = [*texts, *numbers, *(["country_code"] if "country" in mapping.fields else [])]
    present = {name for k, name in enumerate(flags) if shape >> k & 1}
    cells = [""] * width
    for name, column in mapping.fields.items():
        if name == "id":
            cells[column] = _marker("id")
        elif name in RANGES:
            cells[column] = repr(_PROBE_NUMBERS[name]) if name in present else ""
        elif name in present:
            as_code = name == "country" and "country_code" in present
            cells[column] = _CODE if as_code else _marker(name)
    try:
        item = api.item(mapping, Row(_PROBE_ROW, cells, "probe"))
    except InputError:  # pragma: no cover (probe cells are always readable)
        return None
    if _MARKER.search(item.not_sent) or _PROBE_ID in item.not_sent:
        return None
    if item.payload is None:
        return Layout(item.form, item.not_sent, [], None, {})
    leaves: list[pl.Expr] = []
    kinds: dict[str, tuple[pl.Expr, type]] = {}
    code = _build_code(item.payload, leaves, kinds, "")
    if code is None:
        return None
    # The item's own keys, as code: the fastest way to build millions of dicts of one layout.
    args = ", ".join(f"v{j}" for j in range(len(leaves)))
    make = eval(f"lambda {args}: {code}", {})  # noqa: S307 (keys from the API's own item)
    tops = {key: f"v{j}" for j, key in enumerate(_leaf_keys(item.payload)) if key is not None}
    encoding = Encoding(item_struct(item.payload), tops, frozenset(item.payload))
    return Layout(item.form, item.not_sent, leaves, make, kinds, encoding)


def _leaf_keys(payload: dict[str, Any]) -> list[str | None]:
    """Per leaf, in :func:`_build_code`'s order, its key if it is a top-level one, else None."""
    keys: list[str | None] = []
    for key, value in payload.items():
        keys += [None] * len(_leaf_keys(value)) if isinstance(value, dict) else [key]
    return keys


def item_struct(payload: dict[str, Any], at: list[int] | None = None) -> pl.Expr | None:
    """``payload`` as a struct of the leaves ``v0, v1...`` (in :func:`_build_code`'s order),
    or None when it holds an empty object (no struct is one)."""
    import polars as pl

    at = at if at is not None else [0]
    fields: list[pl.Expr] = []
    for key, value in payload.items():
        if isinstance(value, dict):
            inner = item_struct(value, at)
            if inner is None:
                return None
            fields.append(inner.alias(key))
        else:
            fields.append(pl.col(f"v{at[0]}").alias(key))
            at[0] += 1
    return pl.struct(fields) if fields else None


def _build_code(
    payload: dict[str, Any], leaves: list[pl.Expr], kinds: dict[str, tuple[pl.Expr, type]], at: str
) -> str | None:
    """Python source of a dict display for ``payload`` whose leaves are ``v0, v1...``."""
    parts = []
    for key, value in payload.items():
        if isinstance(value, dict):
            inner = _build_code(value, leaves, kinds, key)
            if inner is None:
                return None
            parts.append(f"{key!r}: {inner}")
            continue
        expr = _leaf(value)
        if expr is None:
            return None
        parts.append(f"{key!r}: v{len(leaves)}")
        leaves.append(expr.alias(f"v{len(leaves)}"))
        kinds[f"{at}/{key}"] = (expr, type(value))
    return "{" + ", ".join(parts) + "}"


def _leaf(value: Any) -> pl.Expr | None:
    """The expression giving each row's value where the probe item holds ``value``."""
    import polars as pl

    if isinstance(value, float):
        for name, probe in _PROBE_NUMBERS.items():
            if value == probe:
                return pl.col(f"n:{name}")
        return None
    if not isinstance(value, str):
        return None
    if value in (_PROBE_ID, _marker("id")):
        return pl.col("id")
    if value == _CODE:
        return pl.col("t:country")
    if value == _CODE_UPPER:
        return pl.col("t:country").str.to_uppercase()
    if _CODE in value or _CODE_UPPER in value:
        return None
    pieces = _MARKER.split(value)
    if len(pieces) == 1:
        return pl.lit(value)
    exprs = [
        pl.col(f"t:{piece}") if odd else pl.lit(piece)
        for odd, piece in ((k % 2 == 1, p) for k, p in enumerate(pieces))
        if odd or piece
    ]
    return exprs[0] if len(exprs) == 1 else pl.concat_str(exprs)
