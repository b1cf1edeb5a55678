# Two commands on a fresh machine with Python 3.11+ and make:
#   make editions   build every edition of every bulletin in source/ into dist/
#   make test       the whole test suite (installs what it needs first)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SOURCES := $(wildcard source/*.md)
# An editable install compiles nothing; write the byte-code once so every run
# starts fast even where PYTHONDONTWRITEBYTECODE is set.
COMPILE = $(BIN)/python -m compileall -q src >/dev/null

.PHONY: editions test lint bench sysdeps clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "briefexport needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(COMPILE)
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(COMPILE)
	touch $@ $(VENV)/.installed

editions: $(VENV)/.installed
	$(BIN)/briefexport build $(SOURCES) -o dist

sysdeps:
	@bash .ci/sysdeps

test: $(VENV)/.installed-test sysdeps
	$(BIN)/ruff check src tests examples benchmarks
	$(BIN)/python -m pytest -n auto

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests examples benchmarks
	$(BIN)/ruff format --check src tests examples benchmarks

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(COMPILE)
	touch $@ $(VENV)/.installed $(VENV)/.installed-test

bench: $(VENV)/.installed-bench
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/fuzz.py

clean:
	rm -rf dist $(VENV) .pytest_cache .ruff_cache .hypothesis
