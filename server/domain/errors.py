class DomainError(Exception):
    """A refusal the caller can act on; `code` is a stable word clients rely on."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message

    def to_dict(self) -> dict:
        return {"code": self.code, "message": self.message}
