"""Who may use the impact pages. The simulator works on assumptions, not on any company's data."""

from collections.abc import Iterable

from django.db.models import QuerySet

from adopt.accounts.policies import AnyUser, is_national_admin, is_national_evaluator
from adopt.funding.models import GrantApplication
from adopt.programmes.models import Programme, ProgrammeStaff
from adopt.programmes.policies import any_programme_for, programme_ids_where

Role = ProgrammeStaff.Role


def can_use_simulator(user: AnyUser) -> bool:
    """Programme managers plan budgets with it; evaluators and national administrators check them."""
    return (
        is_national_admin(user)
        or is_national_evaluator(user)
        or bool(programme_ids_where(user, Role.MANAGER, Role.EVALUATOR))
    )


def can_see_follow_ups(user: AnyUser) -> bool:
    return is_national_admin(user) or bool(programme_ids_where(user, Role.ADVISER, Role.MANAGER))


def follow_up_applications(user: AnyUser) -> QuerySet[GrantApplication]:
    """Applications whose follow-ups the user records: those of programmes they advise or manage."""
    if is_national_admin(user):
        return GrantApplication.objects.all()
    return GrantApplication.objects.filter(
        company__programme_id__in=programme_ids_where(user, Role.ADVISER, Role.MANAGER)
    )


def kpi_programmes(user: AnyUser) -> QuerySet[Programme]:
    """Programmes whose KPIs the user may see: national roles all; programme staff their own."""
    if is_national_admin(user) or is_national_evaluator(user):
        return Programme.objects.all()
    return Programme.objects.filter(pk__in=programme_ids_where(user, Role.MANAGER, Role.EVALUATOR, Role.ADVISER))


def sees_small_groups(user: AnyUser, programmes: Iterable[Programme]) -> bool:
    """Evaluators work from aggregates with small groups suppressed; the staff of every programme chosen (and
    national administrators) see them. Someone who advises one programme and evaluates another sees the other's
    figures as an evaluator does."""
    if is_national_admin(user):
        return True
    if is_national_evaluator(user):
        return False
    staffed = set(programme_ids_where(user, Role.MANAGER, Role.ADVISER))
    chosen = {programme.pk for programme in programmes}
    return bool(chosen) and chosen <= staffed


def sees_company_rows(user: AnyUser, programmes: Iterable[Programme]) -> bool:
    """Rows per company in reports and exports: the chosen programmes' staff; never evaluators (decision 0002)."""
    return sees_small_groups(user, programmes)


def can_see_kpis(user: AnyUser) -> bool:
    # A staff role's programme exists (the role goes with it), so only national roles need to ask the database.
    if is_national_admin(user) or is_national_evaluator(user):
        return any_programme_for(user)
    return bool(programme_ids_where(user, Role.MANAGER, Role.EVALUATOR, Role.ADVISER))
