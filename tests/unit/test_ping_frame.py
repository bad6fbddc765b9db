"""The polars decoders of Ping outputs against the row-at-a-time code they stand in for.

Whatever the output holds, :func:`decode_frame` and each of its two decoders (msgspec's typed
one, in chunks; pyarrow's) give exactly the row path's flat columns (same values, same Python
types, floats to the last digit and sign) or None.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bulk_enrich.batches import ResultBatch
from bulk_enrich.columnar import ping_typed
from bulk_enrich.columnar.ping_frame import decode_arrow, decode_frame
from bulk_enrich.columnar.ping_typed import decode_typed
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_columnar import CASES, FALLBACKS, _row_path


def _typed(batch: ResultBatch) -> dict[str, list[tuple[type, str]]]:
    return {k: [(type(v), repr(v)) for v in vs] for k, vs in batch.columns.items()}


Decoder = Callable[[bytes, list[str]], ResultBatch | None]


def _check(path: Path, sent: list[str], decoder: Decoder | None = None) -> ResultBatch | None:
    """The decoded batch (by ``decoder``, else :func:`decode_frame`), asserted equal to the
    row path's when there is one."""
    batch = decode_frame([path], sent) if decoder is None else decoder(path.read_bytes(), sent)
    if batch is not None:
        assert batch.frame is not None
        assert batch.ids == sent
        assert _typed(batch) == _typed(_row_path(path, sent))
    return batch


TAKEN = [
    "plain",
    "external null, absent, present",
    "flags that are not true",
    "fields the first lacks, a source missing",
    "external fields named like the source's",
]


@pytest.mark.parametrize("case", list(CASES))
def test_the_columnar_cases(tmp_path: Path, case: str) -> None:
    path = tmp_path / "out.json"
    path.write_text(json.dumps(CASES[case]), encoding="utf-8")
    batch = _check(path, list(CASES[case]))
    assert (batch is not None) == (case in TAKEN)


@pytest.mark.parametrize("case", list(FALLBACKS))
def test_what_the_msgspec_decoder_leaves(tmp_path: Path, case: str) -> None:
    path = tmp_path / "out.json"
    path.write_text(json.dumps(FALLBACKS[case]), encoding="utf-8")
    _check(path, list(FALLBACKS[case]))  # a late field or a null location: taken, exactly


@pytest.mark.parametrize(
    ("text", "typed", "arrow"),
    [
        ('{"A":{"PG":{"x":1.5}},"B":{"PG":{"x":2}}}', False, False),  # an int in a float column
        ('{"A":{"PG":{"x":1.5,"s":"1.5"}},"B":{"PG":{"x":2,"s":"a"}}}', False, False),
        ('{"A":{"PG":{"x":1.5,"s":"\\u002e"}},"B":{"PG":{"x":2.0}}}', True, False),
        ('{"A":{"PG":{"x":1.5}},"B":{"PG":{"x":2.0}}}', True, True),
        ('{"A":{"PG":{"x":1e-05}},"B":{"PG":{"x":2.0}}}', True, False),  # a float without a dot
        ('{"A":{"PG":{"x":1,"x":null}},"B":{"PG":{"x":2}}}', True, False),  # a key twice
        ('{"A":{"PG":{"x":9223372036854775808}},"B":{"PG":{"x":2}}}', False, False),
        ('{"A":{"PG":{"x":"\\ud83d"}},"B":{"PG":{"x":"a"}}}', False, False),
        ('{"A":{"PG":{"x":"\\ud83d\\ude00"}},"B":{"PG":{"x":"a"}}}', True, True),
        ('{"A":{"PH":{"external_data" :null}},"B":{"PH":{"external_data":{"e":1}}}}', True, False),
        ('{"A":{"PH":{"external_data":null}},"B":{"PH":{"external_data":{"e":1}}}}', True, True),
        ('{"A":{"PH":{"external_data":null}},"B":{"PH":{"external_data":{"\\u0001":1}}}}',
         False, False),
        ('{"A":{"PH":{"external_data":{"external_data":null}}},"B":{"PH":{}}}', False, False),
        ('{"A":{"PG":{"d":"2024-01-01 00:00:00"}},"B":{"PG":{"d":"2024-01-02 00:00:00"}}}',
         True, True),
        ('{"A":{"PG":{"a.b":1.5}},"B":{"PG":{"x":2}}}', True, False),  # a dot in a name
        ('{"A":{"PG":{"x":[1]}},"B":{"PG":{"x":null}}}', False, False),
        ('{"A":null,"B":{"PG":{"x":1}}}', False, False),  # pyarrow may crash on a first null
        ('{"A":{"PG":null},"B":{"PG":{"x":1}}}', True, True),
        ('{"A":{"PG":{}},"B":{"PG":{"x":1}}}', True, True),
        ('{\n "A": {"PG": {"x": 1.5}},\r\n "B": {"PG": {"x": -0.0}}\n}', True, True),
        # Keys msgspec cannot name a field by, sources giving one column name.
        ('{"A":{"PG":{"\\u0001":1}},"B":{"PG":{}}}', False, True),
        ('{"A":{"X.Y":{"z":1},"X":{"Y.z":2}},"B":{}}', False, False),
        ('{"A":{"X.Y":{"z":1}},"B":{"X":{"Y.z":2}}}', False, False),
        # A location given twice: its last value (msgspec checks the first one too).
        ('{"A":{"PG":{"x":1}},"B":{"PG":{"y":2}},"A":{"PG":{"y":3}}}', False, True),
        ('{"A":{"PG":{"y":1}},"B":{"PG":{"y":2}},"A":{"PG":{"y":3}}}', True, True),
        ('{"A":{"PG":{"n":1,"s":"a"}},"B":{"PG":{"n":2.5,"s":"b"}}}', False, False),  # int, float
        ('{"A":{"PG":{"s":"a"}},"B":{"PG":{"s":1}}}', False, False),  # text, then a number
    ],
)  # fmt: skip
def test_raw_files(tmp_path: Path, text: str, typed: bool, arrow: bool) -> None:
    path = tmp_path / "out.json"
    path.write_text(text, encoding="utf-8")
    assert (_check(path, ["A", "B"], decode_typed) is not None) == typed
    assert (_check(path, ["A", "B"], decode_arrow) is not None) == arrow
    assert (_check(path, ["A", "B"]) is not None) == (typed or arrow)


