"""The production deployment: docker-compose.yml, deploy/nginx.conf, Dockerfile, .env.example.

No Docker engine runs here, so the compose file is parsed and its topology checked.
nginx.conf is also run for real with Debian's `nginx` in front of three small Socket.IO
servers: polling (which needs stickiness), websocket and upgrade all connect (without nginx
those tests skip locally, and fail when FULCRUM_REQUIRE_SERVICES is set, as in CI).
"""

import json
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from support import ROOT, free_port, require_program

pytestmark = pytest.mark.deploy
COMPOSE = ROOT / "docker-compose.yml"
NGINX_CONF = ROOT / "deploy" / "nginx.conf"
DOCKERFILE = ROOT / "Dockerfile"
ENV_EXAMPLE = ROOT / ".env.example"

APP_SERVICES_OTHER_THAN_WEB = ("migrate", "themes")
SECRET_NAMES = re.compile(r"SECRET|PASSWORD|TOKEN|PASSWD|_KEY$")


# --- reading the files -----------------------------------------------------------------


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load(COMPOSE.read_text())


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


def web_names(services) -> list[str]:
    return sorted(name for name in services if re.fullmatch(r"web\d*", name))


def app_names(services) -> list[str]:
    return web_names(services) + list(APP_SERVICES_OTHER_THAN_WEB)


def env_example() -> dict[str, str]:
    values = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, sep, value = line.partition("=")
            assert sep, f".env.example: not KEY=value: {line!r}"
            values[key.strip()] = value.strip()
    return values


INTERPOLATION = re.compile(r"(?<!\$)\$\{(\w+)(?:(:?[-?])([^}]*))?\}")


def interpolate(value: str, env: dict[str, str]) -> str:
    """Compose's ${VAR}, ${VAR:-default} and ${VAR:?error}, with .env.example as .env."""

    def one(match):
        name, op, arg = match.groups()
        current = env.get(name, "")
        if op in (":-", "-") and not current:
            return arg
        return current

    return INTERPOLATION.sub(one, value).replace("$$", "$")


def as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def environment(service: dict) -> dict[str, str]:
    """What the container's environment holds: env_file entries (with .env.example
    standing in for .env), then `environment`, which wins."""
    example = env_example()
    env = {}
    for entry in as_list(service.get("env_file")):
        path = entry["path"] if isinstance(entry, dict) else entry
        assert path == ".env", f"unexpected env_file {path!r}"
        env.update(example)
    raw = service.get("environment") or {}
    if isinstance(raw, list):
        raw = dict(item.split("=", 1) for item in raw)
    env.update({key: interpolate(str(value), example) for key, value in raw.items()})
    return env


def depends(service: dict) -> dict[str, str]:
    raw = service.get("depends_on") or {}
    if isinstance(raw, list):
        return {name: "service_started" for name in raw}
    return {name: (spec or {}).get("condition", "service_started") for name, spec in raw.items()}


def command(service: dict) -> list[str]:
    cmd = service.get("command")
    return cmd.split() if isinstance(cmd, str) else list(cmd or [])


def healthcheck(service: dict) -> str:
    test = (service.get("healthcheck") or {}).get("test")
    assert test, "no healthcheck"
    return " ".join(as_list(test))


def walk_strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from walk_strings(key)
            yield from walk_strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from walk_strings(item)


def dockerfile_instructions() -> list[tuple[str, str]]:
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def final_stage(instructions):
    starts = [i for i, (word, _) in enumerate(instructions) if word == "FROM"]
    return instructions[starts[-1] :]


# A small nginx config parser: (name, args, children or None) per directive, comments dropped.
TOKEN = re.compile(r"#[^\n]*|\"((?:\\.|[^\"\\])*)\"|'((?:\\.|[^'\\])*)'|([{};])|([^\s{};\"'#][^\s{};]*)")


