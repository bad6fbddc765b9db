"""``bulk-enrich places ...`` against the emulator over real HTTP on loopback."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bulk_enrich import PlaceEnrichment
from bulk_enrich.cli.journal import journal_path

from .conftest import KEY, read_csv, write_csv

Run = Callable[..., tuple[int, str, str]]
ORG = "acme"
HEADER = ["store_id", "name", "address", "city", "state", "postal_code", "phone"]
ROWS = [
    ["S1", "Blue Fern Coffee", "100 Main St", "Boston", "MA", "02110", "(617) 555-0100"],
    ["S2", "Harbor Lane Hardware", "5 Elm St", "Austin", "TX", "78701", ""],
    ["S3", "", "9 Oak Ave", "Miami", "FL", "33101", ""],
    ["S4", "Lantern Books", "", "", "", "", ""],
    ["S5", "Rosewood Bakery", "1 Market St", "San Francisco", "CA", "94105", ""],
]


def _conn(emulator: Any) -> list[str]:
    return ["--base-url", emulator.base_url, "--api-key", KEY, "--org", ORG]


@pytest.fixture
def stores_csv(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "stores.csv", HEADER, ROWS)


def test_enrich_writes_every_row(
    emulator: Any, stores_csv: Path, tmp_path: Path, run_cli: Run
) -> None:
    out = tmp_path / "stores.enriched.csv"
    code, _, err = run_cli(
        "places", "enrich", str(stores_csv), "-o", str(out),
        "--attributes", "websites,phoneNumbers", "--chunk-size", "2", *_conn(emulator),
    )  # fmt: skip
    assert code == 0, err
    rows = read_csv(out)
    assert [r["store_id"] for r in rows] == ["S1", "S2", "S3", "S4", "S5"]
    header = list(rows[0])
    assert header[: len(HEADER)] == HEADER
    assert header[len(HEADER) : len(HEADER) + 3] == ["input_form", "status", "error_message"]
    assert "website" in header
    assert "enriched.phone" in header  # the input already has a 'phone' column
    assert "attribute_status.websites" in header
    assert rows[0]["status"] == "completed"
    assert rows[0]["phone"] == "(617) 555-0100"  # the input column is untouched
    nameless = rows[2]
    assert nameless["status"] == "not_submitted"
    assert "no place name" in nameless["error_message"]
    assert "1 rows have no place name" in err
    assert "jobs: 3 completed, 1 failed, 1 not_submitted" in err  # S4 has only a name
    assert "attribute websites:" in err
    stats = emulator.stats()
    assert stats["batches_created"] == 2  # four named places in chunks of two
    assert not journal_path(out).exists()


def test_enrich_needs_a_name_column(emulator: Any, tmp_path: Path, run_cli: Run) -> None:
    src = write_csv(tmp_path / "p.csv", ["id", "address"], [["1", "x"]])
    code, _, err = run_cli("places", "enrich", str(src), "-o", str(tmp_path / "o.csv"),
                           "--attributes", "websites", *_conn(emulator))  # fmt: skip
    assert code == 2
    assert "--name-column" in err


def test_missing_org_is_usage_error(
    stores_csv: Path, tmp_path: Path, run_cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PLACE_ENRICHMENT_ORG", raising=False)
    monkeypatch.delenv("PLACE_ENRICHMENT_BASE_URL", raising=False)
    code, _, err = run_cli("places", "enrich", str(stores_csv), "-o", str(tmp_path / "o.csv"),
                           "--attributes", "websites", "--api-key", KEY)  # fmt: skip
    assert code == 2
    assert "no organization" in err


@pytest.fixture
def batch_id(emulator: Any) -> str:
    with PlaceEnrichment(api_key=KEY, org_slug=ORG, base_url=emulator.base_url) as places:
        batch = places.create_batch(
            [{"place_id": "p1", "inputs": {"name": "Blue Fern Coffee",
                                           "full_address": "100 Main St, Boston, MA 02110"}},
             {"place_id": "p2", "inputs": {"name": "Lantern Books",
                                           "full_address": "5 Elm St, Austin, TX 78701"}}],
            attributes=["websites"],
            batch_name="stores-march",
        )  # fmt: skip
        batch.wait(timeout=30)
        return str(batch.id)


def test_batch_batches_reprocess_results(
    emulator: Any, batch_id: str, tmp_path: Path, run_cli: Run
) -> None:
    code, out, err = run_cli("places", "batch", batch_id, *_conn(emulator))
    assert code == 0, err
    assert out.startswith(f"batch {batch_id} 'stores-march': completed")
    code, out, _ = run_cli("places", "batch", batch_id, "--json", *_conn(emulator))
    assert json.loads(out)["id"] == batch_id

    code, out, err = run_cli("places", "batches", "--query", "MARCH", *_conn(emulator))
    assert code == 0, err
    assert batch_id in out
    code, out, _ = run_cli("places", "batches", "--query", "nothing-like-it", *_conn(emulator))
    assert out == ""

    code, out, err = run_cli("places", "reprocess", batch_id, "--all", "--attributes",
                             "websites", *_conn(emulator))  # fmt: skip
    assert code == 0, err
    assert out.startswith(f"batch {batch_id}: 2 job(s) queued again")
    assert emulator.stats()["reprocesses"] == 1

    target = tmp_path / "results.jsonl"
    code, _, err = run_cli("places", "results", batch_id, "-o", str(target), *_conn(emulator))
    assert code == 0, err
    lines = [json.loads(line) for line in target.read_text().splitlines()]
    assert sorted(r["place_id"] for r in lines) == ["p1", "p2"]
    assert "2 results written" in err


def test_unknown_batch(emulator: Any, run_cli: Run) -> None:
    code, _, err = run_cli("places", "batch", "no-such-batch", *_conn(emulator))
    assert code == 1
    assert len(err.strip().splitlines()) == 1


def test_cancel_deletes_the_batch(emulator: Any, batch_id: str, run_cli: Run) -> None:
    code, out, err = run_cli("places", "cancel", batch_id, *_conn(emulator))
    assert code == 0, err
    assert out.startswith(f"batch {batch_id} cancelled")
    code, _, err = run_cli("places", "batch", batch_id, *_conn(emulator))
    assert code == 1, "a cancelled batch is gone"
    code, _, err = run_cli("places", "cancel", batch_id, *_conn(emulator))
    assert code == 1
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("with_status", [True, False])
def test_a_tally_of_columns_is_the_tally_of_their_rows(with_status: bool) -> None:
    from bulk_enrich.cli.place_api import AttributeTally

    statuses = ["completed", None, "", "failed", "completed", "in_progress"]
    runs = ["RUN", None, "RUN", "ERROR", "NOT_RUN", "RUN"]
    columns: dict[str, list[Any]] = {"attribute_status.websites": runs}
    if with_status:
        columns["status"] = statuses
    by_rows, by_columns = (AttributeTally(["websites", "phoneNumbers"], "attribute") for _ in "ab")
    for values in zip(*columns.values(), strict=True):
        by_rows.add(dict(zip(columns, values, strict=True)))
    by_columns.add_columns(columns, len(runs))
    assert by_columns == by_rows
    assert by_columns.lines() == by_rows.lines()


def test_each_page_is_decoded_once_as_it_arrives(
    emulator: Any,
    stores_csv: Path,
    tmp_path: Path,
    run_cli: Run,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pytest.importorskip("msgspec")
    from bulk_enrich.columnar import place_decode

    calls = {"decode_page": 0, "raw_page": 0}

    def spy(name: str, real: Any) -> Any:
        def counted(*args: Any) -> Any:
            calls[name] += 1
            return real(*args)

        return counted

    monkeypatch.setattr(
        place_decode.PlaceDecoder,
        "decode_page",
        spy("decode_page", place_decode.PlaceDecoder.decode_page),
    )
    monkeypatch.setattr(place_decode, "raw_page", spy("raw_page", place_decode.raw_page))
    code, _, err = run_cli(
        "places", "enrich", str(stores_csv), "-o", str(tmp_path / "o.csv"),
        "--attributes", "websites", "--chunk-size", "2", *_conn(emulator),
    )  # fmt: skip
    assert code == 0, err
    assert calls == {"decode_page": 2, "raw_page": 0}  # 2 batches of named stores, a page each