def _in_chunks(chunk: int, sample: int) -> Decoder:
    return lambda data, sent: decode_typed(data, sent, chunk=chunk, sample=sample)


@pytest.mark.parametrize(
    ("text", "sample", "taken"),
    [
        # A given twice, the sample (the first A only) showing x, which the last A lacks: the
        # row path has no such column. In one chunk, the last A counts; in several, refused.
        ('{"A":{"PG":{"x":1,"y":0}},"B":{"PG":{"y":2}},"A":{"PG":{"y":3}}}', 27, False),
        ('{"A":{"PG":{"x":1,"y":0}},"B":{"PG":{"y":2}},"A":{"PG":{"y":3,"x":null}}}', 27, False),
        ('{"A":{"PG":{"x":1,"y":0}},"B":{"PG":{"y":2}},"A":{"PG":{"y":3,"x":4}}}', 27, True),
        ('{"A":{"PG":{"x":null,"y":0}},"B":{"PG":{"y":2}},"A":{"PG":{"y":3}}}', 30, True),
        # A field the sample lacks.
        ('{"A":{"PG":{"x":1}},"B":{"PG":{"y":2}}}', 21, False),
        # Cuts of chunks inside a string, a nested object, a number.
        ('{"A":{"PG":{"s":"a},"}},"B":{"PG":{"s":"b"}}}', 1 << 16, True),
        ('{"A":{"PG":{"e":1},"PH":{"e":2}},"B":{"PG":{"e":3},"PH":{"e":4}}}', 1 << 16, True),
        ('{"A":{"PG":{"s":"},\\"B\\":{"}},"B":{"PG":{"s":"b"}}}', 1 << 16, True),
        ('{"A":{"PG":{"n":-0.5e-3},"PH":{"n":1}} , "B":{"PG":{"n":2.0}}}', 1 << 16, True),
    ],
)  # fmt: skip
def test_sample_and_chunks(tmp_path: Path, text: str, sample: int, taken: bool) -> None:
    path = tmp_path / "out.json"
    path.write_text(text, encoding="utf-8")
    assert (_check(path, ["A", "B"], _in_chunks(1 << 16, sample)) is not None) == taken
    twice = len(json.loads(text)) < text.count('":{"PG"')
    for chunk in (1, 4, 16):
        taken_in_chunks = _check(path, ["A", "B"], _in_chunks(chunk, sample)) is not None
        assert taken_in_chunks == (taken and not twice)


