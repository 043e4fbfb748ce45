"""Socket.IO events (default namespace). Importing this package registers them."""
from . import host, participant  # noqa: F401
