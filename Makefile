# The README's commands. A fresh machine needs only python3 (3.11+) and make.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
PY ?= python3
# This machine's pip config names local mirrors that may be absent; their warnings are noise.
QUIET_PIP := 2>&1 | { grep -v "is ignored: it is neither a file nor a directory" || true; }
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
APT_STAMP := $(VENV)/.apt-installed
DB ?= data/processed/zongjie.db

.PHONY: install demo test lint bench serve clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q -U pip $(QUIET_PIP)

# System packages (OCR engine data, fonts, browser) listed in scripts/apt-packages.txt.
$(APT_STAMP): scripts/apt-packages.txt | $(BIN)/python
	@if [ -s scripts/apt-packages.txt ] && command -v apt-get >/dev/null; then \
	  pkgs="$$(grep -v '^#' scripts/apt-packages.txt | tr '\n' ' ')"; \
	  missing=""; for p in $$pkgs; do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	  if [ -n "$$missing" ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing) >/dev/null \
	      || echo "warning: could not install system packages:$$missing"; \
	  fi; \
	fi
	@touch $@

$(STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install -q -c constraints.txt -e '.[dev]' $(QUIET_PIP)
	@touch $@

install: $(STAMP) $(APT_STAMP)

demo: install
	$(BIN)/zongjie ingest data/raw --db $(DB)

test: install
	$(BIN)/ruff check flows extractors schemas tests scripts bench
	$(BIN)/mypy
	$(BIN)/pytest -n 2 --dist loadgroup

lint: install
	$(BIN)/ruff check flows extractors schemas tests scripts bench
	$(BIN)/mypy

bench: install
	$(BIN)/pip install -q -c constraints.txt -e '.[dev,bench]' $(QUIET_PIP)
	$(BIN)/python bench/bench.py

serve: install
	$(BIN)/zongjie serve --cron "0 3 * * 1" data/raw --db $(DB)

clean:
	rm -rf $(VENV) $(DB) data/processed/*.db-*
