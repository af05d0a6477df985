# `make` sets up .venv and builds everything under content/ into build/; `make test` runs the suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: all build test check bench docs clean

all: build

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "briefexport needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

build: $(STAMP)
	@tools/check-system.sh
	$(BIN)/briefexport build

check: $(STAMP)
	$(BIN)/briefexport check

test: $(STAMP)
	@tools/check-system.sh --test
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	@tools/check-system.sh
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf build
