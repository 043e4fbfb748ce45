"""Server-rendered pages: accounts, the facilitator's screens, the phone page, reports."""
from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError

from ..api.errors import HTTP_CODES, error_response
from ..extensions import db, login_manager
from ..store.models import Facilitator

# No inline script anywhere: every script is a file under /static.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self' ws: wss:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def register_web(app: Flask) -> None:
    from . import auth, facilitator, health, participant, reports, shares
    for module in (auth, facilitator, health, participant, reports, shares):
        app.register_blueprint(module.bp)

    login_manager.login_view = "auth.login"
    login_manager.login_message = "Log in to run a session."

    @login_manager.user_loader
    def load_facilitator(user_id: str):
        return db.session.get(Facilitator, int(user_id)) if user_id.isdigit() else None

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    @app.errorhandler(CSRFError)
    def csrf_failed(_error):
        return render_template("error.html", status=400,
                               message="This form has expired or came from another site. "
                                       "Go back, reload the page and try again."), 400

    @app.errorhandler(403)
    @app.errorhandler(404)
    @app.errorhandler(405)
    @app.errorhandler(429)
    def page_error(error):
        # API clients get JSON even for routes that do not exist.
        if request.path.startswith("/api/"):
            return error_response(HTTP_CODES.get(error.code, "error"), error.description, error.code)
        return render_template("error.html", status=error.code, message=error.description), error.code
