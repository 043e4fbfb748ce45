"""Flask extensions, created unbound and wired up in the app factory."""

from flask_login import LoginManager
from flask_migrate import Migrate
from flask_socketio import SocketIO
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from .store.models import Base

# Each event or request uses its session briefly: keeping loaded values after a commit
# saves a reload of every object an event touches (the ack and the pushes read them).
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
migrate = Migrate()
csrf = CSRFProtect()
login_manager = LoginManager()
# No client message needs more than a few KB: refuse anything over 64 KB at the transport
# (engineio for websocket frames; realtime/transport.py for long-polling POSTs).
MAX_MESSAGE_BYTES = 64 * 1024
# gevent is set explicitly, never auto-detected (see docs/architecture.md).
socketio = SocketIO(async_mode="gevent", max_http_buffer_size=MAX_MESSAGE_BYTES)


def redis_client(url: str):
    """One pool per process for Redis (presence, shared limits, theme requests). Blocking:
    a burst of greenlets waits for a free connection instead of failing at the cap."""
    import redis

    return redis.Redis(connection_pool=redis.BlockingConnectionPool.from_url(url, max_connections=64, timeout=20))
