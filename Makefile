# Afterview: `make run` starts the bot, `make test` checks everything. Both set themselves up.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: run test lint eval bench chat format clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Afterview needs Python 3.11 or newer"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# What `make run` needs: the bot with both platform adapters and PostgreSQL support.
$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[slack,discord,postgres]'
	touch $@

# What `make test` needs on top: test runner, linters, type checker.
$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(BIN)/afterview run

chat: $(VENV)/.installed-run
	$(BIN)/afterview chat

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

eval: $(VENV)/.installed-run
	$(BIN)/afterview eval --no-misses tests/data/questions-real-tune.tsv tests/data/questions-real-frozen.tsv \
		tests/data/questions-dev.tsv tests/data/questions-extra.tsv tests/data/questions-unseen*.tsv
	$(BIN)/afterview eval-notes tests/data/notes/labelled.yaml
	$(BIN)/afterview eval-notes tests/data/notes/training.yaml

bench: $(VENV)/.installed-dev
	@for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis *.egg-info
