# bulk-enrich: every target creates the virtualenv and installs the project on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PORT   ?= 8765

.PHONY: help install test lint typecheck pytest regenerate check-generated emulator contract demo bench bench-quick faults clean

help:
	@echo "make demo        enrich the bundled sample portfolio and store list against the emulator"
	@echo "make test        lint, type-check and run the whole test suite (what CI runs)"
	@echo "make regenerate  rebuild generated/ from openapi/"
	@echo "make emulator    serve both APIs on 127.0.0.1:\$$PORT"
	@echo "make contract    contract tests against BASE_URL with API_KEY (PLACE_BASE_URL, PLACE_API_KEY, PLACE_ORG)"
	@echo "make bench       benchmark against the naive strategy; make bench-quick for a smoke run"
	@echo "make faults      the full fault matrix with more repetitions than CI"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check facade tests bench scripts
	$(BIN)/ruff format --check facade tests bench scripts

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest -n 2 --dist loadgroup --basetemp=.pytest-tmp --durations=25

test: lint typecheck pytest

regenerate: $(STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python scripts/regenerate.py

check-generated: $(STAMP)
	$(BIN)/pytest -q tests/test_generated_in_step.py

emulator: $(STAMP)
	$(BIN)/bulk-enrich emulator --host 127.0.0.1 --port $(PORT)

contract: $(STAMP)
	BULK_ENRICH_CONTRACT_BASE_URL="$(BASE_URL)" BULK_ENRICH_CONTRACT_API_KEY="$(API_KEY)" \
	BULK_ENRICH_CONTRACT_PLACE_BASE_URL="$(PLACE_BASE_URL)" BULK_ENRICH_CONTRACT_PLACE_API_KEY="$(PLACE_API_KEY)" \
	BULK_ENRICH_CONTRACT_PLACE_ORG="$(PLACE_ORG)" \
	$(BIN)/pytest -m contract tests/contract -p no:xdist

demo: $(STAMP)
	$(BIN)/python scripts/demo.py

bench: $(STAMP)
	$(BIN)/python bench/run.py

bench-quick: $(STAMP)
	$(BIN)/python bench/run.py --quick

faults: $(STAMP)
	$(BIN)/python tests/faults/run_matrix.py --full

clean:
	rm -rf $(VENV) demo-output .pytest_cache .pytest-tmp .mypy_cache .ruff_cache
