# Two commands on a fresh machine with Python 3.11+ and make:
#   make editions   build every edition of every bulletin in source/, and the showcase, into dist/
#   make test       ruff, mypy, the reference site and the whole test suite (installs what it needs first)
#   make docs       the reference site (API and CLI, from the docstrings) into site/
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SOURCES := $(wildcard source/*.md)
SHOWCASE := examples/showcase/showcase.md
# An editable install compiles nothing; write the byte-code once so every run
# starts fast even where PYTHONDONTWRITEBYTECODE is set.
COMPILE = $(BIN)/python -m compileall -q src >/dev/null

.PHONY: editions test lint docs bench sysdeps ace clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "briefexport needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(COMPILE)
	touch $@

$(VENV)/.installed-docs: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[docs]'
	$(COMPILE)
	touch $@ $(VENV)/.installed

# The tests build the reference site too, so their install has the docs extra.
$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,docs]'
	$(COMPILE)
	touch $@ $(VENV)/.installed $(VENV)/.installed-docs

editions: $(VENV)/.installed
	$(BIN)/briefexport build $(SOURCES) $(SHOWCASE) -o dist

sysdeps:
	@bash .ci/sysdeps

# DAISY Ace, the EPUB accessibility checker the tests run, in a folder of its own (ignored by git).
# --ignore-scripts: no install script downloads Electron or a browser; Ace runs in Debian's chromium
# (.ci/sysdeps) through puppeteer, and passes it --no-sandbox itself, so it runs as root too.
ACE_VERSION := 1.4.6
ACE := build/ace/node_modules/.bin/ace-puppeteer

# A registry's passing error ("No matching version found for tar-stream@^3.3.0", a version it has) failed
# a CI run: the install is tried three times, ten seconds apart.
$(ACE): | sysdeps
	for try in 1 2 3; do \
	  npm install --prefix build/ace --ignore-scripts --no-audit --no-fund --loglevel=error @daisy/ace@$(ACE_VERSION) \
	    && break; \
	  [ $$try = 3 ] && exit 1; echo "npm install failed; trying again in 10 s" >&2; sleep 10; \
	done
	touch $@

ace: $(ACE)

test: $(VENV)/.installed-test sysdeps $(ACE)
	$(BIN)/ruff check src tests examples benchmarks
	$(BIN)/mypy
	$(MAKE) --no-print-directory docs
	$(BIN)/python -m pytest -n auto --dist loadgroup

# Warnings are errors (a docstring mkdocstrings cannot read, a broken link), and the pages load
# nothing from the network: no web fonts, no scripts or styles from a CDN.
docs: $(VENV)/.installed-docs
	$(BIN)/mkdocs build --strict
	@if grep -rlE '<(link|script)[^>]*(href|src)="(https?:)?//' site --include='*.html'; then \
		echo "make docs: the pages above load files from the network" >&2; exit 1; fi

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests examples benchmarks
	$(BIN)/ruff format --check src tests examples benchmarks

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,docs,bench]'
	$(COMPILE)
	touch $@ $(VENV)/.installed $(VENV)/.installed-test $(VENV)/.installed-docs

bench: $(VENV)/.installed-bench
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/fuzz.py

clean:
	rm -rf dist site $(VENV) .pytest_cache .ruff_cache .mypy_cache .hypothesis
