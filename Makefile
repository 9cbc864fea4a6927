# MedNum — the two commands of the Quick start are `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.installed-bench

.PHONY: run test lint bench clean install

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "MedNum needs Python 3.11 or newer (found: $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

# The benchmarks also need the `bench` extra (Locust, for the whole-site load test).
$(BENCH_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev,bench]'
	@touch $(BENCH_STAMP)

run: $(STAMP)
	$(BIN)/mednum serve --demo-if-empty

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Three workers, whatever the machine: the tests wait a third of their time (on a browser, a
# projector, a server thread), so three finish sooner than two on two cores (2026-12-07, quiet
# 2-core machine: 9 min 59 s against 11 min 13 s). Each worker has its own embedded PostgreSQL;
# a file's tests stay on one worker. `make test PYTEST_ARGS=...` replaces these options, e.g.
# PYTEST_ARGS="-x -k lieux".
PYTEST_ARGS ?= -n 3 --dist loadfile

# pytest exits 5 when it collects no test (e.g. a -k filter matching nothing): report it, do not fail.
test: lint
	@$(BIN)/pytest $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest: no test collected"; exit 0; fi; exit $$status

bench: $(BENCH_STAMP)
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
