"""Configuration read from the environment, in one place."""
import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET = "dev-only-not-secret"


class Config:
    def __init__(self, instance_path: str, **overrides):
        env = os.environ
        self.SECRET_KEY = env.get("SECRET_KEY", DEV_SECRET)
        sqlite = Path(instance_path) / "fulcrum.sqlite3"
        self.SQLALCHEMY_DATABASE_URI = normalise_db_url(env.get("DATABASE_URL") or f"sqlite:///{sqlite}")
        # Shown in join links and QR codes; phones must be able to reach it.
        self.PUBLIC_URL = env.get("PUBLIC_URL", "").rstrip("/")
        self.WORKSHEETS_DIR = env.get("FULCRUM_WORKSHEETS", str(PROJECT_ROOT / "facilitator"))
        self.MAX_CONTENT_LENGTH = 64 * 1024  # JSON API bodies are tiny
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.REMEMBER_COOKIE_HTTPONLY = True
        self.REMEMBER_COOKIE_SAMESITE = "Lax"
        self.WTF_CSRF_TIME_LIMIT = None  # a workshop can outlast the default hour
        for key, value in overrides.items():
            setattr(self, key, value)


def normalise_db_url(url: str) -> str:
    """Let `postgres://` and `postgresql://` URLs use psycopg 3, the driver we install."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url