@pytest.mark.parametrize("case", list(CASES))
def test_series_made_by_the_public_constructor_too(
    tmp_path: Path, case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ping_typed, "FAST_SERIES", False)
    path = tmp_path / "out.json"
    path.write_text(json.dumps(CASES[case]), encoding="utf-8")
    assert (_check(path, list(CASES[case]), decode_typed) is not None) == (case in TAKEN)


@pytest.mark.parametrize(
    "raw",
    [b"\xed\xa0\xbd", b"\xed\xb8\x80", b"\xff", b"\xc0\xaf", b"\xf4\x90\x80\x80", b"\xe0\x80\x80"],
)
def test_invalid_utf8_is_not_taken(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "out.json"
    path.write_bytes(b'{"A":{"PG":{"s":"' + raw + b'"}},"B":{"PG":{"s":"\xed\x9f\xbf"}}}')
    for decoder in (decode_typed, decode_arrow):
        assert _check(path, ["A", "B"], decoder) is None
    assert decode_frame([path], ["A", "B"]) is None


def test_ids_other_than_the_jobs(tmp_path: Path) -> None:
    path = tmp_path / "out.json"
    path.write_text('{"A":{"PG":{"x":1}},"B":{"PG":{"x":2}}}', encoding="utf-8")
    assert decode_frame([path], ["A", "C"]) is None
    assert decode_frame([path], ["A"]) is None
    assert _check(path, ["B", "A"]) is not None  # another order: the job's


NAMES = ["is_success", "error_message", "confidence", "city", "elevation", "n", "é", ""]
_PLAIN = st.text(st.sampled_from(list("ab1 ,:-é😀")), max_size=6)
_TRICKY = st.text(st.sampled_from(list('ab1.e":,{}[]\\/\n\x00\x01é😀')), max_size=6)
_SPECIAL = ["external_data", '"external_data":null', "\\u0001", "1.5", "\ud83d", "\ude00x"]
_TEXT = st.one_of(*[_PLAIN] * 8, *[_TRICKY] * 3, st.sampled_from(_SPECIAL))
_FLOATS = st.one_of(
    st.floats(-1e6, 1e6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([1e-05, 1e16, 2.0, -0.0, 0.0, 1.5e-07, 123456789.125]),
)
_INTS = st.one_of(
    st.integers(-1000, 1000),
    st.integers(-(2**63), 2**63 - 1),
    st.sampled_from([2**63, -(2**63) - 1, 2**64, 2**70]),
)
_SCALAR = st.one_of(st.none(), st.booleans(), _INTS, _FLOATS, _TEXT)
_VALUE = st.one_of(
    _SCALAR, st.lists(_SCALAR, max_size=2), st.dictionaries(_TEXT, _SCALAR, max_size=2)
)
#: A field's values: mostly one kind per field (as a service writes them), at times any.
_KINDS = st.sampled_from([st.booleans(), _INTS, _FLOATS, _TEXT, st.none()] * 3 + [_SCALAR, _VALUE])
_CODES = st.sampled_from(["PG", "PH"] * 4 + ["X.Y"])


#: What a service writes: one kind per field, floats with a dot, text without surprises.
_TAME_KINDS = st.sampled_from(
    [
        st.booleans(),
        st.integers(-(2**63), 2**63 - 1),
        st.floats(-1e15, 1e15).filter(lambda f: "e" not in repr(f)),
        _PLAIN,
        st.none(),
    ]
)


@st.composite
def _outputs(draw: st.DrawFn, tame: bool = False) -> tuple[str, list[str]]:
    """A Ping output's text (compact or not, keys at times twice) and the job's ids."""
    kinds = {name: draw(_TAME_KINDS if tame else _KINDS) for name in NAMES}
    codes = st.sampled_from(["PG", "PH"]) if tame else _CODES
    pairs = []
    for _ in range(draw(st.integers(1, 6))):
        location: list[tuple[str, Any]] = []
        for code in draw(st.lists(codes, max_size=3, unique=tame)):
            if not tame and draw(st.integers(0, 19)) == 0:
                location.append((code, draw(_SCALAR)))
                continue
            names = draw(st.lists(st.sampled_from(NAMES), max_size=6, unique=tame))
            item: list[tuple[str, Any]] = [(n, draw(kinds[n])) for n in names]
            shape = draw(st.sampled_from(["absent", "null", "object", *([] if tame else ["text"])]))
            if shape != "absent":
                names = draw(st.lists(st.sampled_from(NAMES), unique=tame))
                ext = [(n, draw(kinds[n])) for n in names]
                value = {"null": None, "object": ext, "text": "n/a"}[shape]
                item.insert(draw(st.integers(0, len(item))), ("external_data", value))
            location.append((code, item))
        none = not tame and draw(st.integers(0, 29)) == 0
        pairs.append(
            (draw(_PLAIN if tame else _TEXT) + str(len(pairs)), None if none else location)
        )
    spaced = draw(st.booleans())
    ascii_only = draw(st.booleans())

    def dumps(value: Any) -> str:
        if isinstance(value, list) and all(isinstance(p, tuple) for p in value) and value:
            sep = ", " if spaced else ","
            inner = sep.join(f"{dumps(k)}{': ' if spaced else ':'}{dumps(v)}" for k, v in value)
            return "{" + inner + "}"
        if isinstance(value, list) and not value:
            return "{}"
        return json.dumps(value, ensure_ascii=ascii_only)

    sent = [location_id for location_id, _ in pairs]
    if draw(st.booleans()):
        sent.reverse()
    return dumps(pairs), sent


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(output=_outputs())
# A dot in the name of a source that is null everywhere made up for an integer read as a float.
@example(output=('{"0":{"X.Y":null,"PG":{"error_message":9223372036854775808}}}', ["0"]))
@example(output=('{"A":{"PG":{"n":1.5}},"B":{"PG":{"n":2,"s":"x.y"}}}', ["A", "B"]))
@example(output=('{"A":{"PH":{"external_data":null,"n":"a"}},"B":{"PH":{}}}', ["A", "B"]))
# A lone surrogate written raw (json.loads reads it; pyarrow's reader let it into the frame).
@example(output=('{"0":{"PG":{"elevation":"\ud83d"}}}', ["0"]))
def test_any_output_is_decoded_exactly_or_not_at_all(
    tmp_path_factory: pytest.TempPathFactory, output: tuple[str, list[str]]
) -> None:
    text, sent = output
    path = tmp_path_factory.mktemp("frame") / "out.json"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        json.loads(path.read_bytes())
    except ValueError:  # not JSON (a lone surrogate written raw): not a Ping output either
        assert decode_frame([path], sent) is None
        return
    for decoder in (None, decode_typed, decode_arrow):
        _check(path, sent, decoder)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    output=_outputs(),
    chunk=st.sampled_from([1, 3, 8, 32, 1 << 16]),
    sample=st.sampled_from([1, 8, 24, 64, 1 << 16]),
)
def test_any_output_is_decoded_in_chunks_exactly_or_not_at_all(
    tmp_path_factory: pytest.TempPathFactory, output: tuple[str, list[str]], chunk: int, sample: int
) -> None:
    text, sent = output
    path = tmp_path_factory.mktemp("frame") / "out.json"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    batch = _check(path, sent, _in_chunks(chunk, sample))
    if batch is not None:
        assert sent == list(json.loads(path.read_bytes()))  # in the file's order only


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(output=_outputs(tame=True))
def test_a_services_output_is_decoded(
    tmp_path_factory: pytest.TempPathFactory, output: tuple[str, list[str]]
) -> None:
    text, sent = output
    path = tmp_path_factory.mktemp("frame") / "out.json"
    path.write_text(text, encoding="utf-8")
    assert _check(path, sent) is not None
    if sent == list(json.loads(text)):  # else the pyarrow decoder puts them in order
        assert _check(path, sent, decode_typed) is not None


@pytest.mark.parametrize("case", TAKEN)
def test_a_frames_batch_as_lists_rows_polars_and_tally(tmp_path: Path, case: str) -> None:
    from bulk_enrich.cli.ping_api import SourceTally

    path = tmp_path / "out.json"
    path.write_text(json.dumps(CASES[case]), encoding="utf-8")
    sent = list(CASES[case])
    batch = decode_frame([path], sent)
    assert batch is not None
    assert batch.frame is not None
    lists = ResultBatch(sent, _row_path(path, sent).columns)
    assert batch.names() == batch.frame.columns
    assert set(batch.names()) == set(lists.columns)
    assert sorted(batch.rows()) == sorted(lists.rows())
    frame = batch.to_polars()
    assert frame.columns == ["id", *batch.frame.columns]
    assert frame.to_dicts() == [{"id": i, **row} for i, row in batch.rows()]
    for names in (["PG", "PH", "PZ"], ["PG", "PH"], ["PH"]):  # PZ: in no case
        tallies = []
        for columns in (batch.series(), lists.columns):
            tally = SourceTally(names, "source")
            tally.add_columns(columns, len(sent))
            tallies.append(tally)
        assert tallies[0] == tallies[1]
        assert tallies[0].rows == len(sent)
