"""Who is asking: the signed-in person behind a request, for views to hand to services as the actor."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from adopt.accounts.models import User


def person_of(request: HttpRequest) -> User:
    """The signed-in person; anyone else is refused, for a view that has already checked they may act."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user
