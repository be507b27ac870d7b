"""Who may do what, for facts held by accounts alone. Programme and company rules build on these."""

from django.contrib.auth.models import AnonymousUser

from adopt.accounts.models import User
from adopt.accounts.second_factor import has_second_factor

AnyUser = User | AnonymousUser


def is_signed_in(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active)


def signed_in_user(user: AnyUser) -> User | None:
    """The user as a `User` when they are signed in and active, else None."""
    return user if isinstance(user, User) and user.is_authenticated and user.is_active else None


def is_national_admin(user: AnyUser) -> bool:
    return isinstance(user, User) and user.is_national_admin


def is_national_evaluator(user: AnyUser) -> bool:
    return isinstance(user, User) and user.is_evaluator


def needs_second_factor(user: AnyUser) -> bool:
    """Staff reach many companies' data, so a password alone never lets them in; others may opt in.

    Programme roles are read through the reverse relation, as accounts sits below the programmes app.
    """
    person = signed_in_user(user)
    if person is None:
        return False
    if person.global_role or person.is_superuser or person.programme_roles.exists():
        return True
    return has_second_factor(person)


def can_use_admin(user: AnyUser) -> bool:
    """The back office is for national administrators only; nobody reaches it through `is_staff` alone."""
    return is_national_admin(user)
