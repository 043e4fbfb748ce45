"""The app factory: configuration, extensions, blueprints, socket handlers. Nothing else."""

from pathlib import Path

from flask import Flask
from socketio import RedisManager
from werkzeug.middleware.proxy_fix import ProxyFix

from .config import PROJECT_ROOT, Config
from .domain.rehearsal import load_samples
from .domain.worksheets import load_library
from .extensions import csrf, db, login_manager, migrate, redis_client, socketio
from .live import init_live
from .ratelimit import configure_limits, http_limiter

# Imported before any app exists: Flask-SocketIO applies handlers registered then to every
# app it is bound to, while a handler registered after the first init_app reaches only
# that app's server (a second app in one process, as in tests, would have no events).
from .realtime import init_realtime

MIGRATIONS = str(Path(__file__).parent / "store" / "migrations")


def create_app(**overrides) -> Flask:
    app = Flask(
        __name__,
        instance_path=overrides.pop("instance_path", None) or str(PROJECT_ROOT / "instance"),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.from_object(Config(app.instance_path, **overrides))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    # Loaded (and validated) once at start: a broken worksheet stops the server with a clear error.
    app.extensions["worksheets"] = load_library(app.config["WORKSHEETS_DIR"])
    app.extensions["rehearsal_samples"] = rehearsal_samples(app.config["WORKSHEETS_DIR"])

    if app.config["REDIS_URL"]:
        app.extensions["redis"] = redis_client(app.config["REDIS_URL"])
    configure_limits(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS, render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    # With Redis, every process (and the theme worker) shares rooms through the queue, on
    # Flask-SocketIO's default channel. The publisher's pool must let a burst of greenlets
    # publish at once: at redis-py's default cap, 2,000 phones answering hung the acks.
    options = {}
    if app.config["REDIS_URL"]:
        options["client_manager"] = RedisManager(
            app.config["REDIS_URL"], channel="flask-socketio", redis_options={"max_connections": 4000}
        )
    socketio.init_app(app, async_mode="gevent", **options)
    if app.config["PROXY_HOPS"]:
        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    from .store.sqlite import tune_sqlite

    tune_sqlite(app, db)

    from .api import bp as api_bp
    from .web import register_web

    http_limiter.limit("600/minute")(api_bp)
    app.register_blueprint(api_bp)
    csrf.exempt(api_bp)  # the API authenticates each request by token or cookie + JSON body, not forms
    register_web(app)

    init_realtime(app)
    init_live(app)
    return app


def upgrade_database(app: Flask) -> None:
    """Bring the schema up to date; every `fulcrum` command does this before it acts."""
    from flask_migrate import upgrade

    with app.app_context():
        upgrade(directory=MIGRATIONS)


def rehearsal_samples(worksheets_dir: str) -> dict[str, list[str]]:
    """Sample answers for rehearsals, by prompt (`rehearsal/answers.yaml` beside the library;
    a library without them rehearses with generic answers)."""
    path = Path(worksheets_dir) / "rehearsal" / "answers.yaml"
    return load_samples(path) if path.is_file() else {}