def parse_nginx(text: str):
    tokens = []
    for match in TOKEN.finditer(text):
        double, single, punct, word = match.groups()
        if match.group(0).startswith("#"):
            continue
        tokens.append(
            ("p", punct) if punct else ("w", word if word is not None else double if double is not None else single)
        )

    def block(i):
        items, args = [], []
        while i < len(tokens):
            kind, value = tokens[i]
            if (kind, value) == ("p", ";"):
                items.append((args[0], args[1:], None))
                args = []
            elif (kind, value) == ("p", "{"):
                children, i = block(i + 1)
                items.append((args[0], args[1:], children))
                args = []
            elif (kind, value) == ("p", "}"):
                return items, i
            else:
                args.append(value)
            i += 1
        return items, i

    return block(0)[0]


def find(items, name):
    return [item for item in items if item[0] == name]


def one(items, name):
    found = find(items, name)
    assert len(found) == 1, f"expected one {name!r}, found {len(found)}"
    return found[0]


def walk(items):
    for item in items:
        yield item
        if item[2]:
            yield from walk(item[2])


@pytest.fixture(scope="module")
def nginx():
    return parse_nginx(NGINX_CONF.read_text())


@pytest.fixture(scope="module")
def http(nginx):
    return one(nginx, "http")[2]


@pytest.fixture(scope="module")
def locations(http):
    server = one(http, "server")[2]
    return {args[-1]: children for _, args, children in find(server, "location")}


def upstreams(http):
    return {args[0]: children for _, args, children in find(http, "upstream")}


def headers(location) -> dict[str, str]:
    return {args[0].lower(): " ".join(args[1:]) for _, args, _ in find(location, "proxy_set_header")}


def maps(http) -> dict[str, tuple[str, dict[str, str]]]:
    """`map $source $target { key value; ... }` → {target: (source, {key: value})}."""
    return {
        args[1]: (args[0], {key: " ".join(values) for key, values, _ in children})
        for _, args, children in find(http, "map")
    }


def seconds(value: str) -> float:
    number, unit = re.fullmatch(r"(\d+)(ms|s|m|h)?", value).groups()
    return int(number) * {"ms": 0.001, "s": 1, None: 1, "m": 60, "h": 3600}[unit]


def upstream_of(location) -> str:
    _, args, _ = one(location, "proxy_pass")
    return re.fullmatch(r"http://([\w.-]+)", args[0]).group(1)


# --- docker-compose.yml: services and their order ---------------------------------------


def test_every_service_exists(services):
    for name in ("nginx", "migrate", "themes", "redis", "db"):
        assert name in services, f"no {name} service"
    webs = web_names(services)
    processes = sum(int(((services[w].get("deploy") or {}).get("replicas")) or 1) for w in webs)
    assert processes >= 2, "the point is several web processes behind nginx"


def test_nginx_publishes_port_80_with_our_config_and_waits_for_web(services):
    nginx = services["nginx"]
    published = set()
    for port in nginx.get("ports", []):
        if isinstance(port, dict):
            published.add((str(port.get("published")), str(port["target"])))
        else:
            parts = str(port).split(":")
            published.add((parts[-2], parts[-1]))
    assert ("80", "80") in published
    mounts = [str(v).split(":") for v in nginx.get("volumes", [])]
    assert any(m[0] == "./deploy/nginx.conf" and m[1] == "/etc/nginx/nginx.conf" for m in mounts)
    deps = depends(nginx)
    for web in web_names(services):
        assert deps.get(web) == "service_healthy", f"nginx should wait for {web} to be healthy"
    for name, service in services.items():
        if name != "nginx":
            assert not service.get("ports"), f"{name} must not be published: only nginx faces the network"


def test_nginx_image_supports_resolve_in_upstreams(services):
    """deploy/nginx.conf uses `server ... resolve;`: open-source nginx has it since 1.27.3."""
    image = services["nginx"]["image"]
    match = re.fullmatch(r"nginx:(\d+)\.(\d+)(?:\.(\d+))?(?:-[\w.-]+)?", image)
    assert match, f"pin a numbered nginx image, not {image!r}"
    version = tuple(int(part or 0) for part in match.groups())
    if re.search(r"\bresolve\s*;", NGINX_CONF.read_text()):
        assert version >= (1, 27, 3), f"{image} is too old for `resolve` in upstream blocks"


