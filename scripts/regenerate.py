"""Generate the typed low-level clients in generated/ from the specs in openapi/.

``python scripts/regenerate.py`` rewrites generated/ (what ``make regenerate`` runs);
:func:`generate` is also what the drift test and the spec-change test call, so every caller
generates with the same configuration and custom templates.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OPENAPI = ROOT / "openapi"
#: Spec name (openapi/<name>.yaml) -> generated package name.
APIS = {"ping-data": "ping_data_api", "place-enrichment": "place_enrichment_api"}


def generate(spec: Path, config: Path, out: Path) -> None:
    """Generate the client for ``spec`` into ``out`` (replaced) with the project's templates."""
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    generator = shutil.which("openapi-python-client", path=env["PATH"])
    if generator is None:
        raise SystemExit("openapi-python-client is not installed (make install)")
    out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            generator,
            "generate",
            "--path",
            str(spec),
            "--config",
            str(config),
            "--custom-template-path",
            str(OPENAPI / "templates"),
            "--meta",
            "none",
            "--output-path",
            str(out),
            "--overwrite",
            "--fail-on-warning",
        ],
        check=True,
        env=env,
        capture_output=True,
        cwd=out.parent,
    )
    (out / "py.typed").write_text("")


def main() -> None:
    for spec, package in APIS.items():
        generate(
            OPENAPI / f"{spec}.yaml", OPENAPI / f"{spec}.config.yaml", ROOT / "generated" / package
        )
        print(f"generated/{package} <- openapi/{spec}.yaml")


if __name__ == "__main__":
    main()
