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
# gevent is set explicitly, never auto-detected (see docs/architecture.md).
socketio = SocketIO(async_mode="gevent")
