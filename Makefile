# Two commands matter: `make pipeline` (the main job) and `make test` (the whole suite).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501
export DBT_PROFILES_DIR := $(CURDIR)

.PHONY: pipeline test app eval lint bench bench-scale native clean

$(BIN)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

## the extractor's hot modules compiled with mypyc (~1/3 less CPU per report); plain Python when the build fails.
## Rebuilt only when a source changed; a build in use is always of exactly the current sources (ingest/extract/native.py).
native: $(BIN)/.installed
	-@$(BIN)/python -m ingest.extract.build_native --if-stale

## ingest reports/ -> gate -> seeds/*.csv -> dbt build -> warehouse.duckdb; each step only when its inputs changed,
## the warehouse built from what loaded even when some files were refused (then the exit code is non-zero)
pipeline: $(BIN)/.installed native
	$(BIN)/python scripts/pipeline.py --reports reports --target warehouse.duckdb

## lint (ruff, and vulture: no unused code; pyproject.toml [tool.vulture] names what is deliberate) + every test
## the compiled extractor must build here (a type error mypyc refuses fails the run; test_extract_native then
## checks it gives the plain Python's facts)
test: $(BIN)/.installed
	$(BIN)/python -m ingest.extract.build_native --if-stale
	$(BIN)/ruff check .
	$(BIN)/vulture
	$(BIN)/python -m pytest

## the explorer on 127.0.0.1:$(PORT)
app: $(BIN)/.installed
	$(BIN)/streamlit run app/Home.py --server.address 127.0.0.1 --server.port $(PORT) --server.headless true

## extraction scores against the hand-checked gold in ../shared
eval: $(BIN)/.installed native
	$(BIN)/python -m ingest.evaluate

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/vulture

## speed figures (printed, never asserted); the scale benchmark up to 1,000 reports (bench-scale: up to 10,000)
bench: $(BIN)/.installed native
	@for b in benchmarks/*.py; do echo "== $$b"; case $$b in \
	  *scale.py) $(BIN)/python $$b --sizes 1,100,1000;; *faults.py) $(BIN)/python $$b --kills 20;; \
	  *) $(BIN)/python $$b;; esac; done

bench-scale: $(BIN)/.installed native
	$(BIN)/python benchmarks/scale.py --sizes 1,100,1000,10000

clean:
	rm -rf target logs build .cache .building warehouse.duckdb warehouse.duckdb.wal