def test_web_waits_for_migrations_and_healthy_backends(services):
    for web in web_names(services):
        deps = depends(services[web])
        assert deps.get("migrate") == "service_completed_successfully", web
        assert deps.get("db") == "service_healthy", web
        assert deps.get("redis") == "service_healthy", web


def test_migrations_run_once_and_themes_after_them(services):
    migrate = services["migrate"]
    assert command(migrate) == ["fulcrum", "db", "upgrade"]
    assert migrate.get("restart", "no") in ("no", "on-failure"), "a finished migration must not restart"
    assert depends(migrate).get("db") == "service_healthy"
    themes = services["themes"]
    assert command(themes) == ["fulcrum", "themes"]
    deps = depends(themes)
    assert deps.get("migrate") == "service_completed_successfully"
    assert deps.get("redis") == "service_healthy"


def test_one_image_for_web_migrate_and_themes(services):
    images = {(str(services[name].get("build")), services[name].get("image")) for name in app_names(services)}
    assert len(images) == 1, f"web, migrate and themes must run the same image: {images}"
    build, _ = images.pop()
    assert build == ".", "built from the repository's Dockerfile"


def test_web_runs_one_gevent_gunicorn_process(services):
    cmd = command(services[web_names(services)[0]])
    if not cmd:
        cmd = json.loads([rest for word, rest in final_stage(dockerfile_instructions()) if word == "CMD"][-1])
    assert cmd[0] == "gunicorn" and cmd[-1] == "server.wsgi:app"
    joined = " ".join(cmd)
    assert re.search(r"(-k|--worker-class)[ =]gevent\b", joined)
    assert re.search(r"(-w|--workers)[ =]1\b", joined), "one process per container: rooms live in Redis"
    assert re.search(r"(-b|--bind)[ =]0\.0\.0\.0:8000\b", joined)
    match = re.search(r"--worker-connections[ =](\d+)", joined)
    assert match and int(match.group(1)) > 1000, (
        "gunicorn's default of 1,000 connections per worker would cap a room at fewer phones"
    )


def test_health_checks(services):
    for web in web_names(services):
        check = healthcheck(services[web])
        assert "/healthz" in check and "python" in check, "python:3.11-slim has no curl or wget"
        assert "curl" not in check and "wget" not in check
    assert "redis-cli" in healthcheck(services["redis"]) and "ping" in healthcheck(services["redis"])
    assert "pg_isready" in healthcheck(services["db"])


def test_database_lives_on_a_named_volume(compose, services):
    db = services["db"]
    assert str(db["image"]).startswith("postgres:16")
    assert str(services["redis"]["image"]).startswith("redis:7")
    named = compose.get("volumes") or {}
    mounts = [str(v).split(":") for v in db.get("volumes", [])]
    data = [m for m in mounts if m[1] == "/var/lib/postgresql/data"]
    assert data, "PostgreSQL's data directory must be on a volume"
    assert data[0][0] in named, "a named volume (declared under `volumes:`), not a bind mount"


def test_postgres_accepts_every_process_connection_pool(services, tmp_path, monkeypatch):
    """Every web process, the theme worker and migrate each hold their own pool."""
    from server.config import Config

    monkeypatch.setenv("DATABASE_URL", "postgresql://u:p@db:5432/fulcrum")
    monkeypatch.delenv("FULCRUM_ENV", raising=False)
    options = getattr(Config(str(tmp_path)), "SQLALCHEMY_ENGINE_OPTIONS", {}) or {}
    per_process = options.get("pool_size", 5) + options.get("max_overflow", 10)  # SQLAlchemy's defaults
    processes = sum(int(((services[w].get("deploy") or {}).get("replicas")) or 1) for w in web_names(services)) + 2
    match = re.search(r"max_connections=(\d+)", " ".join(command(services["db"])))
    limit = int(match.group(1)) if match else 100
    assert limit >= processes * per_process + 10, (
        f"{processes} processes x {per_process} connections exceed PostgreSQL's max_connections={limit}"
    )


