# The README's two commands: `make demo` (the main job on a fresh machine) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FOILBOT := $(BIN)/foilbot

.PHONY: demo test lint bench install clean docs

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet .

demo: install
	sh scripts/demo.sh $(CURDIR)/$(FOILBOT)

$(VENV)/.dev-installed: pyproject.toml $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

test: $(VENV)/.dev-installed
	$(BIN)/ruff check foilbot tests scripts bench
	$(BIN)/ruff format --check foilbot tests scripts bench
	$(BIN)/mypy foilbot
	$(BIN)/python -m pytest -q

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check foilbot tests scripts bench
	$(BIN)/ruff format --check foilbot tests scripts bench
	$(BIN)/mypy foilbot

docs: $(VENV)/.dev-installed
	$(BIN)/python scripts/gen_laws_json.py
	$(BIN)/python scripts/gen_deadline_docs.py
	$(BIN)/python scripts/gen_cli_docs.py
	$(BIN)/python scripts/gen_readme.py

bench: $(VENV)/.dev-installed
	for b in bench/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) dist build *.egg-info demo
