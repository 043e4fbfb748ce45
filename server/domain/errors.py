class DomainError(Exception):
    """A refusal the caller can act on: `code` is a stable word clients rely on
    (docs/protocol.md), `field` the input it concerns, when there is one (a form shows
    the message beside that field; the API and acks carry it)."""

    def __init__(self, code: str, message: str, field: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field

    def to_dict(self) -> dict:
        error = {"code": self.code, "message": self.message}
        if self.field:
            error["field"] = self.field
        return error