# --- environment and secrets -------------------------------------------------------------


def test_app_services_get_database_queue_and_secret(services):
    example = env_example()
    for name in app_names(services):
        env = environment(services[name])
        url = env.get("DATABASE_URL", "")
        assert re.fullmatch(r"postgres(ql)?://[^:@/]+:[^@/]*@db:5432/\w+", url), f"{name}: DATABASE_URL {url!r}"
        assert url.endswith("/" + example.get("POSTGRES_DB", "fulcrum"))
        queue = env.get("SOCKETIO_MESSAGE_QUEUE") or env.get("REDIS_URL") or ""
        assert re.fullmatch(r"redis://redis:6379(/\d+)?", queue), f"{name}: message queue {queue!r}"
        assert "SECRET_KEY" in env, f"{name}: no SECRET_KEY"
        assert env.get("FULCRUM_ENV") == "production", name
        assert env.get("FULCRUM_PROXY_HOPS") == "1", f"{name}: exactly one trusted proxy, nginx"
        assert "PUBLIC_URL" in env, name


def test_no_secret_is_written_in_the_compose_file(compose):
    for service in compose["services"].values():
        raw = service.get("environment") or {}
        if isinstance(raw, list):
            raw = dict(item.split("=", 1) for item in raw)
        for key, value in raw.items():
            if SECRET_NAMES.search(key):
                assert re.fullmatch(r"\$\{\w+(:\?[^}]*)?\}", str(value)), (
                    f"{key} must come from .env (as ${{VAR:?message}}, without a default)"
                )
    for name in app_names(compose["services"]):
        raw = compose["services"][name]["environment"]["DATABASE_URL"]
        assert "${POSTGRES_PASSWORD:?" in raw, f"{name}: the database password comes from .env"


def test_env_example_documents_every_variable_and_holds_no_secret(compose):
    example = env_example()
    referenced = {m.group(1) for s in walk_strings(compose) for m in INTERPOLATION.finditer(s)}
    assert referenced, "the compose file should take its settings from .env"
    missing = referenced - set(example)
    assert not missing, f".env.example does not document {sorted(missing)}"
    for key in ("SECRET_KEY", "PUBLIC_URL", "POSTGRES_PASSWORD"):
        assert key in example, key
    for key, value in example.items():
        if SECRET_NAMES.search(key):
            assert value == "", f"{key} in .env.example must be empty, not a usable secret"
        assert not re.fullmatch(r"[A-Za-z0-9_\-+/=]{20,}", value), f"{key} looks like a real secret"
    text = ENV_EXAMPLE.read_text()
    assert "secrets.token_urlsafe" in text, "say how to generate SECRET_KEY"


def ignore_entries(path: Path) -> set[str]:
    lines = (line.strip() for line in path.read_text().splitlines())
    return {line for line in lines if line and not line.startswith("#")}


def test_secrets_stay_out_of_git_and_the_image():
    assert ".env" in ignore_entries(ROOT / ".gitignore")
    docker_ignored = ignore_entries(ROOT / ".dockerignore")
    for entry in (".env", "instance/", ".venv/", "node_modules/", ".git/"):
        assert entry in docker_ignored, f".dockerignore should exclude {entry}"


# --- Dockerfile ---------------------------------------------------------------------------


def test_dockerfile_builds_vendor_js_with_node_and_runs_python_311_slim():
    instructions = dockerfile_instructions()
    froms = [rest for word, rest in instructions if word == "FROM"]
    assert len(froms) >= 2, "multi-stage: npm only in a build stage"
    node = [f for f in froms if f.startswith("node:")]
    assert node, "a node stage vendors socket.io-client"
    stage = node[0].split()[-1] if " AS " in node[0].upper() else None
    assert stage, "name the node stage (FROM node:... AS vendor)"
    assert froms[-1].split()[0] == "python:3.11-slim"
    runs = " ".join(rest for word, rest in instructions if word == "RUN")
    assert "npm ci" in runs
    copies = [rest for word, rest in final_stage(instructions) if word == "COPY"]
    assert any(
        f"--from={stage}" in c and "socket.io-client/dist/socket.io.min.js" in c and "static/vendor/" in c
        for c in copies
    ), "copy socket.io.min.js from the node stage into static/vendor/"


