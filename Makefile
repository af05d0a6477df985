# `make` sets up .venv and builds everything under content/ into build/; `make test` runs the suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# axe-core (npm) for the site's accessibility tests: vendored into a git-ignored folder
AXE    := tests/.vendor/node_modules/axe-core/axe.min.js

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
	@$(MAKE) --no-print-directory $(AXE)
	$(BIN)/python -m pytest -q

$(AXE):
	mkdir -p tests/.vendor
	cd tests/.vendor && npm install --no-audit --no-fund --silent 'axe-core@>=4.10 <5'

bench: $(STAMP)
	@tools/check-system.sh
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf build
