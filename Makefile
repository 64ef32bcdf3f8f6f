# unrecs: every target bootstraps its own virtual environment in .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: extract test fixtures bench fuzz lint clean

$(STAMP): pyproject.toml setup.py pipeline/read/pdfium/build_loops.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# the package's bytecode and its dataclass methods' code (pipeline.records) compiled first (quick
# when they are current): where PYTHONDONTWRITEBYTECODE is set, every run would otherwise compile
# them again before reading a page
extract: $(STAMP)
	$(BIN)/python -m compileall -q pipeline
	$(BIN)/python -m pipeline.records
	$(BIN)/unrecs extract raw --out output

test: $(STAMP)
	$(BIN)/ruff check pipeline tests fixtures bench scripts
	$(BIN)/pytest -n 2

# every route: reportlab, docx (LibreOffice, installed here when missing) and html (WeasyPrint,
# from the fixtures extra; it needs Debian's pango); the Arabic and Chinese sources need the Noto
# fonts (Noto Naskh/Sans Arabic in fonts-noto-core, Noto Serif/Sans CJK SC in fonts-noto-cjk)
fixtures: $(STAMP)
	command -v soffice >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y libreoffice-writer-nogui fonts-liberation)
	$(BIN)/python -c "import weasyprint" 2>/dev/null || \
		(apt-get update && apt-get install -y libpango-1.0-0 libpangoft2-1.0-0)
	(fc-list | grep -q "Noto Naskh Arabic" && fc-list | grep -q "Noto Serif CJK SC") || \
		(apt-get update && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y fontconfig fonts-noto-core fonts-noto-cjk)
	$(BIN)/python -m fixtures.build --route all

# the package's bytecode and its dataclass methods' code compiled first, as a package that has
# run once has them: with PYTHONDONTWRITEBYTECODE set, every process would otherwise compile
# them again at start
bench: $(STAMP)
	$(BIN)/python -m compileall -q pipeline
	$(BIN)/python -m pipeline.records
	$(BIN)/python -m bench

fuzz: $(STAMP)
	$(BIN)/python -m bench.fuzz --cases 2000 --jobs 2 --json bench/fuzz_results.json

lint: $(STAMP)
	$(BIN)/ruff check pipeline tests fixtures bench scripts

clean:
	rm -rf $(VENV) output/*.csv output/*.parquet output/*.json
