"""Flask extensions, created unbound and wired up in the app factory."""
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_socketio import SocketIO
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from .store.models import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
csrf = CSRFProtect()
login_manager = LoginManager()
# gevent is set explicitly, never auto-detected (see docs/architecture.md). No client
# message needs more than a few KB: refuse anything over 64 KB at the transport.
socketio = SocketIO(async_mode="gevent", max_http_buffer_size=64 * 1024)
