"""The columnar path writes the very bytes the row-at-a-time path writes.

Each run is made twice against the same (deterministic) emulator: with the columnar path on,
and with it off (``bulk_enrich.batches.ENABLED``), and the two outputs compared byte for byte
(XLSX, whose container records when it was written, by every cell). Spies count the jobs the
columnar decoder took and the blocks written as whole text, so a columnar path that silently
stopped running fails here too.
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bulk_enrich import batches
from bulk_enrich.cli import write_text
from bulk_enrich.cli.lazyitems import LazyItems
from bulk_enrich.columnar import ping_decode, ping_frame, place_decode

from bench import datagen

from .conftest import KEY

Run = Callable[..., tuple[int, str, str]]
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FORMATS = ["csv", "tsv", "jsonl", "json", "parquet", "xlsx"]

ADVERSARIAL_HEADER = ["id", "address", "city", "state", "postal_code", "latitude", "longitude",
                      "note", "amount"]  # fmt: skip
ADVERSARIAL_ROWS = [
    ["A1", '=HYPERLINK("http://x")', "Boston", "MA", "2110", "", "", "+1 555 0100", "-12.5"],
    ["A2", '5 Elm, Suite "B"', "Austin", "TX", "78701-1234", "", "", "@sum(A1)", "1e5"],
    ["A3", "line one\nline two", "Miami", "FL", "33101", "", "", "-x", "007"],
    ["A4", "", "", "", "", "41.8781", "-87.6298", "\ttab first", "-0.0"],
    ["A5", "1 Market St", "San Francisco", "CA", "94105", "37.79", "-122.39", "é ✓ 東京", ""],
    ["A6", "  padded  ", "Chicago", "IL", "60601", "", "", "a,b", "1,000"],
    ["A7", "=1+2", "Denver", "CO", "80202", "", "", "'quoted", "+5"],
    ["A8", "", "", "", "", "", "", "nothing to locate", "0"],
    ["A9", '5 Elm, Suite "B"', "Austin", "TX", "78701-1234", "", "", "a copy of A2", "x"],
    ["A10", "9 Oak Ave", "Miami", "FL", "33101", "", "", "x" * 5000, "3.14159265358979"],
    ["A11", "12 Pine Rd", "Seattle", "WA", "98101", "47.6", "-122.3", "", "-"],
]


@pytest.fixture
def spies(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Counts of jobs decoded by columns (``frames`` of them into polars columns, the rest by
    the msgspec decoder), of blocks written as whole text, of request bodies written from
    the input's columns, and of request items made a dict of after all."""
    counts = {"decoded": 0, "frames": 0, "blocks": 0, "bodies": 0, "made": 0}
    decode = ping_decode.decode_output
    frame = ping_frame.decode_frame
    block = write_text.csv_block

    def counted_decode(*args: Any) -> Any:
        batch = decode(*args)
        counts["decoded"] += batch is not None
        return batch

    def counted_frame(*args: Any) -> Any:
        batch = frame(*args)
        counts["decoded"] += batch is not None
        counts["frames"] += batch is not None
        return batch

    def counted_block(*args: Any) -> Any:
        text = block(*args)
        counts["blocks"] += text is not None
        return text

    json_array, made = LazyItems.json_array, LazyItems.__getitem__

    def counted_json(items: LazyItems, start: int, stop: int) -> bytes:
        counts["bodies"] += 1
        return json_array(items, start, stop)

    def counted_made(items: LazyItems, span: slice) -> list[dict[str, Any]]:
        out = made(items, span)
        counts["made"] += len(out)
        return out

    monkeypatch.setattr(LazyItems, "json_array", counted_json)
    monkeypatch.setattr(LazyItems, "__getitem__", counted_made)
    monkeypatch.setattr(ping_decode, "decode_output", counted_decode)
    monkeypatch.setattr(ping_frame, "decode_frame", counted_frame)
    monkeypatch.setattr(write_text, "csv_block", counted_block)
    return counts


def _both_ways(
    run_cli: Run, monkeypatch: pytest.MonkeyPatch, argv: Callable[[Path], list[str]], out: Path
) -> tuple[Path, Path]:
    """The output written with the columnar path, and with the row path."""
    fast = out.with_name("fast-" + out.name)
    code, _, stderr = run_cli(*argv(fast))
    assert code == 0, stderr
    monkeypatch.setattr(batches, "ENABLED", False)
    rows = out.with_name("rows-" + out.name)
    code, _, stderr = run_cli(*argv(rows))
    assert code == 0, stderr
    monkeypatch.setattr(batches, "ENABLED", True)
    return fast, rows


def _same(fast: Path, rows: Path) -> None:
    if fast.suffix != ".xlsx":
        assert fast.read_bytes() == rows.read_bytes()
        return
    import openpyxl

    def cells(path: Path) -> list[tuple[Any, ...]]:
        return list(openpyxl.load_workbook(path, read_only=True)["enriched"].values)

    assert cells(fast) == cells(rows)
    with zipfile.ZipFile(fast) as a, zipfile.ZipFile(rows) as b:
        names = [n for n in a.namelist() if not n.startswith("docProps/")]
        assert names == [n for n in b.namelist() if not n.startswith("docProps/")]
        assert all(a.read(n) == b.read(n) for n in names)


