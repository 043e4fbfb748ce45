from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required, login_user, logout_user

from ..domain import accounts
from ..domain.errors import DomainError
from ..extensions import db
from ..ratelimit import http_limiter
from .forms import ConfirmForm, LoginForm, SetupForm

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
@http_limiter.limit("10/minute", methods=["POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        facilitator = accounts.authenticate(db.session, form.email.data, form.password.data)
        if facilitator:
            login_user(facilitator)
            return redirect(url_for("facilitator.home"))
        form.password.errors.append("That email and password do not match an account.")
    return render_template("login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    if ConfirmForm().validate_on_submit():
        # The cookie is only signed: a copy of it would outlive logout_user(). Ending the
        # login epoch makes every copy, on every device, worthless.
        accounts.end_logins(db.session, current_user._get_current_object())
        db.session.commit()
        logout_user()
    return redirect(url_for("auth.login"))


@bp.route("/setup/<token>", methods=["GET", "POST"])
@http_limiter.limit("10/minute")
def setup(token):
    if not accounts.setup_token_valid(db.session, token):
        abort(404, "This setup link has been used or has expired. Ask `fulcrum facilitator add` instead.")
    form = SetupForm()
    if form.validate_on_submit():
        try:
            facilitator = accounts.complete_setup(db.session, token, form.email.data, form.password.data)
        except DomainError as error:
            form.email.errors.append(error.message)
        else:
            db.session.commit()
            login_user(facilitator)
            flash("Your facilitator account is ready.")
            return redirect(url_for("facilitator.home"))
    return render_template("setup.html", form=form)
