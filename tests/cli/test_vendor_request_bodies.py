"""The batches the CLI sends, checked against the Place vendor's own published document.

The CLI writes a batch's jobs array from the input's columns (polars), not through the models
generated from our spec, so its bodies are checked here against what nobody here wrote: the
``PlaceBatchPayload`` schema of the vendor's OpenAPI document (``<repo>/../shared/upstream``;
skipped when that folder is absent), on the bench data and the example store list.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from bulk_enrich import batches

from bench import datagen

from .conftest import KEY

ROOT = Path(__file__).resolve().parents[2]
DOCUMENT = ROOT.parent / "shared" / "upstream" / "place-enrichment-openapi-v1.json"
EXAMPLES = ROOT / "examples"


@pytest.mark.skipif(not DOCUMENT.is_file(), reason=f"the vendor's document is not at {DOCUMENT}")
@pytest.mark.parametrize("columnar", [True, False])
def test_created_batches_match_the_vendors_document(
    emulator: Any,
    tmp_path: Path,
    run_cli: Callable[..., tuple[int, str, str]],
    monkeypatch: pytest.MonkeyPatch,
    columnar: bool,
) -> None:
    import jsonschema_rs

    components = json.loads(DOCUMENT.read_text(encoding="utf-8"))["components"]
    # The one deviation, as openapi/README.md records it: the document lists full_address,
    # latitude, longitude and country_code as required (nullable); the vendor's servers and
    # guide require only the name, and the CLI leaves out what a row does not give.
    place = components["schemas"]["UniversalPlace"]
    assert set(place["required"]) == {"name", "full_address", "latitude", "longitude",
                                      "country_code"}  # fmt: skip
    place["required"] = ["name"]
    schema = {"$ref": "#/components/schemas/PlaceBatchPayload", "components": components}
    validator = jsonschema_rs.Draft202012Validator(schema)
    monkeypatch.setattr(batches, "ENABLED", columnar)
    bodies: list[dict[str, Any]] = []
    send = httpx.Client.send

    def recorded(self: httpx.Client, request: httpx.Request, **kw: Any) -> httpx.Response:
        if request.method == "POST" and request.url.path.endswith("/batches"):
            raw = request.read()
            if request.headers.get("content-encoding") == "gzip":
                raw = gzip.decompress(raw)
            bodies.append(json.loads(raw))
        return send(self, request, **kw)

    monkeypatch.setattr(httpx.Client, "send", recorded)
    for src in (datagen.places_csv(tmp_path / "data", 600), EXAMPLES / "stores.csv"):
        code, _, err = run_cli(
            "places", "enrich", str(src), "-o", str(tmp_path / f"{src.stem}.csv"),
            "--attributes", "websites,phoneNumbers", "--base-url", emulator.base_url,
            "--api-key", KEY, "--org", "acme", "--chunk-size", "200",
        )  # fmt: skip
        assert code == 0, err
    assert len(bodies) >= 4  # three batches of the bench data, one or more of the examples
    for body in bodies:
        errors = [error.message for error in validator.iter_errors(body)]
        assert errors == [], errors[:3]
        assert body["jobs"]