def _ping(emulator: Any, src: Path, *extra: str) -> Callable[[Path], list[str]]:
    def argv(out: Path) -> list[str]:
        return [
            "ping", "enhance", str(src), "-o", str(out), "--sources", "PG,PH",
            "--base-url", emulator.base_url, "--api-key", KEY, "--chunk-size", "3", *extra,
        ]  # fmt: skip

    return argv


def _adversarial(path: Path, newline: str = "\n") -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator=newline)
        writer.writerow(ADVERSARIAL_HEADER)
        writer.writerows(ADVERSARIAL_ROWS)
    return path


@pytest.mark.parametrize("fmt", FORMATS)
def test_adversarial_values_every_format(
    emulator: Any,
    tmp_path: Path,
    run_cli: Run,
    monkeypatch: pytest.MonkeyPatch,
    spies: dict[str, int],
    fmt: str,
) -> None:
    src = _adversarial(tmp_path / "in.csv")
    fast, rows = _both_ways(run_cli, monkeypatch, _ping(emulator, src), tmp_path / f"o.{fmt}")
    _same(fast, rows)
    assert spies["decoded"] >= 3  # four jobs; the decoders took those they could
    assert spies["frames"] >= 3
    if fmt in ("csv", "tsv"):
        assert spies["blocks"] >= 1


@pytest.mark.parametrize(
    "extra",
    [
        ("--csv-formulas", "raw"),
        ("--output-delimiter", ";"),
        ("--output-encoding", "latin-1"),
        ("--no-dedupe",),
    ],
)
def test_adversarial_values_csv_settings(
    emulator: Any,
    tmp_path: Path,
    run_cli: Run,
    monkeypatch: pytest.MonkeyPatch,
    spies: dict[str, int],
    extra: tuple[str, ...],
) -> None:
    src = _adversarial(tmp_path / "in.csv")
    argv = _ping(emulator, src, *extra)
    fast, rows = _both_ways(run_cli, monkeypatch, argv, tmp_path / "o.csv")
    _same(fast, rows)
    assert spies["decoded"] >= 3


def test_crlf_input_and_a_carriage_return_in_a_cell(
    emulator: Any,
    tmp_path: Path,
    run_cli: Run,
    monkeypatch: pytest.MonkeyPatch,
    spies: dict[str, int],
) -> None:
    src = _adversarial(tmp_path / "in.csv", newline="\r\n")
    rows = list(ADVERSARIAL_ROWS)
    rows[3] = [*rows[3][:7], "bare\rreturn", "1"]
    with src.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows([ADVERSARIAL_HEADER, *rows])
    fast, slow = _both_ways(run_cli, monkeypatch, _ping(emulator, src), tmp_path / "o.csv")
    _same(fast, slow)
    assert b"\r\n" in fast.read_bytes()
    assert spies["blocks"] >= 1


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_the_bench_data(
    emulator: Any,
    tmp_path: Path,
    run_cli: Run,
    monkeypatch: pytest.MonkeyPatch,
    spies: dict[str, int],
    fmt: str,
) -> None:
    src = datagen.locations_csv(tmp_path / "data", 2_000)
    argv = _ping(emulator, src, "--chunk-size", "500")
    fast, rows = _both_ways(run_cli, monkeypatch, argv, tmp_path / f"o.{fmt}")
    _same(fast, rows)
    assert spies["frames"] == 4  # every job into polars columns
    assert spies["bodies"] == 4  # every job's locations sent as their columns wrote them
    assert spies["made"] == 0
    if fmt == "csv":
        assert spies["blocks"] >= 4


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_example_portfolio(
    emulator: Any,
    tmp_path: Path,
    run_cli: Run,
    monkeypatch: pytest.MonkeyPatch,
    spies: dict[str, int],
    fmt: str,
) -> None:
    argv = _ping(emulator, EXAMPLES / "sov.csv", "--chunk-size", "250")
    fast, rows = _both_ways(run_cli, monkeypatch, argv, tmp_path / f"o.{fmt}")
    _same(fast, rows)
    assert spies["decoded"] >= 1


@pytest.mark.parametrize("src", ["stores", "bench"])
def test_places(
    emulator: Any,
    tmp_path: Path,
    run_cli: Run,
    monkeypatch: pytest.MonkeyPatch,
    spies: dict[str, int],
    src: str,
) -> None:
    pages = {"decoded": 0}
    decode = place_decode.PlaceDecoder.decode_page

    def counted(self: place_decode.PlaceDecoder, raw: bytes) -> Any:
        found = decode(self, raw)
        pages["decoded"] += found is not None
        return found

    monkeypatch.setattr(place_decode.PlaceDecoder, "decode_page", counted)
    path = EXAMPLES / "stores.csv" if src == "stores" else datagen.places_csv(tmp_path, 600)

    def argv(out: Path) -> list[str]:
        return [
            "places", "enrich", str(path), "-o", str(out),
            "--attributes", "websites,phoneNumbers,categories", "--base-url", emulator.base_url,
            "--api-key", KEY, "--org", "acme", "--chunk-size", "200",
        ]  # fmt: skip

    fast, rows = _both_ways(run_cli, monkeypatch, argv, tmp_path / "o.csv")
    _same(fast, rows)
    assert pages["decoded"] >= 2  # every batch's pages by columns
    if src == "bench":  # every batch's jobs sent as their columns wrote them
        assert spies["bodies"] == 3
        assert spies["made"] == 0
