"""The shape the architecture promises (docs/architecture.md), checked on the source."""

import ast
from pathlib import Path

SERVER = Path(__file__).resolve().parents[2] / "server"


def calls_named(path: Path, name: str) -> list[int]:
    tree = ast.parse(path.read_text(), str(path))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == name
    ]


def test_every_room_message_leaves_from_live_rooms():
    senders = {
        str(path.relative_to(SERVER)): lines for path in SERVER.rglob("*.py") if (lines := calls_named(path, "emit"))
    }
    assert "live/rooms.py" in senders  # the check sees emits where they are (positive control)
    assert set(senders) == {"live/rooms.py"}, senders


def test_the_domain_knows_no_flask_and_no_sockets():
    for path in (SERVER / "domain").rglob("*.py"):
        tree = ast.parse(path.read_text(), str(path))
        imported = {
            alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
        }
        imported |= {
            (node.module or "").split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.level == 0
        }
        assert not imported & {"flask", "flask_socketio", "socketio", "engineio", "werkzeug"}, path
