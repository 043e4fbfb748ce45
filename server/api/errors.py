from flask import jsonify
from werkzeug.exceptions import HTTPException

from ..domain.errors import DomainError
from . import bp

# Domain codes → HTTP status. Codes not listed are 400.
STATUS = {
    "unauthorized": 401,
    "forbidden": 403,
    "csrf_failed": 403,
    "not_found": 404,
    "unknown_room": 404,
    "conflict": 409,
    "session_ended": 409,
    "rate_limited": 429,
    "unavailable": 503,
}
HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_long",
    415: "bad_request",
    429: "rate_limited",
    500: "internal_error",
    503: "unavailable",
}


def http_code(status: int) -> str:
    """The documented code for an HTTP status (docs/protocol.md)."""
    return HTTP_CODES.get(status) or ("bad_request" if status < 500 else "internal_error")


def error_response(code: str, message: str, status: int | None = None):
    response = jsonify({"error": {"code": code, "message": message}})
    response.status_code = status or STATUS.get(code, 400)
    return response


@bp.errorhandler(DomainError)
def domain_error(error: DomainError):
    response = jsonify({"error": error.to_dict()})
    response.status_code = STATUS.get(error.code, 400)
    return response


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException):
    return error_response(http_code(error.code), error.description, error.code)