def test_dockerfile_installs_the_hashed_lock_and_the_hashed_model():
    final = final_stage(dockerfile_instructions())
    runs = [rest for word, rest in final if word == "RUN"]
    copies = [rest for word, rest in final if word == "COPY"]
    # The runtime lock (dependencies + the `embeddings` extra; tests/test_lock.py checks its
    # contents), every file checked against its hash, before the code is copied in.
    assert any(c.split()[0] == "requirements/lock.txt" for c in copies), "copy the runtime lock"
    locked = [r for r in runs if "pip install" in r and "lock.txt" in r]
    assert locked and "--require-hashes" in locked[0], "install the dependencies from the lock, with hashes"
    assert "lock-test" not in locked[0], "the image gets the runtime lock, not the test tools"
    lock_step = next(i for i, (word, rest) in enumerate(final) if word == "RUN" and rest == locked[0])
    copy_all = next(i for i, (word, rest) in enumerate(final) if word == "COPY" and rest.split()[0] == ".")
    assert lock_step < copy_all, "dependencies in their own layer, before the code"
    # The project itself adds nothing: no dependencies, and built by the locked setuptools.
    project = [r for r in runs if "pip install" in r and " -e ." in r]
    assert project and "--no-deps" in project[0] and "--no-build-isolation" in project[0]
    assert not [r for r in runs if "pip install" in r and r not in locked + project and "model-requirements" not in r]
    model = [r for r in runs if "model-requirements.txt" in r]
    assert model and "--require-hashes" in model[0] and "--no-deps" in model[0]


def test_dockerfile_runs_as_a_non_root_user():
    final = final_stage(dockerfile_instructions())
    users = [rest for word, rest in final if word == "USER"]
    assert users, "no USER: the app would run as root"
    assert users[-1].split(":")[0] not in ("root", "0")
    last_user = max(i for i, (word, _) in enumerate(final) if word == "USER")
    assert not any(word == "RUN" for word, _ in final[last_user:]), "nothing runs as root after USER"


# --- deploy/nginx.conf ---------------------------------------------------------------------


def test_no_ip_hash(nginx):
    """A venue's phones share one public address: ip_hash would put them all on one process."""
    for name, args, _ in walk(nginx):
        assert name != "ip_hash"
        if name == "hash":
            assert not re.search(r"remote_addr|x_forwarded_for|x_real_ip", args[0]), args


def test_socketio_location_upgrades_websockets(http, locations):
    location = locations.get("/socket.io/")
    assert location is not None, "no `location /socket.io/`"
    assert one(location, "proxy_http_version")[1] == ["1.1"]
    head = headers(location)
    assert head.get("upgrade") == "$http_upgrade"
    connection = head.get("connection", "")
    if connection.startswith("$"):
        source, table = maps(http)[connection]
        assert source == "$http_upgrade" and table.get("default") == "upgrade", connection
    else:
        assert connection.lower() == "upgrade"
    assert seconds(one(location, "proxy_read_timeout")[1][0]) >= 60, (
        "longer than Engine.IO's ping interval + timeout (45 s)"
    )
    assert one(location, "proxy_buffering")[1] == ["off"]


