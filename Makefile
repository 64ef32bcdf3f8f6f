# unrecs: every target bootstraps its own virtual environment in .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: extract test fixtures bench fuzz lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

extract: $(STAMP)
	$(BIN)/unrecs extract raw --out output

test: $(STAMP)
	$(BIN)/ruff check pipeline tests fixtures bench scripts
	$(BIN)/pytest -n 2

fixtures: $(STAMP)
	$(BIN)/python -m fixtures.build

bench: $(STAMP)
	$(BIN)/python -m bench

fuzz: $(STAMP)
	$(BIN)/python -m bench.fuzz --cases 2000 --jobs 2 --json bench/fuzz_results.json

lint: $(STAMP)
	$(BIN)/ruff check pipeline tests fixtures bench scripts

clean:
	rm -rf $(VENV) output/*.csv output/*.parquet output/*.json
