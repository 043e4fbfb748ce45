"""For production: `gunicorn -k gevent -w 1 server.wsgi:app` per process.

The gevent worker patches the standard library itself. Run `fulcrum db upgrade`
once before starting the servers.
"""

import gc

from .app import create_app
from .domain.privacy import warm_up
from .live import start_live
from .logs import configure_logging

app = create_app()
configure_logging(app.config["PRODUCTION"])
warm_up()  # scrubbing's name tables now, not on the first scrub inside the event loop
start_live(app)  # runs once the worker serves (gunicorn has patched gevent by now)
# Start-up objects live as long as the worker: frozen, full collections skip them (see serve).
gc.collect()
gc.freeze()
