"""For production: `gunicorn -k gevent -w 1 server.wsgi:app` per process.

The gevent worker patches the standard library itself. Run `fulcrum db upgrade`
once before starting the servers.
"""
from .app import create_app
from .logs import configure_logging
from .realtime import start_realtime

app = create_app()
configure_logging(app.config["PRODUCTION"])
start_realtime(app)  # runs once the worker serves (gunicorn has patched gevent by now)
