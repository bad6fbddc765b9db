"""The columnar decoder and CSV block writer against the row-at-a-time code they stand in for."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from bulk_enrich.batches import ResultBatch
from bulk_enrich.cli import csv_block as csv_block_module
from bulk_enrich.cli.blocks import Block, csv_cells
from bulk_enrich.cli.csv_block import _firsts, csv_block
from bulk_enrich.cli.outcells import escape_formulas
from bulk_enrich.columnar.ping_decode import decode_output
from bulk_enrich.engine.jsonstream import iter_object_items
from bulk_enrich.results import flatten
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

PG = {
    "is_success": True, "error_message": None, "status_code": 200, "fetch_time": 0.0877,
    "confidence": 94, "latitude": 33.295567, "longitude": -111.969615, "city": "Phoenix",
    "address_line_2": "",
}  # fmt: skip
PH = {
    "is_success": True, "error_message": None, "status_code": 200, "confidence": None,
    "elevation": None,
    "external_data": {"fema_flood_zone": "X", "elevation": 503.5, "bldg_year_built": 1936},
}  # fmt: skip


def _typed(batch: ResultBatch) -> tuple[list[str], dict[str, list[tuple[type, Any]]]]:
    return batch.ids, {k: [(type(v), v) for v in vs] for k, vs in batch.columns.items()}


def _row_path(path: Path, sent: list[str]) -> ResultBatch:
    raw = dict(iter_object_items(path))
    pairs = []
    for location_id in sent:
        value = raw.get(location_id)
        row = flatten(location_id, value if isinstance(value, dict) else {})
        row.pop("id")
        pairs.append((location_id, row))
    return ResultBatch.from_rows(pairs)


def _locations(*sources: dict[str, Any]) -> dict[str, Any]:
    return {f"L{n}": location for n, location in enumerate(sources)}


CASES: dict[str, Any] = {
    "plain": _locations({"PG": PG, "PH": PH}, {"PG": PG, "PH": PH}),
    "external null, absent, present": _locations(
        {"PG": PG, "PH": {**PH, "external_data": None}},
        {"PG": PG, "PH": {k: v for k, v in PH.items() if k != "external_data"}},
        {"PG": PG, "PH": {**PH, "elevation": 12.0}},
    ),
    "flags that are not true": _locations(
        {"PG": {**PG, "is_success": "true"}},
        {"PG": {k: v for k, v in PG.items() if k != "is_success"}},
        {"PG": {**PG, "is_success": 1}},
        {"PG": {**PG, "is_success": False, "error_message": "no match"}},
    ),
    "fields the first lacks, a source missing": _locations(
        {"PG": {"is_success": False, "error_message": "bad", "status_code": 404}},
        {"PG": PG, "PH": PH},
        {"PH": PH},
    ),
    "ints, floats, text and unicode mixed": _locations(
        {"PG": {**PG, "confidence": 1, "city": "é ✓ 😀"}},
        {"PG": {**PG, "confidence": 1.5, "city": None}},
        {"PG": {**PG, "confidence": True, "city": 7}},
        {"PG": {**PG, "confidence": 2**62, "city": "=1+2"}},
    ),
    "external fields named like the source's": _locations(
        {"PH": {**PH, "external_data": {"error_message": "from outside", "is_success": True}}},
        {"PH": {**PH, "is_success": False, "external_data": {"is_success": True}}},
    ),
}
FALLBACKS: dict[str, Any] = {
    "a nested value": _locations({"PG": {**PG, "raw_response": {"a": 1}}}, {"PG": PG}),
    "a list": _locations({"PG": PG}, {"PG": {**PG, "types": ["a", "b"]}}),
    "a field the sample lacks": {
        **{f"L{n}": {"PG": PG} for n in range(70)},
        "L70": {"PG": {**PG, "late": 1}},
    },
    "external data that is text": _locations({"PH": PH}, {"PH": {**PH, "external_data": "n/a"}}),
    "a null location": _locations({"PG": PG}, None),  # type: ignore[arg-type]
}


@pytest.mark.parametrize("case", list(CASES))
def test_decoded_columns_are_the_rows_flattened(tmp_path: Path, case: str) -> None:
    path = tmp_path / "out.json"
    path.write_text(json.dumps(CASES[case]), encoding="utf-8")
    sent = list(CASES[case])
    decoded = decode_output([path], sent)
    assert decoded is not None
    assert _typed(decoded) == _typed(_row_path(path, sent))


@pytest.mark.parametrize("case", list(FALLBACKS))
def test_what_the_decoder_does_not_take_goes_row_by_row(tmp_path: Path, case: str) -> None:
    path = tmp_path / "out.json"
    path.write_text(json.dumps(FALLBACKS[case]), encoding="utf-8")
    assert decode_output([path], list(FALLBACKS[case])) is None


@pytest.mark.parametrize(
    ("text", "sent", "decoded"),
    [
        # A location given twice: its last value, as the row path reads it (the decoder checks
        # the first value too, whose fields its sample of last values lacks: the row path).
        ('{"A":{"PG":{"is_success":false}},"B":{"PG":{"confidence":1}},"A":{"PG":{"confidence":2}}}',
         ["A", "B"], False),
        ('{"A":{"PG":{"confidence":1}},"B":{"PG":{"confidence":1}},"A":{"PG":{"confidence":2}}}',
         ["A", "B"], True),
        # Numbers orjson reads otherwise than a plain JSON parser: left to the row path.
        ('{"A":{"PG":{"n":18446744073709551616}}}', ["A"], False),
        ('{"A":{"PG":{"n":9223372036854775808}}}', ["A"], False),
        ('{"A":{"PG":{"n":-9223372036854775808, "x": 1e308}}}', ["A"], True),
        # Ids other than the job's.
        ('{"A":{"PG":{"n":1}},"C":{"PG":{"n":1}}}', ["A", "B"], False),
        ('{"A":{"PG":{"n":1}}}', ["A", "B"], False),
        ('{"A":{"PG":{"n":1}},"B":{"PG":{"n":1}}}', ["B", "A"], True),
        ('{"A":{"PG":{"s":"\\ud83d\\ude00 \\u00e9 \\n"}}}', ["A"], True),
    ],
)  # fmt: skip
def test_raw_files(tmp_path: Path, text: str, sent: list[str], decoded: bool) -> None:
    path = tmp_path / "out.json"
    path.write_text(text, encoding="utf-8")
    batch = decode_output([path], sent)
    assert (batch is not None) == decoded
    if batch is not None:
        assert _typed(batch) == _typed(_row_path(path, sent))


def _rows_written(block: Block, delimiter: str, newline: str, escape: bool) -> tuple[bytes, int]:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator=newline)
    changes: Counter[str] = Counter()
    for row in block.rows():
        cells = csv_cells(row)
        writer.writerow(escape_formulas(cells, changes) if escape else cells)
    return out.getvalue().encode("utf-8"), sum(changes.values())


_TEXT = st.text(st.sampled_from(list("ab1.-+=@ \t\r\n\",;'é😀e")), max_size=8)
_VALUES = {
    "text": _TEXT,
    "int": st.integers(-(2**70), 2**70),
    "float": st.floats(allow_nan=True, allow_infinity=True),
    "small float": st.floats(-1e-3, 1e-3),
    "bool": st.booleans(),
}
_ANY = st.one_of(*_VALUES.values(), st.lists(_TEXT, max_size=2))


@st.composite
def _blocks(draw: st.DrawFn) -> Block:
    rows = draw(st.integers(1, 6))
    columns = []
    for _ in range(draw(st.integers(2, 5))):
        kind = draw(st.sampled_from([*_VALUES, "mixed"]))
        value = _ANY if kind == "mixed" else _VALUES[kind]
        values = draw(st.lists(st.one_of(st.none(), value), min_size=rows, max_size=rows))
        typed = _series(values, draw(st.sampled_from(["whole", "slice", "chunks"])))
        columns.append(values if typed is None or not draw(st.booleans()) else typed)
    # The values drawn are of exact built-in types: said so, or not.
    return Block(columns, rows, draw(st.sampled_from([None, 0, len(columns) - 1])))


def _series(values: list[Any], layout: str = "whole") -> Any:
    """``values`` as a typed polars Series (as the polars decoder gives results), or None;
    whole, a slice of a longer Series (its Arrow views at an offset), or in two chunks."""
    import polars as pl

    kinds = {type(v) for v in values} - {type(None)}
    dtype = {
        frozenset(): pl.Null, frozenset({str}): pl.String, frozenset({float}): pl.Float64,
        frozenset({bool}): pl.Boolean, frozenset({int}): pl.Int64,
    }.get(frozenset(kinds))  # fmt: skip
    if dtype is None or (dtype == pl.Int64 and any(abs(v) >= 2**63 for v in values if v)):
        return None
    if layout == "slice":  # the cells around hold what the checks look for
        around = ["=x", ""] if dtype == pl.String else [None, None]
        return pl.Series([*around, *values, *around], dtype=dtype).slice(2, len(values))
    if layout == "chunks" and len(values) > 1:
        half = len(values) // 2
        parts = [pl.Series(values[:half], dtype=dtype), pl.Series(values[half:], dtype=dtype)]
        return pl.concat(parts, rechunk=False)
    return pl.Series(values, dtype=dtype)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    block=_blocks(),
    delimiter=st.sampled_from([",", "\t", ";", ".", "e", "1", "-"]),  # some in numbers
    newline=st.sampled_from(["\n", "\r\n"]),
    escape=st.booleans(),
    views=st.booleans(),
)
@example(  # a line of a cell starting like a formula: the cell does not
    block=Block([["a\n=b", "x"], ["c\n-d", None]], 2),
    delimiter=",",
    newline="\n",
    escape=True,
    views=True,
)
@example(  # a float column both not finite and small
    block=Block([[None, None], [3.4e-252, float("nan")]], 2),
    delimiter=",",
    newline="\n",
    escape=False,
    views=True,
)
def test_a_block_as_text_is_what_the_row_writer_writes(
    block: Block, delimiter: str, newline: str, escape: bool, views: bool
) -> None:
    changes: Counter[str] = Counter()
    with mock.patch.object(csv_block_module, "_firsts", _firsts if views else lambda s: None):
        text = csv_block(block, delimiter, newline, escape, changes)  # views unread: in full
    expected, escaped = _rows_written(block, delimiter, newline, escape)
    holds_cr = any("\r" in str(v) for column in block.columns for v in column)
    if newline == "\r\n" or not holds_cr:
        assert text is not None  # the block is not sent row by row without a reason
    if text is not None:
        assert text == expected
        assert sum(changes.values()) == escaped


def test_a_place_batch_says_its_values_are_of_exact_types_and_is_so() -> None:
    from bulk_enrich.columnar.place_decode import PlaceDecoder, concat

    from tests.unit.test_place_decode import ADVERSARIAL, page

    decoder = PlaceDecoder()
    pages = [decoder.decode(page(ADVERSARIAL[:3])), decoder.decode(page(ADVERSARIAL[3:]))]
    batches = [b for b in pages if b is not None]
    assert len(batches) == 2
    exact = {str, int, float, bool, list, dict, type(None)}
    for batch in [*batches, concat(batches)]:
        assert batch.exact
        assert {type(v) for values in batch.columns.values() for v in values} <= exact
    assert not concat([batches[0], ResultBatch(["x"], {"a": ["b"]})]).exact
