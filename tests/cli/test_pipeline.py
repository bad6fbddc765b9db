"""The shape of a spreadsheet run: one pipeline for both APIs, the input read once, typed
options, and the spool that carries the input's cells to the output."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from bulk_enrich.cli import enrich, output, ping_api
from bulk_enrich.cli.apis import Api
from bulk_enrich.cli.journal import journal_path, parts_dir
from bulk_enrich.cli.options import PingEnhanceOptions, PlaceQuery, build_options
from bulk_enrich.cli.parser import build_parser
from bulk_enrich.cli.ping_api import PingApi
from bulk_enrich.cli.place_api import PlaceApi
from bulk_enrich.cli.spool import BLOCK_RECORDS, RecordSpool

from .conftest import KEY, SOV_HEADER, SOV_ROWS, read_csv, write_csv

Run = Callable[..., tuple[int, str, str]]

# --------------------------------------------------------------------------- counting opens

_watched: dict[str, list[str]] = {}


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event != "open" or not _watched:
        return
    target = args[0]
    if isinstance(target, str | bytes | os.PathLike):
        name = os.fsdecode(target)
        if name in _watched:
            _watched[name].append(str(args[1]))


sys.addaudithook(_audit)  # audit hooks cannot be removed: this one is idle unless watching


@pytest.fixture
def count_opens() -> Iterator[Callable[[Path], list[str]]]:
    """Watch a path: the returned list collects the mode of every open of it."""

    def watch(path: Path) -> list[str]:
        return _watched.setdefault(os.fspath(path), [])

    yield watch
    _watched.clear()


def _ping(emulator: Any, src: Path, out: Path) -> list[str]:
    return [
        "ping", "enhance", str(src), "-o", str(out), "--sources", "PG,PH",
        "--base-url", emulator.base_url, "--api-key", KEY, "--chunk-size", "2",
    ]  # fmt: skip


def _places(emulator: Any, src: Path, out: Path) -> list[str]:
    return [
        "places", "enrich", str(src), "-o", str(out), "--attributes", "websites",
        "--base-url", emulator.base_url, "--api-key", KEY, "--org", "acme", "--chunk-size", "2",
    ]  # fmt: skip


@pytest.mark.parametrize("suffix", ["csv", "tsv", "jsonl", "parquet"])
def test_a_csv_input_is_read_once_plus_the_hash(
    emulator: Any,
    sov_csv: Path,
    tmp_path: Path,
    run_cli: Run,
    count_opens: Callable[[Path], list[str]],
    monkeypatch: pytest.MonkeyPatch,
    suffix: str,
) -> None:
    # A late column (the first row fails, the header is learned from one result: a first job
    # of one location) makes the output be written twice: still the input is not read again.
    monkeypatch.setattr(output, "COLUMN_SAMPLE", 1)
    monkeypatch.setattr(ping_api, "NO_FORM", "sent all the same")  # the first row is sent
    rows = [SOV_ROWS[4], *SOV_ROWS[:4], *SOV_ROWS[5:]]
    src = write_csv(tmp_path / "in.csv", SOV_HEADER, rows)
    opens = count_opens(src)
    out = tmp_path / f"out.{suffix}"
    code, _, stderr = run_cli(*_ping(emulator, src, out), "--chunk-size", "1")
    assert code == 0, stderr
    assert len(opens) == 2  # the hash (and encoding guess), then the rows
    assert "writing the output again" in stderr or suffix == "parquet"
    assert len(read_csv(out) if suffix == "csv" else out.read_bytes()) > 0


def test_places_reads_its_input_once_plus_the_hash(
    emulator: Any, tmp_path: Path, run_cli: Run, count_opens: Callable[[Path], list[str]]
) -> None:
    src = write_csv(
        tmp_path / "stores.csv",
        ["id", "name", "address"],
        [["S1", "Blue Fern Coffee", "100 Main St, Boston"], ["S2", "", "5 Elm St, Austin"]],
    )
    opens = count_opens(src)
    code, _, stderr = run_cli(*_places(emulator, src, tmp_path / "out.csv"))
    assert code == 0, stderr
    assert len(opens) == 2


def test_an_xlsx_input_is_opened_once_plus_the_hash(
    emulator: Any, tmp_path: Path, run_cli: Run, count_opens: Callable[[Path], list[str]]
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["id", "address", "when"])
    sheet.append(["a", "1 Main St, Boston, MA", dt.datetime(2024, 5, 1, 12, 30)])
    sheet.append(["b", "5 Elm St, Austin, TX", None])
    src = tmp_path / "in.xlsx"
    workbook.save(src)
    opens = count_opens(src)
    out = tmp_path / "out.jsonl"
    code, _, stderr = run_cli(*_ping(emulator, src, out))
    assert code == 0, stderr
    assert len(opens) == 2
    first = json.loads(out.read_text().splitlines()[0])
    assert first["when"] == "2024-05-01T12:30:00"  # a datetime cell kept through the spool
    assert first["PG.is_success"] is True


# --------------------------------------------------------------------------- one pipeline


def test_ping_and_places_go_through_the_same_pipeline(
    emulator: Any,
    sov_csv: Path,
    tmp_path: Path,
    run_cli: Run,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[Api] = []
    real = enrich.prepare_and_journal

    def spy(api: Api, run: Any) -> Any:
        seen.append(api)
        return real(api, run)

    monkeypatch.setattr(enrich, "prepare_and_journal", spy)
    stores = write_csv(tmp_path / "stores.csv", ["id", "name"], [["S1", "Blue Fern Coffee"]])
    assert run_cli(*_ping(emulator, sov_csv, tmp_path / "p.csv"))[0] == 0
    assert run_cli(*_places(emulator, stores, tmp_path / "s.csv"))[0] == 0
    assert [type(api) for api in seen] == [PingApi, PlaceApi]
    assert all(isinstance(api, Api) for api in seen)


# --------------------------------------------------------------------------- options


def test_options_are_typed_frozen_and_built_once() -> None:
    args = build_parser().parse_args(
        ["ping", "enhance", "in.csv", "-o", "out.csv", "--sources", "PG, PH,PG",
         "--no-cache", "--city-column", "Town", "--id-column", "-"]
    )  # fmt: skip
    options = build_options(args)
    assert isinstance(options, PingEnhanceOptions)
    assert options.sources == ("PG", "PH")
    assert options.check_cache is False
    assert options.run.input == Path("in.csv")
    assert options.run.columns == {"id": "-", "city": "Town"}
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.sources = ("PX",)  # type: ignore[misc]
    query = build_options(build_parser().parse_args(["places", "reprocess", "b1", "--all"]))
    assert query == PlaceQuery(query.connection, batch_id="b1", every_job=True)


# --------------------------------------------------------------------------- spool and cleanup


def test_record_spool_keeps_values_and_order_and_deletes_its_file(tmp_path: Path) -> None:
    path = tmp_path / "parts" / "rows.spool"
    records: list[tuple[Any, ...]] = [(f"id{i}", [str(i), i, 0.5, None, True]) for i in range(3)]
    records.append(("d", [dt.date(2024, 1, 2), dt.datetime(2024, 1, 2, 3, 4)]))
    records += [(f"more{i}", [i]) for i in range(BLOCK_RECORDS + 5)]
    with RecordSpool(path) as spool:
        for record in records:
            spool.put(record)
        assert spool.count == len(records)
        assert [(i, list(v)) for i, v in spool.replay()] == records
        assert list(spool.replay())[3] == records[3]  # replayed again from the start
    assert not path.exists()


def test_a_bad_row_leaves_no_directory_behind(emulator: Any, tmp_path: Path, run_cli: Run) -> None:
    src = write_csv(tmp_path / "bad.csv", ["id", "lat", "lon"], [["1", "north", "3"]])
    out = tmp_path / "new" / "deeper" / "out.csv"
    code, _, stderr = run_cli(*_ping(emulator, src, out))
    assert code == 2
    assert "'north' is not a number" in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv"]
    assert emulator.stats()["jobs_created"] == 0


def test_a_refused_resume_keeps_the_existing_parts_directory(
    emulator: Any, sov_csv: Path, tmp_path: Path, run_cli: Run
) -> None:
    out = tmp_path / "out.csv"
    parts = parts_dir(out)
    parts.mkdir()
    (parts / "chunk-0.json").write_text("{}")
    journal_path(out).write_text(json.dumps({"version": 99}))
    code, _, stderr = run_cli(*_ping(emulator, sov_csv, out))
    assert code == 2
    assert "version 99" in stderr
    assert sorted(p.name for p in parts.iterdir()) == ["chunk-0.json"]
    assert len(read_csv(sov_csv)) == len(SOV_ROWS)
