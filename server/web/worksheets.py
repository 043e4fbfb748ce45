"""The facilitator's worksheet pages: the library (the read-only worksheets of facilitator/ and
their own), the editor and the import page. The pages read and change worksheets through
/api/v1/worksheets (server/api/worksheets.py) from the browser; here they get the worksheet
to edit and the validator's limits, so the browser never repeats a number the server owns."""

from flask import Blueprint, abort, current_app, render_template
from flask_login import current_user, login_required

from ..domain import library
from ..domain.answers import MAX_ANSWER
from ..domain.errors import DomainError
from ..domain.sessions import DEFAULT_MIN_GROUP
from ..domain.worksheets import (
    DEFAULT_SCALE,
    DEFAULT_SHARE,
    KINDS,
    MAX_DESCRIPTION,
    MAX_MINUTES,
    MAX_OPTION,
    MAX_OPTIONS,
    MAX_POINTS,
    MAX_PROMPT,
    MAX_TITLE,
    MIN_OPTIONS,
    MIN_POINTS,
    SHARES,
    worksheet_source,
)
from ..extensions import db
from .forms import SHARE_NAMES

bp = Blueprint("worksheets", __name__)

IMPORT_TYPES = ".txt,.md,.markdown,.yaml,.yml,.docx,.pdf"


def limits() -> dict:
    """What the editor's inputs and buttons need to know of the validator."""
    return {
        "title": MAX_TITLE,
        "description": MAX_DESCRIPTION,
        "prompt": MAX_PROMPT,
        "option": MAX_OPTION,
        "min_options": MIN_OPTIONS,
        "max_options": MAX_OPTIONS,
        "min_points": MIN_POINTS,
        "max_points": MAX_POINTS,
        "default_scale": list(DEFAULT_SCALE),
        "max_minutes": MAX_MINUTES,
        "kinds": list(KINDS),
        "shares": list(SHARES),
        "share_names": SHARE_NAMES,  # as the start form names them
        "default_share": DEFAULT_SHARE,
        "min_group": DEFAULT_MIN_GROUP,  # the preview's "shown once N people have answered"
        "answer": MAX_ANSWER,
    }


def _library():
    return current_app.extensions["worksheets"]


@bp.get("/worksheets")
@login_required
def index():
    entries = [entry.summary() for entry in library.entries(db.session, _library(), current_user)]
    return render_template(
        "worksheets.html",
        mine=[e for e in entries if e["source"] == "mine"],
        shared=[e for e in entries if e["source"] == "library"],
        limits=limits(),
    )


@bp.get("/worksheets/new")
@login_required
def new():
    return render_template("worksheet_editor.html", slug=None, worksheet=None, limits=limits())


@bp.get("/worksheets/<slug>/edit")
@login_required
def edit(slug):
    try:
        entry = library.find(db.session, _library(), current_user, slug)
    except DomainError as error:
        abort(404, error.message)
    if not entry.editable:
        abort(403, "Library worksheets are read-only: duplicate it on the Worksheets page, then edit the copy.")
    return render_template(
        "worksheet_editor.html", slug=slug, worksheet=worksheet_source(entry.worksheet), limits=limits()
    )


@bp.get("/worksheets/import")
@login_required
def import_page():
    return render_template("worksheet_import.html", accept=IMPORT_TYPES, limits=limits())
