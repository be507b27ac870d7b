"""Access to programmes: national roles see every programme, staff see the programmes they work in."""

from django.db.models import QuerySet

from adopt.accounts.policies import AnyUser, is_national_admin, is_national_evaluator, signed_in_user
from adopt.programmes.models import Programme, ProgrammeStaff

Role = ProgrammeStaff.Role


def programme_ids_where(user: AnyUser, *roles: str) -> QuerySet[ProgrammeStaff, int]:
    """Ids of the programmes in which the user holds any of `roles` (any role when none is given)."""
    person = signed_in_user(user)
    if person is None:
        return ProgrammeStaff.objects.none().values_list("programme_id", flat=True)
    staff = ProgrammeStaff.objects.filter(user=person)
    if roles:
        staff = staff.filter(role__in=roles)
    return staff.values_list("programme_id", flat=True)


def is_programme_staff(user: AnyUser) -> bool:
    return programme_ids_where(user).exists()


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
    return programme_ids_where(user, Role.ADVISER, Role.MANAGER).filter(programme_id=programme.pk).exists()


def can_view_programme_aggregates(user: AnyUser, programme: Programme) -> bool:
    """Figures across the programme's companies: its managers, its evaluators and national roles."""
    if is_national_admin(user) or is_national_evaluator(user):
        return True
    roles = programme_ids_where(user, Role.MANAGER, Role.EVALUATOR, Role.ADVISER)
    return roles.filter(programme_id=programme.pk).exists()
