"""generated/ must be exactly what openapi-python-client makes from openapi/ (drift check)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.regenerate import generate

ROOT = Path(__file__).resolve().parents[1]
APIS = {
    "ping-data": (
        "ping_data_api",
        {
            "bulk_enhance/start_bulk_enhance",
            "bulk_enhance/get_bulk_enhance_status",
            "bulk_enhance/download_bulk_enhance_output",
            "enhance/enhance",
            "datasources/list_datasources",
            "datasources/get_datasource",
            "usage/get_usage",
            "usage/get_limits",
        },
    ),
    "place-enrichment": (
        "place_enrichment_api",
        {
            "batches/create_batch",
            "batches/list_batches",
            "batches/get_batch",
            "batches/reprocess_batch",
            "jobs/list_jobs",
            "jobs/get_job",
            "jobs/enrich_place",
            "jobs/submit_job",
            "jobs/delete_job",
            "jobs/reprocess_jobs",
            "batches/update_batch",
            "batches/delete_batch",
            "batches/refresh_batches",
            "attributes/get_attributes",
        },
    ),
}


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


@pytest.mark.xdist_group("generator")
@pytest.mark.parametrize("spec", sorted(APIS))
def test_generated_matches_spec(spec: str, tmp_path: Path) -> None:
    package, operations = APIS[spec]
    out = tmp_path / package
    generate(ROOT / "openapi" / f"{spec}.yaml", ROOT / "openapi" / f"{spec}.config.yaml", out)
    fresh, committed = _tree(out), _tree(ROOT / "generated" / package)
    stale = sorted(k for k in fresh.keys() | committed.keys() if fresh.get(k) != committed.get(k))
    assert not stale, (
        f"generated/{package} is out of step with openapi/{spec}.yaml "
        f"(run `make regenerate`): {stale[:10]}"
    )
    made = {
        str(p.relative_to(out / "api").with_suffix(""))
        for p in (out / "api").rglob("*.py")
        if p.name != "__init__.py"
    }
    assert made == operations, (
        f"operations differ: missing {operations - made}, extra {made - operations}"
    )
