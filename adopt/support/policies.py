"""Support logs: the company's members and its programme's staff see them; only programme staff record support.

Leadership cohorts: advisers and managers see their programme's and record attendance; managers set them up.
"""

from django.db.models import QuerySet

from adopt.accounts.policies import AnyUser, is_national_admin
from adopt.companies.models import Company
from adopt.companies.policies import can_see_company, is_staff_for
from adopt.core.visibility import Visibility
from adopt.programmes.models import Programme, ProgrammeStaff
from adopt.programmes.policies import any_programme_for, programme_ids_where

Role = ProgrammeStaff.Role


def can_view_support(user: AnyUser, company: Company) -> bool:
    return can_see_company(user, company)


def can_record_support(user: AnyUser, company: Company) -> bool:
    return is_staff_for(user, company)


def note_visibilities(user: AnyUser, company: Company) -> tuple[str, ...]:
    """Whose notes the user reads: the programme's staff all of them, the company's members those shared with it."""
    if is_staff_for(user, company):
        return (Visibility.STAFF, Visibility.COMPANY)
    return (Visibility.COMPANY,)


def cohort_programmes(user: AnyUser) -> QuerySet[Programme]:
    """Programmes whose leadership cohorts the user may see (they name companies): national administrators all;
    the programme's advisers and managers their own."""
    if is_national_admin(user):
        return Programme.objects.all()
    return Programme.objects.filter(pk__in=programme_ids_where(user, Role.MANAGER, Role.ADVISER))


def manageable_cohort_programmes(user: AnyUser) -> QuerySet[Programme]:
    """Programmes in which the user may set up a cohort."""
    if is_national_admin(user):
        return Programme.objects.all()
    return Programme.objects.filter(pk__in=programme_ids_where(user, Role.MANAGER))


def can_record_attendance(user: AnyUser, programme: Programme) -> bool:
    """Add places and record attendance: the programme's advisers and managers, and national administrators."""
    return is_national_admin(user) or (programme.pk in programme_ids_where(user, Role.MANAGER, Role.ADVISER))


def can_see_cohorts(user: AnyUser) -> bool:
    # A staff role's programme exists (the role goes with it), so only national roles need to ask the database.
    if is_national_admin(user):
        return any_programme_for(user)
    return bool(programme_ids_where(user, Role.MANAGER, Role.ADVISER))
