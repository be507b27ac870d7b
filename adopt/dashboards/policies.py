"""Who sees which caseload: advisers their own, managers their programmes' (and may reassign)."""

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from adopt.accounts.models import User
from adopt.accounts.policies import AnyUser, is_national_admin, signed_in_user
from adopt.companies.models import Company
from adopt.companies.policies import caseload
from adopt.programmes.models import ProgrammeStaff
from adopt.programmes.policies import programme_ids_where

Role = ProgrammeStaff.Role


def can_see_caseload_board(user: AnyUser) -> bool:
    return is_national_admin(user) or bool(programme_ids_where(user, Role.ADVISER, Role.MANAGER))


def board_companies(user: AnyUser) -> QuerySet[Company]:
    if is_national_admin(user):
        return Company.objects.all()
    managed = programme_ids_where(user, Role.MANAGER)
    return Company.objects.filter(programme_id__in=managed) | caseload(user)


def reassignable_companies(user: AnyUser) -> QuerySet[Company]:
    if is_national_admin(user):
        return Company.objects.all()
    return Company.objects.filter(programme_id__in=programme_ids_where(user, Role.MANAGER))


def reassignable_advisers(user: AnyUser) -> QuerySet[User]:
    person = signed_in_user(user)
    if person is None:
        return User.objects.none()
    advisers = User.objects.filter(programme_roles__role=Role.ADVISER)
    if not is_national_admin(person):
        advisers = advisers.filter(programme_roles__programme_id__in=programme_ids_where(person, Role.MANAGER))
    return advisers.distinct().order_by("full_name")


def can_assign(user: AnyUser, company: Company, adviser: User) -> bool:
    """A manager (or national administrator) puts a company on the caseload of an adviser of its own programme."""
    return (
        reassignable_companies(user).filter(pk=company.pk).exists()
        and reassignable_advisers(user).filter(pk=adviser.pk).exists()
        and adviser.programme_roles.filter(programme_id=company.programme_id, role=Role.ADVISER).exists()
    )


def adviser_case_counts(user: AnyUser) -> QuerySet[User]:
    """Advisers in the programmes the user manages, with how many companies each has; empty for advisers."""
    # One count per adviser from the adviser's own rows, so the cost follows caseloads, not the national total.
    cases = (
        reassignable_companies(user)
        .filter(adviser_id=OuterRef("pk"))
        .order_by()
        .values("adviser_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return reassignable_advisers(user).annotate(cases=Coalesce(Subquery(cases), 0))
