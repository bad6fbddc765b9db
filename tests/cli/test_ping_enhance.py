"""``bulk-enrich ping enhance`` against the emulator over real HTTP on loopback."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bulk_enrich.cli import output, ping_api
from bulk_enrich.cli.journal import Journal, journal_path, parts_dir
from bulk_enrich.cli.readers import open_table
from bulk_enrich.cli.resultstore import ResultStore
from bulk_enrich.cli.writers import WriteSettings, write_table

from .conftest import KEY, SOV_HEADER, SOV_ROWS, read_csv, run_process, write_csv

Run = Callable[..., tuple[int, str, str]]


def _enhance(emulator: Any, src: Path, out: Path, *extra: str) -> list[str]:
    return [
        "ping", "enhance", str(src), "-o", str(out), "--sources", "PG,PH",
        "--base-url", emulator.base_url, "--api-key", KEY, "--chunk-size", "2", *extra,
    ]  # fmt: skip


def test_enhance_writes_every_row_and_column(
    emulator: Any, sov_csv: Path, tmp_path: Path, run_cli: Run
) -> None:
    out = tmp_path / "out" / "sov.enriched.csv"
    code, stdout, stderr = run_cli(*_enhance(emulator, sov_csv, out))
    assert code == 0, stderr
    rows = read_csv(out)
    assert len(rows) == len(SOV_ROWS)
    header = list(rows[0])
    assert header[: len(SOV_HEADER)] == SOV_HEADER
    assert header[len(SOV_HEADER) : len(SOV_HEADER) + 3] == [
        "input_form",
        "PG.is_success",
        "PG.error_message",
    ]
    assert "PG.latitude" in header
    assert "PH.fema_flood_zone" in header
    assert header.index("PH.is_success") > max(
        i for i, h in enumerate(header) if h.startswith("PG.")
    )
    # input values kept as they were, in order
    assert [r["Street Address"] for r in rows] == [r[2] for r in SOV_ROWS]
    by_name = {r["Building"]: r for r in rows}
    assert by_name["Main Plant"]["PG.is_success"] == "true"
    assert by_name["Coords only"]["PG.is_success"] == "true"
    nothing = by_name["Nothing usable"]
    assert nothing["PG.is_success"] == "false"
    assert nothing["PG.error_message"]
    # the summary, the mapping line, no leftovers
    assert "mapping: id <- 'Loc #', street <- 'Street Address'" in stderr
    assert "source PG: 5 succeeded, 1 failed" in stderr
    assert "6 rows written" in stderr
    assert stdout == ""
    assert not journal_path(out).exists()
    assert not parts_dir(out).exists()
    assert sorted(p.name for p in out.parent.iterdir()) == ["sov.enriched.csv"]
    assert emulator.stats()["jobs_created"] == 3


def test_strict_exits_one_when_a_row_failed(
    emulator: Any, sov_csv: Path, tmp_path: Path, run_cli: Run
) -> None:
    out = tmp_path / "out.csv"
    code, _, stderr = run_cli(*_enhance(emulator, sov_csv, out), "--strict", "--quiet")
    assert code == 1
    assert len(read_csv(out)) == len(SOV_ROWS)
    assert stderr == ""


def test_quiet_prints_nothing(emulator: Any, sov_csv: Path, tmp_path: Path, run_cli: Run) -> None:
    code, stdout, stderr = run_cli(*_enhance(emulator, sov_csv, tmp_path / "o.csv"), "-q")
    assert (code, stdout, stderr) == (0, "", "")


@pytest.mark.parametrize("suffix", [".xlsx", ".parquet", ".jsonl", ".json", ".tsv"])
def test_output_formats(
    emulator: Any, sov_csv: Path, tmp_path: Path, run_cli: Run, suffix: str
) -> None:
    out = tmp_path / f"out{suffix}"
    code, _, stderr = run_cli(*_enhance(emulator, sov_csv, out), "-q")
    assert code == 0, stderr
    table = open_table(out)
    rows = [dict(zip(table.columns, r.values, strict=True)) for r in table.rows()]
    assert len(rows) == len(SOV_ROWS)
    assert table.columns[: len(SOV_HEADER)] == SOV_HEADER
    first = rows[0]
    if suffix == ".tsv":
        assert first["PG.is_success"] == "true"
    else:
        assert first["PG.is_success"] is True
        assert isinstance(first["PG.latitude"], float)


def test_xlsx_input_with_overrides(emulator: Any, tmp_path: Path, run_cli: Run) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Ref", "Where", "Post Code"])
    ws.append([1, "1 Main St, Boston, MA", 2110])
    ws.append([2, "5 Elm St, Austin, TX", 78701])
    src = tmp_path / "in.xlsx"
    wb.save(src)
    out = tmp_path / "out.csv"
    code, _, stderr = run_cli(
        *_enhance(emulator, src, out), "--address-column", "where", "--zip-column", "3"
    )
    assert code == 0, stderr
    assert "address <- 'Where', postal_code <- 'Post Code'" in stderr
    rows = read_csv(out)
    assert [r["PG.is_success"] for r in rows] == ["true", "true"]


def test_missing_key_is_usage_error(sov_csv: Path, tmp_path: Path, run_cli: Run,
                                    monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.delenv("PING_DATA_AUTH_TOKEN", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    code, _, stderr = run_cli(
        "ping", "enhance", str(sov_csv), "-o", str(tmp_path / "o.csv"), "--sources", "PG",
        "--base-url", "http://127.0.0.1:9",
    )  # fmt: skip
    assert code == 2
    assert "no Ping.Data API key" in stderr


def test_wrong_key_is_reported_without_the_key(
    emulator: Any, sov_csv: Path, tmp_path: Path, run_cli: Run
) -> None:
    secret = "not-the-right-key-1234"
    code, stdout, stderr = run_cli(
        "ping", "enhance", str(sov_csv), "-o", str(tmp_path / "o.csv"), "--sources", "PG",
        "--base-url", emulator.base_url, "--api-key", secret,
    )  # fmt: skip
    assert code == 2
    assert secret not in stderr + stdout
    assert len(stderr.strip().splitlines()) >= 1
    assert stderr.strip().splitlines()[-1].startswith("bulk-enrich: error:")


def test_changed_input_is_refused_unless_restart(
    emulator: Any, sov_csv: Path, tmp_path: Path, run_cli: Run
) -> None:
    out = tmp_path / "out.csv"
    journal = Journal(
        path=journal_path(out),
        command="ping enhance",
        input_path=str(sov_csv),
        input_sha256="0" * 64,
        options={},
        origin=emulator.base_url,
        chunks={0: "some-old-job"},
    )
    journal.save()
    code, _, stderr = run_cli(*_enhance(emulator, sov_csv, out))
    assert code == 2
    assert "the input file changed" in stderr
    assert "--restart" in stderr
    assert emulator.stats()["jobs_created"] == 0
    assert json.loads(journal.path.read_text())["chunks"] == {"0": "some-old-job"}
    code, _, stderr = run_cli(*_enhance(emulator, sov_csv, out), "--restart")
    assert code == 0, stderr
    assert len(read_csv(out)) == len(SOV_ROWS)


def test_duplicate_ids_are_bad_input(emulator: Any, tmp_path: Path, run_cli: Run) -> None:
    src = write_csv(tmp_path / "dup.csv", ["id", "address"], [["a", "x"], ["b", "y"], ["a", "z"]])
    code, _, stderr = run_cli(*_enhance(emulator, src, tmp_path / "o.csv"))
    assert code == 2
    assert "dup.csv, row 3 (line 4), column 'id': duplicate id 'a' (first at row 1)" in stderr
    code, _, stderr = run_cli(*_enhance(emulator, src, tmp_path / "o.csv"), "--id-column", "-")
    assert code == 0, stderr


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("unknown-column", "bad.csv: no column 'Nope' (given to --city-column)"),
        ("broken-quote", "bad.csv, row 2 (line 3), column 'address': broken quote"),
        ("fake-xlsx", "bad.xlsx: is not a readable XLSX workbook"),
        ("bad-number", "bad.csv, row 1 (line 2), column 'lat': 'north' is not a number"),
    ],
)
def test_malformed_input_exits_2_with_one_line(tmp_path: Path, case: str, expected: str) -> None:
    extra: list[str] = []
    if case == "unknown-column":
        src = write_csv(tmp_path / "bad.csv", ["id", "address"], [["1", "x"]])
        extra = ["--city-column", "Nope"]
    elif case == "broken-quote":
        src = tmp_path / "bad.csv"
        src.write_text('id,address,city\n1,1 Main,Boston\n2,"5 Elm"x,Austin\n')
    elif case == "fake-xlsx":
        src = tmp_path / "bad.xlsx"
        src.write_text("id,address\n1,x\n")
    else:
        src = write_csv(tmp_path / "bad.csv", ["id", "lat", "lon"], [["1", "north", "3"]])
    done = run_process(
        "ping", "enhance", str(src), "-o", str(tmp_path / "out.csv"), "--sources", "PG",
        "--api-key", KEY, "--base-url", "http://127.0.0.1:9", *extra,
    )  # fmt: skip
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"bulk-enrich: error: {expected}")
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out.csv").exists()


def test_output_may_not_overwrite_input(sov_csv: Path, run_cli: Run) -> None:
    code, _, stderr = run_cli(
        "ping", "enhance", str(sov_csv), "-o", str(sov_csv), "--sources", "PG", "--api-key", KEY
    )
    assert code == 2
    assert "overwrite the input" in stderr


def test_a_run_that_created_no_job_leaves_nothing_behind(
    emulator: Any, sov_csv: Path, tmp_path: Path, run_cli: Run
) -> None:
    out = tmp_path / "out.csv"
    code, _, _ = run_cli(
        "ping", "enhance", str(sov_csv), "-o", str(out), "--sources", "PG",
        "--base-url", emulator.base_url, "--api-key", "wrong-key",
    )  # fmt: skip
    assert code == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sov.csv"]


@pytest.mark.parametrize("suffix", ["csv", "tsv", "jsonl"])
def test_a_column_first_seen_late_rewrites_the_output_identically(
    emulator: Any, tmp_path: Path, run_cli: Run, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    # The first two rows fail enrichment, so their results lack every PG/PH data column; with a
    # one-row sample (the first job's results) the streamed header is incomplete and the
    # output is written again (CSV and TSV from the first pass read back, JSON Lines from the
    # spool). The rows with nothing to locate are sent all the same here (as one job of two,
    # both runs alike), for the emulator to fail that job (its id differs between the runs).
    monkeypatch.setattr(ping_api, "NO_FORM", "sent all the same")
    nothing = SOV_ROWS[4]
    rows = [nothing, ["L5b", *nothing[1:]], *SOV_ROWS[:4], *SOV_ROWS[5:]]
    src = write_csv(tmp_path / "late.csv", SOV_HEADER, rows)
    whole = tmp_path / f"whole.{suffix}"
    code, _, stderr = run_cli(*_enhance(emulator, src, whole, "--no-dedupe"))
    assert code == 0, stderr
    assert "writing the output again" not in stderr

    monkeypatch.setattr(output, "COLUMN_SAMPLE", 1)
    late = tmp_path / f"late-out.{suffix}"
    code, _, stderr = run_cli(*_enhance(emulator, src, late, "--no-dedupe"))
    assert code == 0, stderr
    assert "a column appeared after the first results: writing the output again" in stderr
    job = re.compile(rb"job [0-9a-f-]{36} failed")
    assert job.sub(b"job failed", late.read_bytes()) == job.sub(b"job failed", whole.read_bytes())
    assert "PG.latitude" in late.read_text().splitlines()[0 if suffix != "jsonl" else -1]
    assert "source PG: 5 succeeded, 2 failed" in stderr  # counted once, not twice
    assert sorted(p.name for p in tmp_path.iterdir() if "late-out" in p.name) == [late.name]


def test_a_bad_last_row_stops_the_run_before_any_job(
    emulator: Any, tmp_path: Path, run_cli: Run
) -> None:
    rows = [*SOV_ROWS, ["L9", "Far away", "", "", "", "", "91.5", "10", "1"]]
    src = write_csv(tmp_path / "late-bad.csv", SOV_HEADER, rows)
    out = tmp_path / "o.csv"
    code, _, stderr = run_cli(*_enhance(emulator, src, out))
    assert code == 2
    assert "late-bad.csv, row 7 (line 8), column 'Lat': 91.5 is outside -90..90" in stderr
    assert emulator.stats()["jobs_created"] == 0
    assert not out.exists()
    assert not journal_path(out).exists()


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_read_back_recovers_cells_with_carriage_returns_newlines_and_quotes(
    tmp_path: Path, fmt: str
) -> None:
    # A late column makes the CLI read its first pass back; csv.writer leaves a bare "\r"
    # unquoted, which csv.reader alone would take for the end of the record.
    src = write_csv(tmp_path / "in.csv", ["id", "address"], [["a", "1 Main"], ["b", "2 Elm"]])
    table = open_table(src)
    enrichment = ["PG.note", "PG.score", "PG.is_success"]
    cells = [["x\ry", 1.5, True], ['say "hi"\r\nthere\t\ue000', None, False]]
    first = tmp_path / f"first.{fmt}"
    for newline in ("\n", "\r\n"):  # line endings follow the input's
        settings = WriteSettings(newline=newline, encoding="utf-8-sig")
        rows = [[*r.values, *c] for r, c in zip(table.rows(), cells, strict=True)]
        write_table(first, [*table.columns, *enrichment], rows, fmt=fmt, settings=settings)
        with ResultStore(tmp_path / f"spool{len(newline)}") as store:
            output.read_back(first, settings, ["a", "b"], len(table.columns), enrichment, store)
            back = list(store.replay())
        assert back == [
            ("a", {"PG.note": "x\ry", "PG.score": "1.5", "PG.is_success": "true"}),
            (
                "b",
                {"PG.note": 'say "hi"\r\nthere\t\ue000', "PG.score": "", "PG.is_success": "false"},
            ),
        ]


def test_the_console_script_exits_at_once_with_everything_written(
    emulator: Any, sov_csv: Path, tmp_path: Path, run_cli: Run
) -> None:
    # The console script skips the interpreter's teardown (os._exit) after main(): the output
    # file, the output on stdout and the summary must all be complete by then.
    script = Path(sys.executable).parent / "bulk-enrich"
    if not script.exists():
        pytest.skip("no console script installed")
    assert "bulk_enrich.cli import console" in script.read_text()
    common = ["--sources", "PG", "--api-key", KEY, "--base-url", emulator.base_url]
    reference = tmp_path / "reference.csv"
    code, _, _ = run_cli("ping", "enhance", str(sov_csv), "-o", str(reference), *common)
    assert code == 0
    to_file = run_process("ping", "enhance", str(sov_csv), "-o", str(tmp_path / "a.csv"), *common)
    assert to_file.returncode == 0, to_file.stderr
    assert "done:" in to_file.stderr
    assert (tmp_path / "a.csv").read_bytes() == reference.read_bytes()
    piped = run_process("ping", "enhance", str(sov_csv), "-o", "-", *common)
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout == reference.read_text()
