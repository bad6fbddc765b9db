"""A spec change reaches the facade through `make regenerate`: no path is written by hand.

A copy of the Ping spec gets other paths and a renamed path parameter; the client generated from
it into a temporary folder is imported in place of the committed one, and the facade's requests
follow the copy.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from scripts.regenerate import OPENAPI, generate
from tests.probes import python_probe

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import json, sys
import ping_data_api
from bulk_enrich.ping.operations import PingCore

core = PingCore(base_url="https://api.test")
status = core.status_steps("job-7")
submit = core.submit_steps(
    [{"id": "1", "address": "1 Main St"}], ["PG"], {"priority_lane": "fast", "unknown": 1}
)
print(json.dumps({
    "package": ping_data_api.__file__,
    "status_call": (lambda c: [c.method, c.path, c.op])(next(status)),
    "submit_call": (lambda c: [c.method, c.path, c.op, c.json])(next(submit)),
    "output": core.output_url("job-7", "out.json", ""),
}))
"""


def _renamed_spec(tmp: Path) -> Path:
    spec = yaml.safe_load((OPENAPI / "ping-data.yaml").read_text(encoding="utf-8"))
    paths = spec["paths"]
    renames = {
        "/api/v1/bulk_enhance": "/api/v2/jobs",
        "/api/v1/bulk_enhance/{id}": "/api/v2/jobs/{job_ref}",
        "/api/v1/bulk_enhance/{id}/output/{filename}": "/api/v2/jobs/{job_ref}/files/{filename}",
    }
    for old, new in renames.items():
        item = paths.pop(old)
        for param in item.get("parameters", []):
            if param.get("name") == "id":
                param["name"] = "job_ref"
        for operation in item.values():
            if isinstance(operation, dict):
                for param in operation.get("parameters", []):
                    if isinstance(param, dict) and param.get("name") == "id":
                        param["name"] = "job_ref"
        paths[new] = item
    # A job option the vendor adds reaches the request as soon as it is given.
    spec["components"]["schemas"]["BulkEnhanceRequest"]["properties"]["priority_lane"] = {
        "type": "string"
    }
    text = json.dumps(spec).replace("#/paths/~1api~1v1~1bulk_enhance", "#/paths/~1api~1v2~1jobs")
    text = text.replace('"id": "$response.body#/id"', '"job_ref": "$response.body#/id"')
    out = tmp / "ping-data.yaml"
    out.write_text(text, encoding="utf-8")  # JSON is YAML
    return out


@pytest.mark.xdist_group("generator")
def test_renamed_paths_and_parameters_reach_the_facade(tmp_path: Path) -> None:
    spec = _renamed_spec(tmp_path)
    generate(spec, OPENAPI / "ping-data.config.yaml", tmp_path / "gen" / "ping_data_api")
    path = os.pathsep.join([str(tmp_path / "gen"), str(ROOT / "facade")])
    seen = json.loads(python_probe(PROBE, env={"PYTHONPATH": path}))
    assert seen["package"].startswith(str(tmp_path)), seen["package"]
    method, path, op, body = seen["submit_call"]
    assert [method, path, op] == ["POST", "/api/v2/jobs", "start_bulk_enhance"]
    assert body["priority_lane"] == "fast"  # the spec's new option, sent
    assert "unknown" not in body  # an option the spec lacks is not
    assert seen["status_call"] == ["GET", "/api/v2/jobs/job-7", "get_bulk_enhance_status"]
    assert seen["output"] == "/api/v2/jobs/job-7/files/out.json"
