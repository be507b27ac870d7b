"""What every API operation may answer besides success, documented in the OpenAPI schema as it really is."""

from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    detail: str | list[dict[str, Any]]  # a sentence, or the list of invalid parameters (422)


# Not signed in (401), signed in without the right or the second factor (403), nothing there that the caller
# may see (404), a parameter the API cannot use (400, 422).
ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def documented(success: Any) -> dict[int, Any]:
    """The `response=` of an operation: its success body, and every error it may answer."""
    return {200: success, **ERRORS}
