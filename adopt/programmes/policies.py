"""Access to programmes: national roles see every programme, staff see the programmes they work in."""

from django.db.models import QuerySet

from adopt.accounts.models import User
from adopt.accounts.policies import AnyUser, is_national_admin, is_national_evaluator, signed_in_user
from adopt.programmes.models import Programme, ProgrammeStaff

Role = ProgrammeStaff.Role
ROLES_HELD = "_adopt_programme_roles"
ANY_PROGRAMME = "_adopt_any_programme"


def programme_ids_where(user: AnyUser, *roles: str) -> list[int]:
    """Ids of the programmes in which the user holds any of `roles` (any role when none is given)."""
    person = signed_in_user(user)
    if person is None:
        return []
    return sorted({programme_id for programme_id, role in _roles_held(person) if not roles or role in roles})


def _roles_held(person: User) -> list[tuple[int, str]]:
    """The person's (programme, role) pairs, read once per user object: a page asks many policies, and a request
    loads its user afresh, so a role given or taken away counts from the next request on."""
    held: list[tuple[int, str]] | None = getattr(person, ROLES_HELD, None)
    if held is None:
        held = list(ProgrammeStaff.objects.filter(user=person).values_list("programme_id", "role"))
        setattr(person, ROLES_HELD, held)
    return held


def any_programme_for(user: AnyUser) -> bool:
    """Whether any programme exists, read once per user object: a national role's menu asks it for several links."""
    person = signed_in_user(user)
    if person is None:
        return Programme.objects.exists()
    found: bool | None = getattr(person, ANY_PROGRAMME, None)
    if found is None:
        found = Programme.objects.exists()
        setattr(person, ANY_PROGRAMME, found)
    return found


def is_programme_staff(user: AnyUser) -> bool:
    return bool(programme_ids_where(user))


def visible_programmes(user: AnyUser) -> QuerySet[Programme]:
    if is_national_admin(user) or is_national_evaluator(user):
        return Programme.objects.all()
    return Programme.objects.filter(pk__in=programme_ids_where(user))


def can_list_programmes(user: AnyUser) -> bool:
    return is_national_admin(user) or is_national_evaluator(user) or is_programme_staff(user)


def can_view_programme_staff(user: AnyUser, programme: Programme) -> bool:
    """Staff names are personal data: evaluators see counts only."""
    if is_national_admin(user):
        return True
    return programme.pk in programme_ids_where(user, Role.ADVISER, Role.MANAGER)


def can_view_programme_aggregates(user: AnyUser, programme: Programme) -> bool:
    """Figures across the programme's companies: its managers, its evaluators and national roles."""
    if is_national_admin(user) or is_national_evaluator(user):
        return True
    return programme.pk in programme_ids_where(user, Role.MANAGER, Role.EVALUATOR, Role.ADVISER)


def can_create_programme(user: AnyUser) -> bool:
    return is_national_admin(user)


def can_set_up_programme(user: AnyUser, programme: Programme) -> bool:
    """Its details, areas, targets and staff: national administrators, and the programme's own managers."""
    return is_national_admin(user) or programme.pk in programme_ids_where(user, Role.MANAGER)
