"""Location keys (:func:`~bulk_enrich.resultcache.location_key`) of a column of items at once.

A key is built from the item's values by polars where that gives the same text as the
row-wise function: ASCII text (normalised here, :func:`normalize_series`) and floats that
polars writes as ``repr`` does; elsewhere the key is null and the row-wise function makes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bulk_enrich.resultcache import ID_KEYS

if TYPE_CHECKING:
    import polars as pl

#: The key text of a float equals ``str`` of it in polars: 1 to 7 decimals, not tiny.
_PLAIN_FLOAT = r"^-?[0-9]+\.[0-9]{1,7}$"


def key_expr(kinds: dict[str, tuple[pl.Expr, type]]) -> pl.Expr:
    """:func:`location_key` of each row's item, null where the row-wise code must make it
    (text outside ASCII, a value that normalises to nothing, a float not plainly written)."""
    import polars as pl

    nested = any(path.startswith("inputs/") for path in kinds)
    fields = {
        path.partition("/")[2]: spec
        for path, spec in kinds.items()
        if path.startswith("inputs/" if nested else "/")
    }
    parts: list[pl.Expr] = []
    exact: list[pl.Expr] = [pl.col("ascii")]
    literal = "["
    for name in sorted(fields):
        if name in ID_KEYS:
            continue
        expr, kind = fields[name]
        literal += ("," if literal != "[" else "") + f'["{name}",'
        if kind is float:
            text = expr.cast(pl.String)
            exact.append(text.str.contains(_PLAIN_FLOAT) & ((expr.abs() >= 1e-4) | (expr == 0)))
            value = text
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
