"""Configuration read from the environment, in one place."""
import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    """The server must not start like this."""


class Config:
    def __init__(self, instance_path: str, **overrides):
        env = os.environ
        # FULCRUM_ENV=production: JSON logs, and no start without a real SECRET_KEY.
        self.PRODUCTION = env.get("FULCRUM_ENV", "development") == "production"
        self.SECRET_KEY = secret_key(instance_path, self.PRODUCTION)
        sqlite = Path(instance_path) / "fulcrum.sqlite3"
        self.SQLALCHEMY_DATABASE_URI = normalise_db_url(env.get("DATABASE_URL") or f"sqlite:///{sqlite}")
        if self.SQLALCHEMY_DATABASE_URI.startswith("postgresql"):
            # Greenlets wait on PostgreSQL concurrently: enough connections that a burst of
            # answers does not queue a step change behind it.
            self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_size": 20, "max_overflow": 20, "pool_pre_ping": True}
        # Shown in join links and QR codes; phones must be able to reach it.
        self.PUBLIC_URL = env.get("PUBLIC_URL", "").rstrip("/")
        self.WORKSHEETS_DIR = env.get("FULCRUM_WORKSHEETS", str(PROJECT_ROOT / "facilitator"))
        # Scale-out: a Redis URL makes every process share Socket.IO rooms, presence, rate
        # limits and theme requests (themes then run in `fulcrum themes`).
        self.REDIS_URL = env.get("SOCKETIO_MESSAGE_QUEUE") or env.get("REDIS_URL") or None
        # Reverse proxies in front of us whose X-Forwarded-* headers we trust (nginx: 1).
        self.PROXY_HOPS = int(env.get("FULCRUM_PROXY_HOPS", "0"))
        self.MAX_CONTENT_LENGTH = 64 * 1024  # JSON API bodies are tiny
        # Cookies: HttpOnly and SameSite always; Secure whenever people reach us over HTTPS.
        secure = self.PUBLIC_URL.startswith("https://") or env.get("FULCRUM_SECURE_COOKIES") == "1"
        self.SESSION_COOKIE_HTTPONLY = self.REMEMBER_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = self.REMEMBER_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = self.REMEMBER_COOKIE_SECURE = secure
        self.WTF_CSRF_TIME_LIMIT = None  # a workshop can outlast the default hour
        # `fulcrum purge` deletes sessions older than this many days (unset: keep everything).
        self.RETENTION_DAYS = retention_days(env.get("FULCRUM_RETENTION_DAYS", ""))
        for key, value in overrides.items():
            setattr(self, key, value)


def secret_key(instance_path: str, production: bool) -> str:
    """SECRET_KEY from the environment; in development, a random key kept in the
    instance folder (never a key written in the source, which anyone could read)."""
    key = os.environ.get("SECRET_KEY", "")
    if key:
        if production and len(key) < 32:
            raise ConfigError("SECRET_KEY is too short for production: use at least 32 random characters.")
        return key
    if production:
        raise ConfigError("FULCRUM_ENV=production needs SECRET_KEY (e.g. `python -c 'import secrets; "
                          "print(secrets.token_urlsafe(48))'`).")
    path = Path(instance_path) / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as out:
        out.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def retention_days(raw: str) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    if not raw.isdigit() or int(raw) < 1:
        raise ConfigError(f"FULCRUM_RETENTION_DAYS must be a whole number of days, 1 or more (got {raw!r}).")
    return int(raw)


def normalise_db_url(url: str) -> str:
    """Let `postgres://` and `postgresql://` URLs use psycopg 3, the driver we install."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url