def test_socketio_sticky_by_a_per_browser_cookie(http, locations):
    """Polling needs every request of a session on the process that took the handshake.

    Hashing the session id ($arg_sid) cannot give that: the handshake has no sid, lands
    anywhere, and the sid's hash then points elsewhere (N-1 times in N). The key must exist
    before the handshake: a cookie, or when there is none a fresh random key that the same
    response stores as that cookie.
    """
    location = locations["/socket.io/"]
    upstream = upstreams(http)[upstream_of(location)]
    _, args, _ = one(upstream, "hash")
    key = args[0]
    assert "$arg_sid" not in key and "$cookie_io" not in key
    mapped = maps(http)
    assert key in mapped, f"the hash key {key} should be a map on the sticky cookie"
    source, table = mapped[key]
    cookie = re.fullmatch(r"\$cookie_(\w+)", source).group(1)
    assert table.get("") == "$request_id" and table.get("default") == source, (
        "no cookie yet → a random key; otherwise the cookie"
    )
    set_cookie = [a for _, a, _ in find(location, "add_header") if a[0].lower() == "set-cookie"]
    assert set_cookie, "the response must store the key as a cookie"
    source2, table2 = mapped[set_cookie[0][1]]
    assert source2 == source and table2.get("default") == ""
    assert table2[""].startswith(f"{cookie}=$request_id;"), "the cookie stores the same $request_id"
    assert "consistent" in args, "consistent hashing: adding a process moves only its share"


def test_other_routes_are_round_robin(http, locations):
    for path in ("/",):
        upstream = upstreams(http)[upstream_of(locations[path])]
        for method in ("hash", "ip_hash", "least_conn", "random", "sticky"):
            assert not find(upstream, method), f"{path}: plain round robin, not {method}"


def test_upstreams_list_every_web_process(http, services):
    webs = set(web_names(services))
    for name, children in upstreams(http).items():
        hosts = set()
        for _, args, _ in find(children, "server"):
            host, _, port = args[0].rpartition(":")
            assert port == "8000", args
            hosts.add(host)
        assert hosts == webs, f"upstream {name} lists {sorted(hosts)}, compose runs {sorted(webs)}"


def test_every_proxied_location_forwards_client_headers(locations):
    """A location that sets any proxy header inherits none: each must set them all."""
    proxied = {path: loc for path, loc in locations.items() if find(loc, "proxy_pass")}
    assert {"/", "/socket.io/"} <= set(proxied)
    for path, location in proxied.items():
        head = headers(location)
        assert head.get("host") == "$http_host", f"{path}: Host with its port (Socket.IO checks Origin)"
        assert head.get("x-forwarded-for") == "$proxy_add_x_forwarded_for", path
        assert head.get("x-forwarded-proto") == "$scheme", path


def test_small_request_bodies(http, locations):
    server = one(http, "server")[2]
    sizes = [args[0] for _, args, _ in find(server, "client_max_body_size") + find(http, "client_max_body_size")]
    assert sizes == ["64k"]
    # …but for worksheet documents, which are as big as the importer takes.
    from server.domain.importer import MAX_DOCUMENT_BYTES

    (size,) = [args[0] for _, args, _ in find(locations["/api/v1/worksheets"], "client_max_body_size")]
    assert size == f"{MAX_DOCUMENT_BYTES // 2**20}m"


# --- nginx for real, when it is installed -------------------------------------------------


BACKEND = r"""
import json, sys
from gevent import monkey
monkey.patch_all()
import socketio
from gevent.pywsgi import WSGIHandler, WSGIServer

name, port = sys.argv[1], int(sys.argv[2])
sio = socketio.Server(async_mode="gevent")

@sio.event
def whoami(sid):
    return name

def echo(environ, start_response):
    keys = ("HTTP_HOST", "HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST")
    body = json.dumps({"backend": name, **{k: environ.get(k) for k in keys}}).encode()
    start_response("200 OK", [("Content-Type", "application/json")])
    return [body]

class Handler(WSGIHandler):
    def handle_one_response(self):
        super().handle_one_response()
        if self.environ.get("HTTP_UPGRADE", "").lower() == "websocket":
            self.close_connection = True

WSGIServer(("127.0.0.1", port), socketio.WSGIApp(sio, echo), log=None, handler_class=Handler).serve_forever()
"""


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port}")


