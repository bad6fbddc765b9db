"""Column mapping, the resume journal and the progress display."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from bulk_enrich.cli.errors import InputError, UsageError
from bulk_enrich.cli.journal import Journal, journal_path, open_journal, remove_tree
from bulk_enrich.cli.mapping import detect_mapping
from bulk_enrich.cli.progress import Progress, format_duration
from bulk_enrich.cli.readers import Row

P = Path("sov.csv")


def test_detects_sov_headers_and_street_address() -> None:
    cols = ["Loc #", "Street Address", "City", "State", "Zip", "Latitude", "Longitude", "Value"]
    m = detect_mapping(P, cols, "ping")
    assert m.as_dict() == {
        "city": "City",
        "id": "Loc #",
        "latitude": "Latitude",
        "longitude": "Longitude",
        "postal_code": "Zip",
        "state": "State",
        "street": "Street Address",
    }
    row = Row(3, ["", " 1 MAIN st ", "Boston", "ma", "", "42.1", "-71", "9"], "line 4")
    assert m.location(row) == {
        "id": "row-3",
        "address_line_1": "1 MAIN st",
        "city": "Boston",
        "state": "ma",
        "latitude": 42.1,
        "longitude": -71.0,
    }


def test_address_column_is_full_address_without_parts() -> None:
    m = detect_mapping(P, ["ID", "Address"], "ping")
    assert m.location(Row(1, ["7", "1 Main St, Boston, MA"], "")) == {
        "id": "7",
        "address": "1 Main St, Boston, MA",
    }
    m = detect_mapping(P, ["ID", "Address", "City"], "ping")
    assert m.location(Row(1, ["7", "1 Main St", "Boston"], "")) == {
        "id": "7",
        "address_line_1": "1 Main St",
        "city": "Boston",
    }


def test_numeric_zip_and_id_from_spreadsheet() -> None:
    m = detect_mapping(P, ["id", "zip"], "ping")
    assert m.location(Row(1, [101.0, 2110], "")) == {"id": "101", "postal_code": "02110"}


def test_overrides_and_disabling() -> None:
    cols = ["id", "Where", "lat"]
    m = detect_mapping(P, cols, "ping", {"address": "where", "id": "-", "latitude": "-"})
    assert m.as_dict() == {"address": "Where"}
    located = m.location(Row(5, ["x", "Somewhere", "1"], ""))
    assert located == {"id": "row-5", "address": "Somewhere"}
    with pytest.raises(UsageError, match=r"no column 'Nope' \(given to --city-column\)"):
        detect_mapping(P, cols, "ping", {"city": "Nope"})
    with pytest.raises(UsageError, match="--name-column does not apply"):
        detect_mapping(P, cols, "ping", {"name": "Where"})


def test_bad_coordinate_names_row_and_column() -> None:
    m = detect_mapping(P, ["id", "Lat", "Lon"], "ping")
    with pytest.raises(InputError) as info:
        m.location(Row(4, ["a", "north", "3"], "line 5"))
    assert str(info.value) == "sov.csv, row 4 (line 5), column 'Lat': 'north' is not a number"
    with pytest.raises(InputError, match="outside"):
        m.location(Row(4, ["a", "1", "200"], "line 5"))


def test_place_job_and_required_name() -> None:
    cols = ["store_id", "name", "address", "city", "state", "postal_code", "phone", "country"]
    m = detect_mapping(P, cols, "places")
    values = ["S1", "Blue Fern", "1 Main St", "Boston", "MA", "02110", "", "us"]
    job = m.place_job(Row(1, values, ""))
    assert job == {
        "place_id": "S1",
        "inputs": {
            "name": "Blue Fern",
            "full_address": "1 Main St, Boston, MA 02110",
            "street": "1 Main St",
            "city": "Boston",
            "state": "MA",
            "postalCode": "02110",
            "country_code": "US",
        },
    }
    with pytest.raises(UsageError, match="--name-column"):
        detect_mapping(P, ["id", "address"], "places")


def _journal(tmp_path: Path, **kw: object) -> Journal:
    base: dict[str, object] = {
        "path": journal_path(tmp_path / "out.csv"),
        "command": "ping enhance",
        "input_path": "/x/sov.csv",
        "input_sha256": "abc",
        "options": {"sources": ["PG"], "chunk_size": 10},
        "origin": "http://127.0.0.1:1",
    }
    base.update(kw)
    return Journal(**base)  # type: ignore[arg-type]


def test_journal_records_and_resumes(tmp_path: Path) -> None:
    journal, resumed = open_journal(_journal(tmp_path), restart=False)
    assert not resumed
    journal.record(1, "job-b")
    journal.record(0, "job-a")
    raw = json.loads(journal.path.read_text())
    assert raw["version"] == 1
    assert raw["chunks"] == {"0": "job-a", "1": "job-b"}
    assert "key" not in json.dumps(raw).lower()
    again, resumed = open_journal(_journal(tmp_path), restart=False)
    assert resumed
    assert again.chunks == {0: "job-a", 1: "job-b"}
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"input_sha256": "def"}, "the input file changed"),
        ({"options": {"sources": ["PH"], "chunk_size": 10}}, "options differ: sources was"),
        ({"origin": "http://127.0.0.1:2"}, "its jobs live on"),
    ],
)
def test_journal_refuses_changed_run_unless_restart(
    tmp_path: Path, change: dict[str, object], reason: str
) -> None:
    journal, _ = open_journal(_journal(tmp_path), restart=False)
    journal.record(0, "job-a")
    with pytest.raises(UsageError, match=reason) as info:
        open_journal(_journal(tmp_path, **change), restart=False)
    assert "--restart" in str(info.value)
    fresh, resumed = open_journal(_journal(tmp_path, **change), restart=True)
    assert not resumed
    assert fresh.chunks == {}
    assert json.loads(fresh.path.read_text())["chunks"] == {}


def test_remove_tree_removes_a_parts_directory_and_follows_no_link(tmp_path: Path) -> None:
    parts = tmp_path / "out.csv.parts"
    (parts / "sub").mkdir(parents=True)
    for i in range(9):
        (parts / f"chunk-{i:05d}.json").write_bytes(b"{}" * 1000)
    (parts / "sub" / "inner").write_text("x")
    kept = tmp_path / "kept"
    kept.mkdir()
    (kept / "file").write_text("mine")
    (parts / "link-to-dir").symlink_to(kept, target_is_directory=True)
    (parts / "link-to-file").symlink_to(kept / "file")
    remove_tree(parts)
    assert not parts.exists()
    assert (kept / "file").read_text() == "mine"
    remove_tree(parts)  # absent: nothing to do
    remove_tree(kept / "file")  # not a directory: left alone
    assert (kept / "file").exists()


def test_corrupt_journal_is_a_usage_error(tmp_path: Path) -> None:
    path = journal_path(tmp_path / "out.csv")
    path.write_text("{not json")
    with pytest.raises(UsageError, match="unreadable resume journal"):
        open_journal(_journal(tmp_path), restart=False)
    path.write_text(json.dumps({"version": 99}))
    with pytest.raises(UsageError, match="version 99"):
        open_journal(_journal(tmp_path), restart=False)


def test_progress_plain_and_none() -> None:
    stream = io.StringIO()
    progress = Progress(mode="plain", stream=stream, interval=3600)
    progress.update(10, 100, 0, 2)
    progress.update(20, 100, 1, 2)  # within the interval: not drawn
    progress.update(100, 100, 2, 2)  # complete: drawn
    progress.close()
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("10/100 locations  10%  jobs 0/2")
    assert lines[1].startswith("100/100 locations 100%  jobs 2/2")
    quiet = io.StringIO()
    progress = Progress(mode="none", stream=quiet)
    progress.update(1, 2, 0, 1)
    progress.message("hello")
    progress.close()
    assert quiet.getvalue() == ""


def test_progress_bar_redraws_in_place() -> None:
    stream = io.StringIO()
    progress = Progress(mode="bar", stream=stream)
    progress.update(50, 100, 1, 2)
    progress.close()
    out = stream.getvalue()
    assert out.startswith("\r[")
    assert "50/100 locations" in out
    assert out.endswith("\n")


def test_format_duration() -> None:
    assert [format_duration(s) for s in (3, 125, 7300)] == ["3s", "2m05s", "2h01m"]
