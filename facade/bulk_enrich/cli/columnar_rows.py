"""Request items, ids, forms and location keys of a whole input at once, column by column.

The row-wise code stays the reference: the rows of one *shape* (which fields hold a value)
all give items of one layout, so the layout of each shape is learnt by asking
:meth:`Api.item` about a probe row of that shape whose cells are markers; the items are then
filled from the columns. Values the columns cannot give exactly as the row-wise code would
(coordinates that are not plain decimals, ZIP codes to restore, text outside ASCII for the
location key) are left to that code, row by row. :func:`build` returns None whenever the
row-wise code would raise (a bad coordinate, a duplicate id): reading the input again row by
row then raises the same error, with the same text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bulk_enrich.cli.columnar_keys import GroupKeys, made_keys, unique
from bulk_enrich.cli.columnar_layout import RANGES, probe
from bulk_enrich.cli.errors import InputError
from bulk_enrich.cli.forms import restore_zip
from bulk_enrich.cli.lazyitems import LazyItems
from bulk_enrich.cli.table import Row

if TYPE_CHECKING:
    import polars as pl

    from bulk_enrich.cli.apis import Api
    from bulk_enrich.cli.mapping import ColumnMapping

#: Every character :meth:`str.strip` strips (``str.isspace``).
PY_SPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
#: Those of them in ASCII.
PY_ASCII_SPACE = "".join(c for c in PY_SPACE if c.isascii())
_DECIMAL = r"^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$"
#: ZIP codes :func:`restore_zip` may change (left to it).
_ZIP_WORK = r"^[0-9]{3,4}$|^[0-9]{6,9}$|^[0-9]{3,5}-[0-9]{4}$"


@dataclass
class Built:
    """Per row, in input order: id, form; and the items to send with their ids and keys."""

    ids: list[str]
    forms: list[str]
    #: Rows per form, in order of first appearance (as the row-wise path counts them).
    form_counts: Counter[str] = field(default_factory=Counter)
    sent: Sequence[dict[str, Any]] | LazyItems = field(default_factory=list)
    sent_ids: list[str] = field(default_factory=list)
    #: The location key of each sent item (None when not asked for).
    keys: pl.Series | None = None
    skipped: dict[str, str] = field(default_factory=dict)


def build(
    api: Api,
    mapping: ColumnMapping,
    frame: pl.DataFrame,
    keyed: bool,
    keep_keys: bool = True,
    ascii_text: bool = False,
) -> Built | None:
    """Items, ids and forms of every row of ``frame``; None if the row-wise code would raise.

    With ``keyed``, the location keys of the items sent (for dedupe): not made when no two
    rows can share one, unless ``keep_keys``. ``ascii_text``: every cell is ASCII."""
    import polars as pl

    fields = mapping.fields
    if len(set(fields.values())) != len(fields):
        return None
    work = _work_columns(frame, mapping, ascii_text)
    if work is None or not unique(work["id"]):
        return None
    ids: list[str] = work["id"].to_list()
    parts = _Parts()
    forms_of: dict[int, str] = {}
    groups = _groups(work)
    for (shape, by_row), rows in groups:
        if by_row:
            if not _row_wise(api, mapping, frame, rows["index"].to_list(), parts):
                return None
            continue
        layout = probe(api, mapping, frame.width, int(shape))
        if layout is None:
            return None
        forms_of[int(shape)] = layout.form
        if layout.make is None:
            parts.skipped += [(i, layout.not_sent) for i in rows["index"].to_list()]
            continue
        parts.index.append(rows["index"])
        values = rows.select(layout.leaves)
        assert layout.encoding is not None  # made with the item's code
        parts.items.append(LazyItems(values, layout.make, layout.encoding))
        if keyed:
            parts.keys.add(rows, layout.kinds)
    if len(groups) == 1 and forms_of:  # one layout: every row has its form
        form = forms_of[int(groups[0][0][0])]
        built = Built(ids, [form] * len(ids), Counter({form: len(ids)}))
    else:  # forms as the probes' own strings (shared, as the row-wise path shares them)
        names = list(dict.fromkeys(["", *forms_of.values()]))
        codes = {shape: names.index(form) for shape, form in forms_of.items()}
        coded = work["shape"].replace_strict(codes, default=0, return_dtype=pl.Int64)
        built = Built(ids, list(map(names.__getitem__, coded.to_list())))
        for i, form in parts.forms.items():
            built.forms[i] = form
        built.form_counts.update(built.forms)
    parts.fill(built, keyed, keep_keys)
    return built


def _groups(work: pl.DataFrame) -> list[tuple[tuple[Any, ...], pl.DataFrame]]:
    """The rows of each ``(shape, by_row)``, in order of first appearance (all of ``work``
    at once when every row has the same: the common case, without a copy)."""
    import polars as pl

    shape, by_row = pl.col("shape"), pl.col("by_row")
    same = ((shape == shape.first()) & (by_row == by_row.first())).all()
    first_shape, first_by_row, alike = work.select(
        shape.first(), by_row.first(), same.alias("alike")
    ).row(0)
    if alike:
        return [((first_shape, first_by_row), work)]
    return list(work.group_by(["shape", "by_row"], maintain_order=True))


@dataclass
class _Parts:
    """Items made a group of rows at a time, to be put back in input order."""

    #: The row index of each item, per group.
    index: list[pl.Series] = field(default_factory=list)
    items: list[Sequence[dict[str, Any]] | LazyItems] = field(default_factory=list)
    keys: GroupKeys = field(default_factory=GroupKeys)
    #: ``(row index, why not sent)``.
    skipped: list[tuple[int, str]] = field(default_factory=list)
    #: Row index -> form, for rows made row by row.
    forms: dict[int, str] = field(default_factory=dict)

    def fill(self, built: Built, keyed: bool, keep_keys: bool) -> None:
        """Put the items (and keys), their ids and the skipped rows in ``built``, in order.

        Items of one layout whose rows are in input order stay :class:`LazyItems` (made as
        the run reads them); else they are made now and put in input order."""
        import polars as pl

        positions = pl.concat(self.index) if self.index else pl.Series([], dtype=pl.Int64)
        keyed = keyed and (keep_keys or not self.keys.distinct())
        keys = self.keys.series() if keyed else pl.Series([], dtype=pl.String)
        in_order = positions.is_sorted()
        items: Sequence[dict[str, Any]] | LazyItems
        if in_order and len(self.items) == 1 and isinstance(self.items[0], LazyItems):
            items = self.items[0]
        else:
            made = [item for part in self.items for item in part]
            if not in_order:
                order = positions.arg_sort()
                positions = positions.gather(order)
                made = list(map(made.__getitem__, order.to_list()))
                keys = keys.gather(order) if keyed else keys
            items = made
        ids = built.ids
        built.sent = items
        if positions.len() == len(ids):  # every row sent, in order: the ids as they are
            built.sent_ids = list(ids)
        else:
            built.sent_ids = list(map(ids.__getitem__, positions.to_list()))
        if keyed:
            built.keys = made_keys(keys, items)
        built.skipped = {ids[i]: reason for i, reason in sorted(self.skipped)}


def _work_columns(
    frame: pl.DataFrame, mapping: ColumnMapping, ascii_text: bool = False
) -> pl.DataFrame | None:
    """``index``, ``id``, ``shape`` (a bit per field with a value), ``by_row`` (left to the
    row-wise code), ``ascii`` and each field's value (``t:NAME`` text, ``n:NAME`` number).
    ``ascii_text``: every cell is known to be ASCII (fewer characters to strip, none to
    count)."""
    import polars as pl

    names = frame.columns
    exprs: list[pl.Expr] = [pl.int_range(pl.len(), dtype=pl.Int64).alias("index")]
    checks: list[pl.Expr] = []
    by_row: list[pl.Expr] = []
    texts = [f for f in mapping.fields if f not in RANGES and f != "id"]
    space = PY_ASCII_SPACE if ascii_text else PY_SPACE
    for name, column in mapping.fields.items():
        exprs.append(pl.col(names[column]).str.strip_chars(space).alias(f"t:{name}"))
        if name in RANGES:
            low, high = RANGES[name]
            text = pl.col(f"t:{name}")
            number = pl.when(text.str.contains(_DECIMAL)).then(text.cast(pl.Float64, strict=False))
            checks.append(number.alias(f"n:{name}"))
            ok = pl.col(f"n:{name}").is_between(low, high).fill_null(False)
            by_row.append((text != "") & ~ok)
            checks.append(ok.alias(f"ok:{name}"))
    work = frame.select(exprs).with_columns(checks[0::2]).with_columns(checks[1::2])
    work = work.with_columns(
        pl.when(pl.col(f"ok:{name}")).then(pl.col(f"n:{name}")).alias(f"n:{name}")
        for name in RANGES
        if name in mapping.fields
    )
    row_name = pl.format("row-{}", pl.col("index") + 1)
    if "id" in mapping.fields:
        ident = pl.when(pl.col("t:id") == "").then(row_name).otherwise(pl.col("t:id"))
    else:
        ident = row_name
    bits = [pl.col(f"t:{f}") != "" for f in texts]
    bits += [pl.col(f"n:{f}").is_not_null() for f in RANGES if f in mapping.fields]
    if "country" in mapping.fields:
        bits.append(pl.col("t:country").str.contains("^[A-Za-z]{2}$"))
    shape = (  # (polars refuses a sum of no columns)
        pl.sum_horizontal([bit.cast(pl.Int64) * (1 << k) for k, bit in enumerate(bits)])
        if bits
        else pl.lit(0, dtype=pl.Int64)
    )
    plain = (
        []
        if ascii_text
        else [pl.col(f"t:{f}").str.len_bytes() == pl.col(f"t:{f}").str.len_chars() for f in texts]
    )
    work = work.with_columns(
        ident.alias("id"),
        shape.alias("shape"),
        (pl.any_horizontal(by_row) if by_row else pl.lit(False)).alias("by_row"),
        (pl.all_horizontal(plain) if plain else pl.lit(True)).alias("ascii"),
    )
    if "postal_code" in mapping.fields:
        work = _restore_zips(work)
    return work


def _restore_zips(work: pl.DataFrame) -> pl.DataFrame:
    """ZIP codes :func:`restore_zip` may change, changed by it."""
    import polars as pl

    column = pl.col("t:postal_code")
    maybe = column.str.contains(_ZIP_WORK) | (column.str.len_bytes() != column.str.len_chars())
    picked = work.filter(maybe)
    if not picked.height:
        return work

    def text(name: str) -> list[str | None]:
        if f"t:{name}" not in picked.columns:
            return [None] * picked.height
        return [value or None for value in picked[f"t:{name}"].to_list()]

    restored = [
        restore_zip(code, False, state, country)
        for code, state, country in zip(
            picked["t:postal_code"].to_list(), text("state"), text("country"), strict=True
        )
    ]
    codes = work["t:postal_code"].scatter(picked["index"].to_list(), restored)
    return work.with_columns(codes)


def _row_wise(
    api: Api,
    mapping: ColumnMapping,
    frame: pl.DataFrame,
    index: list[int],
    parts: _Parts,
) -> bool:
    """The rows at ``index`` made by :meth:`Api.item`; False if one raises."""
    import polars as pl

    made: list[int] = []
    items: list[dict[str, Any]] = []
    for i in index:
        try:
            item = api.item(mapping, Row(i + 1, list(frame.row(i)), ""))
        except InputError:
            return False
        parts.forms[i] = item.form
        if item.payload is None:
            parts.skipped.append((i, item.not_sent))
        else:
            made.append(i)
            items.append(item.payload)
    parts.index.append(pl.Series(made, dtype=pl.Int64))
    parts.items.append(items)
    parts.keys.add_made(len(items))
    return True
