"""/api/v1/worksheets: the library and the facilitator's own worksheets (domain/library.py).
A worksheet comes in as JSON, YAML, or a document to import (text, Markdown, .docx, .pdf)."""

import gevent
from flask import current_app, g, jsonify, request

from ..domain import library
from ..domain.errors import DomainError
from ..domain.importer import MAX_DOCUMENT_BYTES, import_document, import_text
from ..domain.worksheets import WorksheetError, load_yaml, worksheet_source, worksheet_yaml
from ..extensions import db
from ..live import rehearsal
from . import bp
from .routes import json_body, session_links

YAML_TYPES = {"application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"}
TEXT_TYPES = {"text/plain", "text/markdown", "text/x-markdown"}


def _library():
    return current_app.extensions["worksheets"]


@bp.get("/worksheets")
def list_worksheets():
    return jsonify([entry.summary() for entry in library.entries(db.session, _library(), g.facilitator)])


@bp.get("/worksheets/<slug>")
def get_worksheet(slug):
    if slug.endswith(".yaml"):
        worksheet = library.find(db.session, _library(), g.facilitator, slug.removesuffix(".yaml")).worksheet
        response = current_app.response_class(worksheet_yaml(worksheet), mimetype="application/yaml")
        response.headers["Content-Disposition"] = f'attachment; filename="{worksheet.slug}.yaml"'
        return response
    return jsonify(worksheet_source(library.find(db.session, _library(), g.facilitator, slug).worksheet))


@bp.post("/worksheets")
def create_worksheet():
    source, warnings = incoming()
    if request.args.get("dry_run") in ("1", "true"):
        try:
            worksheet = library.checked(source, "preview")
        except DomainError as error:  # the preview still shows what was read, to fix in the editor
            return jsonify({"error": error.to_dict(), "worksheet": source, "warnings": warnings}), 400
        return jsonify({"worksheet": worksheet_source(worksheet), **saved(worksheet, warnings)})
    worksheet = library.create(db.session, _library(), g.facilitator, source)
    db.session.commit()
    return jsonify(saved(worksheet, warnings)), 201


@bp.put("/worksheets/<slug>")
def update_worksheet(slug):
    source, warnings = incoming()
    worksheet = library.update(db.session, _library(), g.facilitator, slug, source)
    db.session.commit()
    return jsonify(saved(worksheet, warnings))


@bp.post("/worksheets/<slug>/copy")
def copy_worksheet(slug):
    worksheet = library.copy(db.session, _library(), g.facilitator, slug)
    db.session.commit()
    return jsonify(saved(worksheet, [])), 201


@bp.delete("/worksheets/<slug>")
def delete_worksheet(slug):
    library.delete(db.session, _library(), g.facilitator, slug)
    db.session.commit()
    return "", 204


@bp.post("/worksheets/<slug>/rehearse")
def rehearse_worksheet(slug):
    worksheet = library.find(db.session, _library(), g.facilitator, slug).worksheet
    return jsonify(session_links(rehearsal.rehearse(g.facilitator, worksheet))), 201


def saved(worksheet, warnings: list[dict]) -> dict:
    return {
        "slug": worksheet.slug,
        "title": worksheet.title,
        "steps": len(worksheet.steps),
        "questions": len(worksheet.questions),
        "warnings": warnings,
    }


def incoming() -> tuple[object, list[dict]]:
    """The request's worksheet as YAML keys, and what an import was unsure of."""
    mimetype = request.mimetype
    if mimetype == "application/json":
        return json_body(), []
    request.max_content_length = MAX_DOCUMENT_BYTES  # documents are bigger than the API's JSON
    try:
        if mimetype == "multipart/form-data":
            upload = request.files.get("file")
            if upload is None or not upload.filename:
                raise DomainError("bad_request", "Send the document as the form field `file`.", field="file")
            data = upload.read()
            if upload.filename.lower().endswith((".yaml", ".yml")):
                return load_yaml(_decoded(data), upload.filename), []
            # Reading a large PDF is seconds of CPU: in a thread, so the room's sockets are served meanwhile.
            imported = gevent.get_hub().threadpool.apply(
                import_document, (data, upload.filename, upload.mimetype or "")
            )
            return imported.source, imported.warnings
        if mimetype in YAML_TYPES:
            return load_yaml(_decoded(request.get_data()), "worksheet"), []
        if mimetype in TEXT_TYPES:
            imported = import_text(_decoded(request.get_data()))
            return imported.source, imported.warnings
    except WorksheetError as error:
        raise library.refusal(error) from None
    raise DomainError(
        "bad_request",
        "Send a worksheet as JSON or YAML (application/yaml), text or Markdown (text/plain, text/markdown), "
        "or a document (.txt .md .yaml .docx .pdf) as the multipart field `file`.",
    )


def _decoded(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError("invalid_worksheet", "The text is not UTF-8; save it as UTF-8 and try again.") from None
