# `make` sets up .venv and builds everything under content/ into build/; `make test` runs the suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# axe-core (npm) for the site's accessibility tests: vendored into a git-ignored folder
AXE    := tests/.vendor/node_modules/axe-core/axe.min.js

ACE    := tools/ace/node_modules/.bin/ace-puppeteer

.PHONY: all build test test-quick lint check bench docs clean ace

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

test: $(STAMP) ace lint
	@$(MAKE) --no-print-directory $(AXE)
	$(BIN)/python -m pytest -q

# The edit-test loop: every test but those marked slow (full builds, outside checkers), in well
# under a minute; docs/testing.md says what it leaves out. `make test` runs everything.
test-quick: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

# ruff (lint + format), mypy (types; configured in pyproject.toml) and the import contracts;
# `make test` runs it first
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# Ace by DAISY (EPUB accessibility), run by the tests on every sample EPUB. Its puppeteer uses
# Debian's chromium (tools/check-system.sh --test); neither Electron nor a browser is downloaded.
# Without npm or the registry the install fails, and the Ace tests say they are skipped.
ace: $(STAMP)
	@tools/check-system.sh --test
	@test -x $(ACE) || (cd tools/ace && ELECTRON_SKIP_BINARY_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1 \
	  npm install --ignore-scripts --no-audit --no-fund --loglevel=error) \
	  || echo "briefexport: could not install Ace by DAISY (npm); the EPUB accessibility tests will be skipped" >&2

# axe-core for the site's browser tests (web pages' accessibility), vendored from the npm registry.
$(AXE):
	mkdir -p tests/.vendor
	cd tests/.vendor && npm install --no-audit --no-fund --silent 'axe-core@>=4.10 <5'

bench: $(STAMP)
	@tools/check-system.sh
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf build
