"""docs/protocol.md is the contract of the Socket.IO events: every event the server handles
(`@socketio.on(...)`, `client_event(socketio, "...")`) or sends (`socketio.emit("...")`,
`emit("...")`) must be named there, in backticks. The server source is read with `ast`, so
the check follows the code wherever the events move (server/realtime, server/live, ...)."""

import ast
import re
from pathlib import Path

from support import PROTOCOL, ROOT

SERVER = ROOT / "server"
SENDS = {"emit"}  # socketio.emit(EVENT, ...), flask_socketio.emit(EVENT, ...)
HANDLES = {"on", "on_event"}  # @socketio.on(EVENT), socketio.on_event(EVENT, handler)
NOT_EVENTS = {"*"}  # the catch-all handler (unknown events get `unknown_event`)


def called_name(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def is_engineio(call: ast.Call) -> bool:
    """`server.eio.on("message", …)`: Engine.IO's own packets, not Socket.IO events."""
    func = call.func
    return isinstance(func, ast.Attribute) and isinstance(func.value, ast.Attribute) and func.value.attr == "eio"


def event_argument(call: ast.Call, index: int = 0, keyword: str = "event") -> ast.expr | None:
    if len(call.args) > index and not any(isinstance(a, ast.Starred) for a in call.args[: index + 1]):
        return call.args[index]
    return next((k.value for k in call.keywords if k.arg in (keyword, "message")), None)


class Scanner(ast.NodeVisitor):
    """Event names at emit/on calls: string literals, module constants, or a parameter of
    the enclosing function (a wrapper such as client_event(socketio, NAME)), whose callers
    are then read for the literal they pass."""

    def __init__(self, path: Path, tree: ast.Module):
        self.path, self.functions = path, []
        self.constants = {
            target.id: node.value.value
            for node in tree.body
            if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        self.found: list[tuple[str, str, str]] = []  # (kind, name, where)
        self.through: list[tuple[str, str, int, str]] = []  # (kind, function, parameter index, parameter)
        self.unresolved: list[str] = []
        self.calls: list[ast.Call] = []

    def visit_FunctionDef(self, node):
        for decorator in node.decorator_list:  # evaluated in the enclosing scope
            self.visit(decorator)
        self.functions.append(node)
        for statement in node.body:
            self.visit(statement)
        self.functions.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Call(self, node):
        self.calls.append(node)
        name = called_name(node)
        kind = "sends" if name in SENDS else "handles" if name in HANDLES and not is_engineio(node) else None
        if kind:
            self.resolve(kind, event_argument(node), node)
        self.generic_visit(node)

    def resolve(self, kind, expr, node):
        where = f"{self.path.relative_to(ROOT)}:{node.lineno}"
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            self.found.append((kind, expr.value, where))
            return
        if isinstance(expr, ast.Name):
            for function in reversed(self.functions):
                params = [a.arg for a in function.args.posonlyargs + function.args.args]
                if expr.id in params:
                    self.through.append((kind, function.name, params.index(expr.id), expr.id))
                    return
            if expr.id in self.constants:
                self.found.append((kind, self.constants[expr.id], where))
                return
        self.unresolved.append(f"{where}: {ast.unparse(node)[:100]}")


def server_events() -> tuple[dict[str, set[str]], list[str]]:
    """{"handles": names, "sends": names} from the server source, and what could not be read."""
    scanners = []
    for path in sorted(SERVER.rglob("*.py")):
        scanner = Scanner(path, tree := ast.parse(path.read_text(encoding="utf-8"), str(path)))
        scanner.visit(tree)
        scanners.append(scanner)
    events = {"handles": set(), "sends": set()}
    unresolved = [line for s in scanners for line in s.unresolved]
    for scanner in scanners:
        for kind, name, _where in scanner.found:
            events[kind].add(name)
    for kind, function, index, parameter in {t for s in scanners for t in s.through}:
        callers = [(s, call) for s in scanners for call in s.calls if called_name(call) == function]
        if not callers:
            unresolved.append(f"{function}({parameter}=…) is never called with a literal event name")
        for scanner, call in callers:
            expr = event_argument(call, index, parameter)
            if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
                events[kind].add(expr.value)
            elif isinstance(expr, ast.Name) and expr.id in scanner.constants:
                events[kind].add(scanner.constants[expr.id])
            else:
                unresolved.append(f"{scanner.path.relative_to(ROOT)}:{call.lineno}: {ast.unparse(call)[:100]}")
    return {kind: names - NOT_EVENTS for kind, names in events.items()}, unresolved


def documented_names() -> set[str]:
    """The first word of every backticked span of docs/protocol.md (`join {"code"}` → join)."""
    text = re.sub(r"```.*?```", "", PROTOCOL.read_text(encoding="utf-8"), flags=re.S)  # code blocks are not names
    spans = re.findall(r"`([^`]+)`", text)
    return {match.group(0) for span in spans if (match := re.match(r"\w+", span.strip()))}


def test_the_scan_sees_the_servers_events():
    """Positive control: the scanner finds events of every kind it reads (literals at
    emit/on, and names passed through client_event); were it blind, the check below
    would pass with nothing to check."""
    events, unresolved = server_events()
    assert not unresolved, "event names the scan cannot read (use a literal name):\n" + "\n".join(unresolved)
    assert {"join", "answer", "host", "goto"} <= events["handles"], events["handles"]  # client_event(socketio, …)
    assert {"connect", "disconnect"} <= events["handles"], events["handles"]  # @socketio.on("…")
    assert {"answers", "step", "ended", "themes"} <= events["sends"], events["sends"]  # socketio.emit("…")


def test_every_socket_event_of_the_server_is_in_the_protocol():
    events, _ = server_events()
    documented = documented_names()
    missing = {kind: sorted(names - documented) for kind, names in events.items() if names - documented}
    assert not missing, f"Socket.IO events missing from docs/protocol.md (name each in backticks): {missing}"


def test_the_check_fails_for_an_undocumented_event():
    """The scanner and the doc check together catch a new, undocumented event."""
    tree = ast.parse('@socketio.on("secret_handshake")\ndef f():\n    socketio.emit("sneaky_push", {})\n')
    scanner = Scanner(SERVER / "extra.py", tree)
    scanner.visit(tree)
    names = {name for _, name, _ in scanner.found}
    assert names == {"secret_handshake", "sneaky_push"} and not names & documented_names()
