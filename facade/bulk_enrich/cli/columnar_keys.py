"""Location keys (:func:`~bulk_enrich.resultcache.location_key`) of a column of items at once.

A key is built from the item's values by polars where that gives the same text as the
row-wise function: ASCII text (normalised here, :func:`normalize_series`) and floats that
polars writes as ``repr`` does; elsewhere the key is null and the row-wise function makes it.
Keys are made only when needed (:class:`GroupKeys`): without ``--cache`` they only find
copies, and rows whose coordinates all differ have none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bulk_enrich.cli.lazyitems import LazyItems
from bulk_enrich.resultcache import ID_KEYS, location_key

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import polars as pl

#: The key text of a float equals ``str`` of it in polars: 1 to 7 decimals, not tiny.
_PLAIN_FLOAT = r"^-?[0-9]+\.[0-9]{1,7}$"


def _fields(kinds: dict[str, tuple[pl.Expr, type]]) -> dict[str, tuple[pl.Expr, type]]:
    """The fields :func:`location_key` reads (a Place job's ``inputs``), by name."""
    nested = any(path.startswith("inputs/") for path in kinds)
    return {
        path.partition("/")[2]: spec
        for path, spec in kinds.items()
        if path.startswith("inputs/" if nested else "/")
    }


def _plain(number: pl.Expr) -> pl.Expr:
    """Whether the float's text in the key is polars' text of it (as ``repr``)."""
    import polars as pl

    return number.cast(pl.String).str.contains(_PLAIN_FLOAT) & (
        (number.abs() >= 1e-4) | (number == 0)
    )


def seven_decimals(numbers: npt.NDArray[np.float64]) -> bool:
    """Whether ``round(x, 7) == x`` (as Python rounds) for every number: true when each is
    ``m / 1e7`` for a whole ``m``, correctly rounded (numpy divides as IEEE 754 does; polars
    multiplies by the inverse), i.e. the double nearest that decimal, which Python's
    ``round`` gives back. (A key holds a float's text, or that of ``round(value, 7)``: the
    same text for these, one per value.)"""
    import numpy as np

    return bool((np.round(numbers * 1e7) / 1e7 == numbers).all())


def key_expr(kinds: dict[str, tuple[pl.Expr, type]]) -> pl.Expr:
    """:func:`location_key` of each row's item, null where the row-wise code must make it
    (text outside ASCII, a value that normalises to nothing, a float not plainly written)."""
    import polars as pl

    fields = _fields(kinds)
    parts: list[pl.Expr] = []
    exact: list[pl.Expr] = [pl.col("ascii")]
    literal = "["
    for name in sorted(fields):
        if name in ID_KEYS:
            continue
        expr, kind = fields[name]
        literal += ("," if literal != "[" else "") + f'["{name}",'
        if kind is float:
            exact.append(_plain(expr))
            value = expr.cast(pl.String)
        else:
            value = expr.map_batches(_normalized_or_null, return_dtype=pl.String)
            literal += '"'
        parts += [pl.lit(literal), value]
        literal = '"]' if kind is not float else "]"
    parts.append(pl.lit(literal + "]"))
    return pl.when(pl.all_horizontal(exact)).then(pl.concat_str(parts))


def _normalized_or_null(texts: pl.Series) -> pl.Series:
    """:func:`normalize_series`, null where nothing is left."""
    import polars as pl

    normalized = normalize_series(texts)
    return normalized.to_frame().select(pl.when(pl.first() != "").then(pl.first())).to_series()


def normalize_series(texts: pl.Series) -> pl.Series:
    """:func:`~bulk_enrich.resultcache.normalize_text` of each ASCII text.

    Most texts need only lower case and ``", "`` made a space; the regular expressions run
    on the others only.
    """
    low = texts.str.to_lowercase()
    if low.str.contains(", ", literal=True).any():
        low = low.str.replace_all(", ", " ", literal=True)
    dirty = low.str.contains(r"[^a-z0-9 ]|  |^ | $")
    if not dirty.any():
        return low
    fixed = low.filter(dirty).str.replace_all(r"[.'`]", "").str.replace_all(r"[^a-z0-9]+", " ")
    return low.scatter(dirty.arg_true(), fixed.str.strip_chars(" "))


@dataclass
class GroupKeys:
    """The location keys of the items sent, a group of rows (one layout) at a time, made
    only when they are needed: to keep them, or to find copies. Rows whose coordinates are
    written plainly and all differ cannot share a key (a key holds the coordinates' text),
    and then dedupe has nothing to do and no key is made."""

    #: Per group: its rows and the kinds of its items' leaves, or the number of rows made
    #: row by row (their keys are made from their items).
    groups: list[tuple[pl.DataFrame, dict[str, tuple[pl.Expr, type]]] | int] = field(
        default_factory=list
    )

    def add(self, rows: pl.DataFrame, kinds: dict[str, tuple[pl.Expr, type]]) -> None:
        """A group of rows whose items have the layout told by ``kinds``."""
        self.groups.append((rows, kinds))

    def add_made(self, count: int) -> None:
        """``count`` rows made row by row."""
        self.groups.append(count)

    def distinct(self) -> bool:
        """Whether no two rows can share a key: each has coordinates of at most 7 decimals
        (a key holds their shortest text then, on either path) and no two have the same."""
        import polars as pl

        frames = []
        for group in self.groups:
            if isinstance(group, int):
                return False
            rows, kinds = group
            numbers = {name: e for name, (e, kind) in _fields(kinds).items() if kind is float}
            if not numbers:
                return False
            frame = rows.select(e.alias(name) for name, e in sorted(numbers.items()))
            if not all(seven_decimals(column.to_numpy()) for column in frame.get_columns()):
                return False
            frames.append(frame)
        if not frames:
            return False
        return unique(pl.concat(frames, how="diagonal").select(pl.struct(pl.all())).to_series())

    def series(self) -> pl.Series:
        """Every group's keys, in order (null where the row-wise code must make the key)."""
        import polars as pl

        parts = [
            pl.Series([None] * group, dtype=pl.String)
            if isinstance(group, int)
            else group[0].select(key_expr(group[1])).to_series()
            for group in self.groups
        ]
        return pl.concat(parts) if parts else pl.Series([], dtype=pl.String)


def unique(values: pl.Series) -> bool:
    """Whether no value repeats (told by hashes first: distinct hashes are distinct values)."""
    return values.hash().n_unique() == values.len() or not values.is_duplicated().any()


def made_keys(keys: pl.Series, items: Sequence[dict[str, Any]] | LazyItems) -> pl.Series:
    """``keys`` with each null made by :func:`location_key` from its item."""
    import polars as pl

    missing = keys.is_null()
    if not missing.any():
        return keys
    at = missing.arg_true()
    if isinstance(items, LazyItems):
        made = [location_key(item) for item in items.gather(at)]
    else:
        made = [location_key(items[i]) for i in at.to_list()]
    return keys.scatter(at, pl.Series(made, dtype=pl.String))
