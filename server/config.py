"""Configuration read from the environment, in one place."""

import math
import os
import secrets
from collections import Counter
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    """The server must not start like this."""


class Config:
    def __init__(self, instance_path: str, **overrides):
        env = os.environ
        # FULCRUM_ENV=production: JSON logs, and no start without a real SECRET_KEY.
        self.PRODUCTION = environment(env.get("FULCRUM_ENV", "")) == "production"
        self.SECRET_KEY = secret_key(instance_path, self.PRODUCTION)
        sqlite = Path(instance_path) / "fulcrum.sqlite3"
        self.SQLALCHEMY_DATABASE_URI = normalise_db_url(env.get("DATABASE_URL") or f"sqlite:///{sqlite}")
        # Database errors are logged; their SQL parameters are participant text and ids.
        self.SQLALCHEMY_ENGINE_OPTIONS = {"hide_parameters": True}
        if self.SQLALCHEMY_DATABASE_URI.startswith("postgresql"):
            # Greenlets wait on PostgreSQL concurrently: enough connections that a burst of
            # answers does not queue a step change behind it.
            self.SQLALCHEMY_ENGINE_OPTIONS.update(pool_size=20, max_overflow=20, pool_pre_ping=True)
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
        # `fulcrum serve` closes a connection that takes longer than this to send its request
        # line and headers (or its body), or sits idle between requests (server/serving.py).
        self.HEADER_TIMEOUT = header_timeout(env.get("FULCRUM_HEADER_TIMEOUT", ""))
        for key, value in overrides.items():
            setattr(self, key, value)


def secret_key(instance_path: str, production: bool) -> str:
    """SECRET_KEY from the environment; in development, a random key kept in the
    instance folder (never a key written in the source, which anyone could read)."""
    key = os.environ.get("SECRET_KEY", "")
    if key:
        if production:
            check_production_key(key)
        return key
    if production:
        raise ConfigError(f"FULCRUM_ENV=production needs SECRET_KEY {MAKE_A_KEY}.")
    path = Path(instance_path) / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as out:
        out.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


ENVIRONMENTS = ("development", "production")
MAKE_A_KEY = "(make one with `python -c 'import secrets; print(secrets.token_urlsafe(48))'`)"
MIN_KEY_LENGTH = 32
MIN_KEY_BITS = 128
MIN_KEY_SYMBOLS = 10


def environment(raw: str) -> str:
    """FULCRUM_ENV, exactly as spelled: a typo must not quietly run production as development."""
    if not raw:
        return "development"
    if raw not in ENVIRONMENTS:
        raise ConfigError(
            f"FULCRUM_ENV must be {' or '.join(ENVIRONMENTS)} (lower case), or unset for development (got {raw!r})."
        )
    return raw


def key_bits(key: str) -> float:
    """A rough upper estimate of how many random bits `key` holds: its length times the
    Shannon entropy of its characters. A random key scores near its real strength; a key
    of few distinct characters scores low."""
    counts = Counter(key)
    return -sum(n * math.log2(n / len(key)) for n in counts.values())


def check_production_key(key: str) -> None:
    """Refuse keys an attacker could guess: short ones, ones of few distinct characters
    ("a" * 64, 32 spaces), little estimated entropy, or a short pattern repeated
    ("password" * 8). Cookies, CSRF tokens and share links are only as safe as this key."""
    if len(key) < MIN_KEY_LENGTH:
        problem = f"is too short ({len(key)} characters; use at least {MIN_KEY_LENGTH} random characters)"
    elif len(set(key)) < MIN_KEY_SYMBOLS:
        problem = f"uses only {len(set(key))} different character(s) (at least {MIN_KEY_SYMBOLS} needed)"
    elif key_bits(key) < MIN_KEY_BITS:
        problem = f"holds about {key_bits(key):.0f} bits of entropy (at least {MIN_KEY_BITS} needed)"
    elif len({key[i : i + 3] for i in range(len(key) - 2)}) < (len(key) - 2) / 2:
        problem = "repeats a short pattern"
    else:
        return
    raise ConfigError(
        f"SECRET_KEY {problem}: it is too weak for production. Use a long random key "
        f"{MAKE_A_KEY}, not a word or a pattern."
    )


def retention_days(raw: str) -> int | None:
    """FULCRUM_RETENTION_DAYS, checked by the rule `fulcrum purge --days` follows."""
    from .domain.errors import DomainError
    from .domain.retention import retention_days as checked

    raw = raw.strip()
    if not raw:
        return None
    try:
        return checked(int(raw) if raw.isdigit() else raw)
    except DomainError as error:
        raise ConfigError(f"FULCRUM_RETENTION_DAYS: {error.message} (got {raw!r}).") from None


def header_timeout(raw: str) -> float:
    raw = raw.strip()
    if not raw:
        return 10.0
    try:
        seconds = float(raw)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds <= 3600:
        raise ConfigError(f"FULCRUM_HEADER_TIMEOUT must be a number of seconds above 0, at most 3600 (got {raw!r}).")
    return seconds


def normalise_db_url(url: str) -> str:
    """Let `postgres://` and `postgresql://` URLs use psycopg 3, the driver we install."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
