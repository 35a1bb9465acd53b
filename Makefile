# Accord — the two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test lint typecheck pytest messages makemessages bench e2e clean

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

# Compile translations with polib (pure Python): no gettext needed to run Accord.
messages: $(STAMP)
	$(BIN)/python -m accord.lib.msgfmt src/accord/locale

# Refresh the .po files from the code (needs gettext's xgettext).
makemessages: $(STAMP)
	cd src/accord && DEBUG=true ../../$(BIN)/accord makemessages -l es -l fr --no-obsolete --no-location

run: $(STAMP) messages
	DEBUG=true $(BIN)/accord run

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/lint-imports

typecheck: $(STAMP)
	ACCORD_TESTING=true $(BIN)/mypy src

pytest: $(STAMP) messages
	$(BIN)/pytest -n 2

test: lint typecheck pytest

e2e: $(STAMP) messages
	$(BIN)/pytest -m e2e

bench: $(STAMP) messages
	$(BIN)/python -m accord.bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var build
