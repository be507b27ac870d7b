"""Who may see and run the evaluation. Its pages show aggregates only; the files that name companies (the ONS
matching export, the outcome import) stay with programme managers and national administrators, as company rows do
elsewhere (evaluators work from aggregates)."""

from django.db.models import QuerySet

from adopt.accounts.policies import AnyUser, is_national_admin, is_national_evaluator
from adopt.programmes.models import Programme, ProgrammeStaff
from adopt.programmes.policies import any_programme_for, programme_ids_where

Role = ProgrammeStaff.Role


def evaluation_programmes(user: AnyUser) -> QuerySet[Programme]:
    """Programmes whose evaluation the user may read: national roles all; managers and evaluators their own."""
    if is_national_admin(user) or is_national_evaluator(user):
        return Programme.objects.order_by("name")
    return Programme.objects.filter(pk__in=programme_ids_where(user, Role.MANAGER, Role.EVALUATOR)).order_by("name")


def can_see_evaluation(user: AnyUser) -> bool:
    # A staff role's programme exists (the role goes with it), so only national roles need to ask the database.
    if is_national_admin(user) or is_national_evaluator(user):
        return any_programme_for(user)
    return bool(programme_ids_where(user, Role.MANAGER, Role.EVALUATOR))


def managed_programmes(user: AnyUser) -> QuerySet[Programme]:
    """Programmes whose company identifiers and outcome panels the user handles, and whose places they draw."""
    if is_national_admin(user):
        return Programme.objects.order_by("name")
    return Programme.objects.filter(pk__in=programme_ids_where(user, Role.MANAGER)).order_by("name")


def can_handle_company_files(user: AnyUser, programme: Programme) -> bool:
    return managed_programmes(user).filter(pk=programme.pk).exists()
