"""`fulcrum` commands. Each brings the database schema up to date before it acts,
so a new, empty DATABASE_URL just works."""

import gc
import signal
import socket
import sys
from pathlib import Path

import click
import gevent

from .domain import accounts
from .domain.errors import DomainError
from .domain.worksheets import WorksheetError, load_worksheet
from .logs import configure_logging


def ready_app():
    from .app import create_app, upgrade_database
    from .config import ConfigError

    try:
        app = create_app()
    except WorksheetError as error:
        raise click.ClickException(f"A worksheet in the library is invalid: {error}") from None
    except ConfigError as error:
        raise click.ClickException(str(error)) from None
    upgrade_database(app)
    return app


@click.group(help="Fulcrum: live workshops with anonymous answers.")
def cli():
    pass


@cli.command(help="Run the server (gevent, one process).")
@click.option("--host", default="127.0.0.1", show_default=True, help="0.0.0.0 opens it to phones on your network.")
@click.option("--port", default=5000, show_default=True, type=int, help="0 picks a free port.")
def serve(host, port):
    from gevent.pywsgi import WSGIServer

    from .extensions import MAX_MESSAGE_BYTES, db
    from .serving import handler_class
    from .store.sqlite import close_database

    app = ready_app()
    configure_logging(app.config["PRODUCTION"])
    from .domain.privacy import warm_up

    warm_up()  # scrubbing's name tables now, not on the first scrub inside the event loop
    # Slow or silent clients are cut off; WebSockets close cleanly (server/serving.py).
    from .domain.importer import MAX_DOCUMENT_BYTES

    # The largest body any route takes: worksheet documents (the others refuse theirs by size).
    handler = handler_class(
        app.config["HEADER_TIMEOUT"], max(app.config["MAX_CONTENT_LENGTH"], MAX_MESSAGE_BYTES, MAX_DOCUMENT_BYTES)
    )
    # No access log: it would write every phone's IP address.
    server = WSGIServer((host, port), app, log=None, handler_class=handler)
    server.start()
    from .live import start_live

    start_live(app)  # schema upgraded: recompute themes a crash left stale
    local = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{server.server_port}"
    public = app.config["PUBLIC_URL"]
    if not public and host in ("0.0.0.0", "::"):
        public = app.config["PUBLIC_URL"] = f"http://{lan_address()}:{server.server_port}"
    click.echo(f"Fulcrum is running at {local}  (database: {safe_db_name(app)})")
    click.echo(f"Phones join at {public or local}/join")
    with app.app_context():
        if not accounts.has_facilitators(db.session):
            token = accounts.create_setup_token(db.session)
            db.session.commit()
            click.echo(f"No facilitator account yet. Create yours (this link works once): {local}/setup/{token}")
        else:
            click.echo(f"Facilitators log in at {local}/login")
    sys.stdout.flush()
    # What is loaded by now (the app, SQLAlchemy, the name tables…) lives as long as the
    # process: frozen, a full collection walks only the sockets' and events' objects, not the
    # ~130,000 start-up ones (0.1–0.7 s pauses under load: docs/benchmarks.md).
    gc.collect()
    gc.freeze()
    # SIGTERM (docker stop, systemd, a test) stops as Ctrl-C does: cleanly, the database closed.
    gevent.signal_handler(signal.SIGTERM, lambda: server.stop(timeout=2))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.stop(timeout=2)
    close_database(app, db)


@cli.command(help="Compute live themes for every web process (scale-out mode, with Redis).")
def themes():
    from .live.themes import EngineProcess, RedisThemeQueue, ThemeScheduler

    app = ready_app()
    configure_logging(app.config["PRODUCTION"])
    if not app.config["REDIS_URL"]:
        raise click.ClickException(
            "`fulcrum themes` needs SOCKETIO_MESSAGE_QUEUE (or REDIS_URL); "
            "without Redis, `fulcrum serve` computes themes itself."
        )
    from .domain.privacy import warm_up

    warm_up()  # projector themes are scrubbed: the name tables now, not on the first push
    engine = EngineProcess()
    engine.start()  # the model loads before the first request
    click.echo(f"Theme worker ready ({engine.representation}); waiting for requests.")
    sys.stdout.flush()
    scheduler = ThemeScheduler(app, engine)
    scheduler.request_stale()  # what a crash or a lost request left stale; computed once serving
    RedisThemeQueue(app.extensions["redis"]).serve(scheduler)


def lan_address() -> str:
    """This machine's address as phones on the same network would see it (best effort, offline)."""
    try:
        address = socket.gethostbyname(socket.gethostname())
        return address if not address.startswith("127.") else "127.0.0.1"
    except OSError:
        return "127.0.0.1"


def safe_db_name(app) -> str:
    from sqlalchemy.engine import make_url

    return make_url(app.config["SQLALCHEMY_DATABASE_URI"]).render_as_string(hide_password=True)


@cli.group(help="Database schema.")
def db():
    pass


@db.command("upgrade", help="Apply migrations (for deployments that migrate once, before the servers start).")
def db_upgrade():
    ready_app()
    click.echo("Database is up to date.")


