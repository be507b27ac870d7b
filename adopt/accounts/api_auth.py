"""How the API knows who is calling: a bearer token (`Authorization: Bearer adopt_...`), or the signed-in session
of the pages. Either way the request's user is the person (or service account) the policies then judge."""

from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer, django_auth

from adopt.accounts.api_tokens import api_token_for, token_allows
from adopt.accounts.models import ApiToken

M = TypeVar("M", bound=Model)


class TokenAuth(HttpBearer):
    """A bearer token with a scope for the router's area: read for GET, write for anything else."""

    openapi_scheme = "bearer"

    def __init__(self, area: str) -> None:
        super().__init__()
        self.area = area

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = api_token_for(token)
        if found is None:
            return None
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]  # read by `token_of`
        area_check(request, self.area, write=request.method not in {"GET", "HEAD"})
        return found


def api_auth(area: str) -> list[Any]:
    """A router's `auth=`: a token scoped to its area, or the session of someone signed in to the pages."""
    return [TokenAuth(area), django_auth]


def token_of(request: HttpRequest) -> ApiToken | None:
    return getattr(request, "api_token", None)


def area_check(request: HttpRequest, area: str, *, write: bool = False) -> None:
    """Refuse (403) a token without the scope for this area; sessions pass to the policies as the pages do."""
    if not token_allows(token_of(request), area, write=write):
        need = f"{area}:{'write' if write else 'read'}"
        raise HttpError(403, f"This token may not {'write' if write else 'read'} {area}: it lacks the {need} scope.")


def token_programme_id(request: HttpRequest) -> int | None:
    """The one programme a token is limited to, or None."""
    token = token_of(request)
    return token.programme_id if token is not None else None


def within_token_programme(request: HttpRequest, rows: QuerySet[M], field: str = "programme_id") -> QuerySet[M]:
    """The rows (a queryset) cut to the token's programme, when it has one."""
    programme_id = token_programme_id(request)
    return rows if programme_id is None else rows.filter(**{field: programme_id})
