# The two commands: `make demo` and `make test`. Each sets up everything it needs and is
# quick when nothing changed (stamps in .stamps/ track what was already done).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
UV_VERSION := 0.13.9
VENV := .venv
BIN := $(VENV)/bin
STAMPS := .stamps
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy

PY_SOURCES := $(shell find src -name '*.py' -o -name '*.mako' 2>/dev/null)
WEB_SOURCES := $(shell find web/src web/index.html web/vite.config.ts web/tsconfig*.json -type f 2>/dev/null)

.PHONY: help demo test setup web lint typecheck unit integration integration-postgres e2e web-test clean

help:
	@echo "make demo   set up and run the demo (sim + Master + Agent), then open the printed URL"
	@echo "make test   set up and run ruff, mypy, unit, integration, web and browser tests"

$(STAMPS):
	@mkdir -p $(STAMPS)

# --- Python ---------------------------------------------------------------------------------
$(STAMPS)/venv: pyproject.toml uv.lock | $(STAMPS)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@test -x $(BIN)/uv && [[ "$$($(BIN)/uv --version)" == "uv $(UV_VERSION)"* ]] || \
		$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(BIN)/uv sync --frozen --all-extras --python $(BIN)/python --quiet
	@touch $@

setup: $(STAMPS)/venv

# --- Web UI ---------------------------------------------------------------------------------
$(STAMPS)/npm: web/package.json web/package-lock.json | $(STAMPS)
	cd web && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

web/openapi.json: $(STAMPS)/venv $(PY_SOURCES)
	$(BIN)/python -m atlhyper.master.openapi > $@.tmp && mv $@.tmp $@

$(STAMPS)/web: $(STAMPS)/npm web/openapi.json $(WEB_SOURCES) | $(STAMPS)
	cd web && npm run --silent gen:api && npm run --silent build
	@touch $@

web: $(STAMPS)/web

# --- System packages the tests need ---------------------------------------------------------
$(STAMPS)/system: | $(STAMPS)
	@missing=(); \
	command -v chromium >/dev/null || missing+=(chromium); \
	command -v kubectl >/dev/null || missing+=(kubernetes-client); \
	dpkg -s fonts-wqy-microhei >/dev/null 2>&1 || missing+=(fonts-wqy-microhei); \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql); \
	if (( $${#missing[@]} )); then \
		echo "installing Debian packages: $${missing[*]}"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$${missing[@]}" >/dev/null; \
	fi
	@touch $@

# --- The two commands -----------------------------------------------------------------------
demo: setup web
	$(BIN)/atlhyper demo

test: setup web $(STAMPS)/system
	$(MAKE) --no-print-directory lint typecheck unit integration integration-postgres web-test e2e

lint: setup
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: setup
	$(BIN)/mypy

unit: setup
	$(BIN)/pytest tests/unit -q

# Integration tests drive several real processes on two shared cores; a test that fails is run
# once more, and pytest reports every rerun, so a flaky one stays visible.
RERUN := --reruns 1 --reruns-delay 2

integration: setup $(STAMPS)/system
	$(BIN)/pytest tests/integration -q $(RERUN)

# The Master's suite again, on a private PostgreSQL server instead of SQLite.
integration-postgres: setup $(STAMPS)/system
	$(BIN)/pytest tests/integration/master -q --database postgres $(RERUN)

web-test: $(STAMPS)/npm web
	cd web && npm run --silent typecheck && npm run --silent test

e2e: setup web $(STAMPS)/system
	cd web && npm run --silent e2e

clean:
	rm -rf $(STAMPS) web/dist web/openapi.json web/src/api/schema.d.ts test-artifacts