@cli.command(
    help="Delete sessions older than the retention period (FULCRUM_RETENTION_DAYS or --days), "
    "counted from when they ended, or from when they started if never ended."
)
@click.option("--days", type=click.IntRange(min=1), help="Retention period in days; overrides FULCRUM_RETENTION_DAYS.")
@click.option("--dry-run", is_flag=True, help="Only count what would be deleted.")
def purge(days, dry_run):
    from .domain.retention import expired_sessions
    from .extensions import db as database
    from .live import actions

    app = ready_app()
    days = days or app.config["RETENTION_DAYS"]
    if days is None:
        click.echo("No retention period set: set FULCRUM_RETENTION_DAYS or pass --days N. Nothing deleted.", err=True)
        sys.exit(2)
    with app.app_context():
        old = expired_sessions(database.session, days)
        if dry_run:
            click.echo(
                f"Dry run: {len(old)} session{'' if len(old) == 1 else 's'} older than {days} days would be deleted."
            )
            return
        for session in old:
            actions.delete(session)  # one commit each: an interrupted purge keeps what it did
    click.echo(f"Deleted {len(old)} session{'' if len(old) == 1 else 's'} older than {days} days.")


@cli.group(help="Facilitator accounts.")
def facilitator():
    pass


def read_password(from_stdin: bool, prompt: str) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt(prompt, hide_input=True, confirmation_prompt=True)


def facilitator_named(email: str):
    """The facilitator with this email, or the command stops with a clear message."""
    from .extensions import db as database

    account = accounts.find_facilitator(database.session, email)
    if account is None:
        raise click.ClickException(f"No facilitator with the email {email}.")
    return account


@facilitator.command("add", help="Create a facilitator account.")
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (for scripts).")
def facilitator_add(email, password_stdin):
    from .extensions import db as database

    password = read_password(password_stdin, "Password")
    app = ready_app()
    with app.app_context():
        try:
            accounts.add_facilitator(database.session, email, password)
        except DomainError as error:
            raise click.ClickException(error.message) from None
        database.session.commit()
    click.echo(f"Facilitator {accounts.normalise_email(email)} added.")


@facilitator.command(
    "password",
    help="Change a facilitator's password; every login of the account ends "
    "(API tokens keep working: see `fulcrum token`).",
)
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read the new password from standard input (for scripts).")
def facilitator_password(email, password_stdin):
    from .extensions import db as database

    password = read_password(password_stdin, "New password")
    app = ready_app()
    with app.app_context():
        account = facilitator_named(email)
        try:
            accounts.change_password(database.session, account, password)
        except DomainError as error:
            raise click.ClickException(error.message) from None
        database.session.commit()
    click.echo(f"Password changed for {accounts.normalise_email(email)}; every login of the account has ended.")


@cli.group(help="API tokens.")
def token():
    pass


@token.command("create", help="Create an API token; it is printed once, on the last line.")
@click.argument("email")
def token_create(email):
    from .extensions import db as database

    app = ready_app()
    with app.app_context():
        facilitator = facilitator_named(email)
        value = accounts.create_api_token(database.session, facilitator)
        database.session.commit()
    click.echo(f"API token for {accounts.normalise_email(email)} (shown once; only its hash is stored):")
    click.echo(value)


@token.command("list", help="List a facilitator's API tokens: id, first characters, date created.")
@click.argument("email")
def token_list(email):
    from .extensions import db as database

    app = ready_app()
    with app.app_context():
        facilitator = facilitator_named(email)
        rows = accounts.list_api_tokens(database.session, facilitator)
        if not rows:
            click.echo(f"No API tokens for {facilitator.email}.")
        for row in rows:
            hint = f"{row.hint}…" if row.hint else "(no hint)"
            click.echo(f"{row.id}  {hint}  created {row.created_at:%Y-%m-%d}")


@token.command(
    "revoke", help="Delete an API token (its id is in `fulcrum token list EMAIL`); it stops working at once."
)
@click.argument("token_id", metavar="ID", type=int)
def token_revoke(token_id):
    from .extensions import db as database

    app = ready_app()
    with app.app_context():
        try:
            owner = accounts.revoke_api_token(database.session, token_id)
        except DomainError as error:
            raise click.ClickException(f"{error.message} See `fulcrum token list EMAIL` for the ids.") from None
        email = owner.email
        database.session.commit()
    click.echo(f"API token {token_id} of {email} revoked.")


@cli.group(help="Worksheets.")
def worksheet():
    pass


@worksheet.command("validate", help="Check a worksheet file.")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def worksheet_validate(path):
    try:
        sheet = load_worksheet(path)
    except (WorksheetError, OSError) as error:
        click.echo(f"Invalid: {error}", err=True)
        sys.exit(1)
    questions = sum(len(step.questions) for step in sheet.steps)
    click.echo(f"OK: {sheet.title} ({len(sheet.steps)} steps, {questions} questions)")


@worksheet.command(
    "import",
    help="Turn a document (.txt, .md, .docx, .pdf) into worksheet YAML on standard output, "
    "its warnings on standard error; e.g. `fulcrum worksheet import plan.docx > facilitator/plan.yaml`.",
)
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def worksheet_import(path):
    from .domain.importer import MAX_DOCUMENT_BYTES, import_document
    from .domain.worksheets import validate_worksheet, worksheet_yaml

    try:
        with path.open("rb") as f:
            data = f.read(MAX_DOCUMENT_BYTES + 1)
        if len(data) > MAX_DOCUMENT_BYTES:
            raise WorksheetError(f"{path.name}: documents are at most {MAX_DOCUMENT_BYTES // 2**20} MiB")
        imported = import_document(data, path.name, "")
        sheet = validate_worksheet(imported.source, "imported", path.name)
    except WorksheetError as error:
        click.echo(f"Cannot import: {error}", err=True)
        sys.exit(1)
    for warning in imported.warnings:
        where = f"line {warning['line']}: " if warning["line"] else ""
        click.echo(f"warning: {where}{warning['message']}", err=True)
    click.echo(worksheet_yaml(sheet), nl=False)
