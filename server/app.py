"""The app factory: configuration, extensions, blueprints, socket handlers. Nothing else."""
from pathlib import Path

from flask import Flask

from .config import PROJECT_ROOT, Config
from .domain.worksheets import load_library
from .extensions import csrf, db, login_manager, migrate, socketio
from .ratelimit import http_limiter

MIGRATIONS = str(Path(__file__).parent / "store" / "migrations")


def create_app(**overrides) -> Flask:
    app = Flask(__name__, instance_path=overrides.pop("instance_path", None) or str(PROJECT_ROOT / "instance"),
                template_folder=str(PROJECT_ROOT / "templates"), static_folder=str(PROJECT_ROOT / "static"))
    app.config.from_object(Config(app.instance_path, **overrides))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    # Loaded (and validated) once at start: a broken worksheet stops the server with a clear error.
    app.extensions["worksheets"] = load_library(app.config["WORKSHEETS_DIR"])

    http_limiter.init_app(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS, render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    socketio.init_app(app, async_mode="gevent")

    from .store.sqlite import tune_sqlite
    tune_sqlite(app, db)

    from .api import bp as api_bp
    from .web import register_web
    http_limiter.limit("600/minute")(api_bp)
    app.register_blueprint(api_bp)
    csrf.exempt(api_bp)  # the API authenticates each request by token or cookie + JSON body, not forms
    register_web(app)

    from . import realtime  # noqa: F401  (registers the socket event handlers)
    from .theme_service import ThemeScheduler, ThemeWorker
    app.extensions["themes"] = ThemeScheduler(app, ThemeWorker())
    return app


def upgrade_database(app: Flask) -> None:
    """Bring the schema up to date; every `fulcrum` command does this before it acts."""
    from flask_migrate import upgrade
    with app.app_context():
        upgrade(directory=MIGRATIONS)
