# Two commands do everything on a fresh Debian machine with Python 3.11+, node and npm:
#   make serve   set up, build the site (strict) and serve it at http://127.0.0.1:8000
#   make test    set up, install Debian's chromium if missing, build, run every test
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export NO_MKDOCS_2_WARNING := 1


.PHONY: setup setup-test build serve test test-fast test-model new-model test-browser lint lint-js \
        test-js bench screenshots chromium clean

$(BIN)/.build-installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[build]'
	touch $@

$(BIN)/.test-installed: $(BIN)/.build-installed
	$(BIN)/python -m pip install --quiet -e '.[build,test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(BIN)/.build-installed node_modules/.installed
setup-test: setup $(BIN)/.test-installed

# Debian's chromium, never `playwright install` (its download host is unreachable here);
# poppler-utils turns the print test's PDF into images.
chromium:
	@command -v chromium >/dev/null && command -v pdftoppm >/dev/null || { \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq chromium poppler-utils; }

build: setup
	$(BIN)/mkdocs build --strict

serve: build
	$(BIN)/mkdocs serve --strict --dev-addr $(HOST):$(PORT)

lint: setup-test lint-js
	$(BIN)/ruff check .

# The JavaScript: type-checked by tsc, one project per global scope (the pages, the workers,
# Node), and linted by ESLint; its unit tests run under node's own test runner.
lint-js: node_modules/.installed
	node_modules/.bin/tsc -p tsconfig.json
	node_modules/.bin/tsc -p tsconfig.worker.json
	node_modules/.bin/tsc -p tsconfig.node.json
	node_modules/.bin/eslint .

test-js: node_modules/.installed
	node --test tests/js/

# The inner loop (under a minute): the unit tests and the contract suite, without the tests
# marked slow (axelrod, node, fuzzing, largest workloads); builds and browsers are in `make test`.
test-fast: setup-test lint-js
	$(BIN)/ruff check .
	$(BIN)/pytest tests/unit tests/contract -q -m "not slow" -n 2 --dist worksteal

# One model: the contract suite (Pyodide included) and its own tests. make test-model ID=spiral
test-model: setup-test
	@test -n "$(ID)" || { echo "usage: make test-model ID=model_id"; exit 2; }
	$(BIN)/pytest tests/contract --model $(ID) -q $(wildcard tests/unit/test_$(ID).py)

# A new model from the template, its test, and the block to paste. make new-model ID=my_model
new-model: setup
	@test -n "$(ID)" || { echo "usage: make new-model ID=model_id"; exit 2; }
	$(BIN)/python -m simsite.scaffold $(ID)

# Side by side, as far as they are independent: pip beside npm and apt, then the build beside
# the JavaScript checks. Work stealing: a worker that runs out takes tests queued on the
# other, so neither idles while the other still holds a queue of browser tests.
test:
	$(MAKE) --no-print-directory -j3 setup-test chromium
	$(MAKE) --no-print-directory -j2 build lint-js test-js
	$(BIN)/ruff check .
	$(BIN)/pytest -q -n 2 --dist worksteal

# Pictures for a person to look at, in test-results/ (blocks/, phone/, predict/, worlds/):
# every block before and after a live run, at a desktop's and a phone's size and in the dark
# palette, with the tests that take them. make test takes none.
screenshots: setup-test chromium build
	SIMS_SCREENSHOTS=1 $(BIN)/pytest -q -n 2 --dist worksteal tests/browser/test_block_presentation.py \
	  tests/browser/test_phone_and_print.py tests/browser/test_predict.py tests/browser/test_worlds.py

test-browser: setup-test chromium build
	$(BIN)/pytest tests/browser -q

bench: setup-test chromium build
	$(BIN)/python benchmarks/tournament.py
	$(BIN)/python benchmarks/page.py
	$(BIN)/python benchmarks/snapshot.py
	$(BIN)/python benchmarks/first_visit.py --link both --repeat 3
	$(BIN)/python benchmarks/long_run.py

clean:
	rm -rf site .pytest_cache