def render_for_local_nginx(folder: Path, backends: dict[str, int], front: int) -> Path:
    """deploy/nginx.conf with the web processes on local ports, no `user`, files in folder."""
    text = NGINX_CONF.read_text()

    def server(match):
        return f"server 127.0.0.1:{backends[match.group(1)]};"

    text, count = re.subn(r"server\s+(web\d*):8000(?:\s+resolve)?;", server, text)
    assert count == 2 * len(backends)
    text = re.sub(r"(?m)^user\s+[^;]*;", "", text)
    text = re.sub(r"(?m)^error_log\s+[^;]*;", f"error_log {folder}/error.log warn; pid {folder}/nginx.pid;", text)
    text, count = re.subn(r"listen\s+80;", f"listen 127.0.0.1:{front};", text)
    assert count == 1
    temp = "".join(
        f"    {kind}_temp_path {folder}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    text = text.replace("http {\n", "http {\n" + temp, 1)
    path = folder / "nginx.conf"
    path.write_text(text)
    return path


def nginx_args(folder: Path, conf: Path) -> list[str]:
    nginx = require_program("nginx", "nginx-light")
    return [nginx, "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(conf)]


@pytest.fixture(scope="module")
def proxy(tmp_path_factory, services):
    require_program("nginx", "nginx-light")
    folder = tmp_path_factory.mktemp("nginx")
    names = web_names(services)
    backends = {name: free_port() for name in names}
    front = free_port()
    conf = render_for_local_nginx(folder, backends, front)
    processes = [subprocess.Popen([sys.executable, "-c", BACKEND, name, str(port)]) for name, port in backends.items()]
    try:
        for process, port in zip(processes, backends.values()):
            wait_for_port(port, process)
        server = subprocess.Popen(nginx_args(folder, conf) + ["-g", "daemon off; master_process off;"])
        processes.append(server)
        wait_for_port(front, server)
        yield {"url": f"http://127.0.0.1:{front}", "backends": names, "folder": folder, "conf": conf}
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def test_nginx_accepts_the_config(proxy):
    result = subprocess.run(nginx_args(proxy["folder"], proxy["conf"]) + ["-t"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "transports",
    [["polling"], ["websocket"], ["polling", "websocket"]],
    ids=["polling", "websocket", "polling-then-upgrade"],
)
def test_socketio_through_nginx(proxy, transports):
    """Every client connects and gets answers (polling would fail without stickiness),
    and fresh browsers spread over the processes though they share one address."""
    import socketio

    seen = []
    for _ in range(12):
        client = socketio.Client(reconnection=False)
        try:
            client.connect(proxy["url"], transports=transports, wait_timeout=5)
            for _ in range(3):  # several round trips: several polling requests
                seen.append(client.call("whoami", timeout=5))
            assert client.transport() == transports[-1]
        finally:
            client.disconnect()
    assert len(set(seen)) >= 2, f"all on one process: {seen}"


def test_sticky_cookie_is_set_once_and_routes(proxy):
    import requests

    handshake = f"{proxy['url']}/socket.io/?EIO=4&transport=polling"
    first = requests.get(handshake, timeout=5)
    assert first.status_code == 200
    cookie = first.cookies.get("fulcrum_lb")
    assert cookie and re.fullmatch(r"[0-9a-f]{32}", cookie)
    assert "Path=/socket.io/" in first.headers["Set-Cookie"] and "HttpOnly" in first.headers["Set-Cookie"]
    again = requests.get(handshake, cookies={"fulcrum_lb": cookie}, timeout=5)
    assert "Set-Cookie" not in again.headers, "a browser that has the cookie keeps it"


def test_pages_round_robin_with_forwarded_headers(proxy):
    import requests

    backends = set()
    for path in ("/", "/static/x.js", "/healthz") * 3:
        reply = requests.get(proxy["url"] + path, timeout=5).json()
        backends.add(reply["backend"])
        assert reply["HTTP_HOST"] == proxy["url"].removeprefix("http://")
        assert reply["HTTP_X_FORWARDED_FOR"] == "127.0.0.1"
        assert reply["HTTP_X_FORWARDED_PROTO"] == "http"
    assert backends == set(proxy["backends"])
    too_big = requests.post(proxy["url"] + "/api/x", data=b"x" * (100 * 1024), timeout=5)
    assert too_big.status_code == 413
