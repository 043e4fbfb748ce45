"""A report export as an HTTP download, shared by the JSON API and the web pages."""

from flask import Response

from .domain.errors import DomainError
from .exports import FORMATS, filename


def report_download(report: dict, extension: str) -> Response:
    fmt = FORMATS.get(extension)
    if fmt is None:
        raise DomainError("not_found", f"No report format {extension!r}; use one of: {', '.join(FORMATS)}.")
    response = Response(fmt.render(report), mimetype=fmt.mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename(report, extension)}"'
    response.headers["Cache-Control"] = "private, no-store"  # it is the facilitator's own data
    return response
