"""Server-rendered pages: accounts, the facilitator's screens, the phone page, reports."""

import logging

from flask import Flask, Response, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from ..api.errors import STATUS, error_response, http_code
from ..domain import accounts
from ..domain.errors import DomainError
from ..extensions import db, login_manager
from ..outages import describe, is_outage, rollback, unavailable

log = logging.getLogger(__name__)

# No inline script anywhere: every script is a file under /static.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self' ws: wss:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def register_web(app: Flask) -> None:
    from . import auth, facilitator, health, participant, reports, shares, worksheets

    for module in (auth, facilitator, health, participant, reports, shares, worksheets):
        app.register_blueprint(module.bp)

    from ..domain.reports import PRACTICE_NOTE, answer_groups, count_line, levels_note

    app.jinja_env.globals["count_line"] = count_line  # the report page words counts as the exports do
    app.jinja_env.globals["levels_note"] = levels_note
    app.jinja_env.globals["practice_note"] = PRACTICE_NOTE
    app.jinja_env.globals["answer_groups"] = answer_groups  # a question's themes, then Other, in every format

    login_manager.login_view = "auth.login"
    login_manager.login_message = "Log in to run a session."

    # Every login cookie (and a remember cookie, were one ever set: login_user is never
    # called with remember=True) comes through here, for pages, the API and socket connect.
    @login_manager.user_loader
    def load_facilitator(user_id: str):
        return accounts.facilitator_for_login(db.session, user_id)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    @app.errorhandler(CSRFError)
    def csrf_failed(_error):
        return render_template(
            "error.html",
            status=400,
            message="This form has expired or came from another site. Go back, reload the page and try again.",
        ), 400

    @app.errorhandler(403)
    @app.errorhandler(404)
    @app.errorhandler(405)
    @app.errorhandler(429)
    def page_error(error):
        # API clients get JSON even for routes that do not exist.
        if request.path.startswith("/api/"):
            return error_response(http_code(error.code), error.description, error.code)
        return render_template("error.html", status=error.code, message=error.description), error.code

    @app.errorhandler(Exception)
    def unexpected(error):
        """An outage (database busy, full or away; Redis away) is a retryable 503 `unavailable`;
        anything else a 500 `internal_error`. Either way a documented code, never a stack trace."""
        if isinstance(error, HTTPException):
            return error
        if isinstance(error, DomainError):  # a refusal no page translated
            return page_or_json(error.message, STATUS.get(error.code, 400), error.code)
        rollback()
        if is_outage(error):
            log.warning("%s %s: service unavailable (%s)", request.method, request.path, describe(error))
            refusal, status = unavailable(), 503
        else:
            log.exception("%s %s failed", request.method, request.path)
            refusal, status = None, 500
        message = refusal.message if refusal else "Something went wrong on the server; please try again."
        return page_or_json(message, status)

    def page_or_json(message: str, status: int, code: str | None = None):
        if request.path.startswith("/api/"):
            return error_response(code or http_code(status), message, status)
        try:  # the page's header asks the database who is logged in
            return render_template("error.html", status=status, message=message), status
        except Exception:
            return Response(message, status, mimetype="text/plain")
