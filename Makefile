# `make run` sets up the virtualenv and runs the bot; `make test` sets it up and runs all checks.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test test-sqlite bench lint format migrate clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The bot against MAX when MAX_BOT_TOKEN is set (environment or .env); otherwise the demo:
# a MAX emulator and a web chat at http://127.0.0.1:8080.
run: $(STAMP)
	@$(PY) -c 'import sys; from bot.config import Settings; sys.exit(0 if Settings().max_bot_token else 3)'; \
	status=$$?; \
	if [ $$status -eq 0 ]; then exec $(PY) -m bot run; \
	elif [ $$status -eq 3 ]; then \
		echo "MAX_BOT_TOKEN is not set: starting the demo (a MAX emulator and a web chat)"; \
		exec $(PY) -m bot demo; \
	else exit $$status; fi

# Lint (ruff, mypy), then the whole suite on SQLite and on a throwaway PostgreSQL (installed if
# missing).
test: $(STAMP)
	VENV=$(VENV) scripts/test.sh

# Quicker, for development: the suite on SQLite only.
test-sqlite: $(STAMP) lint
	$(PY) -m pytest

# Region-scale benchmarks (not part of the tests; a smoke run of each is): python -m bench
bench: $(STAMP)
	$(PY) -m bench

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrate: $(STAMP)
	$(PY) -m bot migrate

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
