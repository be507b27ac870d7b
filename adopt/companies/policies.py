"""Access to companies: a company's own members, and the staff of the programme it belongs to.

Evaluators see no individual company: they work from aggregates with small groups suppressed.
"""

from django.db.models import QuerySet

from adopt.accounts.models import User
from adopt.accounts.policies import AnyUser, is_national_admin, signed_in_user
from adopt.companies.models import Company, CompanyMembership
from adopt.programmes.models import Programme, ProgrammeStaff
from adopt.programmes.policies import programme_ids_where

Role = ProgrammeStaff.Role


def visible_companies(user: AnyUser) -> QuerySet[Company]:
    person = signed_in_user(user)
    if person is None:
        return Company.objects.none()
    if is_national_admin(person):
        return Company.objects.all()
    staff_programmes = programme_ids_where(person, Role.ADVISER, Role.MANAGER)
    member_of = CompanyMembership.objects.filter(user=person).values_list("company_id", flat=True)
    return Company.objects.filter(programme_id__in=staff_programmes) | Company.objects.filter(pk__in=member_of)


def can_see_company(user: AnyUser, company: Company) -> bool:
    """Whether `company` is among `visible_companies(user)`: for staff without asking the database."""
    person = signed_in_user(user)
    if person is None:
        return False
    if is_national_admin(person) or company.programme_id in programme_ids_where(person, Role.ADVISER, Role.MANAGER):
        return True
    return CompanyMembership.objects.filter(user=person, company_id=company.pk).exists()


def can_change_company(user: AnyUser, company: Company) -> bool:
    """Whether `company` is among `editable_companies(user)`."""
    return can_see_company(user, company)


def is_company_member(user: AnyUser) -> bool:
    person = signed_in_user(user)
    return person is not None and CompanyMembership.objects.filter(user=person).exists()


def can_list_companies(user: AnyUser) -> bool:
    return (
        is_national_admin(user)
        or bool(programme_ids_where(user, Role.ADVISER, Role.MANAGER))
        or is_company_member(user)
    )


def caseload(user: AnyUser) -> QuerySet[Company]:
    """The companies an adviser is assigned to, within programmes they still work in."""
    person = signed_in_user(user)
    if person is None:
        return Company.objects.none()
    return Company.objects.filter(adviser=person, programme_id__in=programme_ids_where(person, Role.ADVISER))


def can_create_company(user: AnyUser) -> bool:
    return is_national_admin(user) or bool(programme_ids_where(user, Role.ADVISER, Role.MANAGER))


def editable_companies(user: AnyUser) -> QuerySet[Company]:
    """Companies whose profile the user may change: their own company, or one in a programme they staff."""
    return visible_companies(user)


def is_staff_for(user: AnyUser, company: Company) -> bool:
    """Whether the user works on the company's programme (or nationally), rather than for the company."""
    return is_national_admin(user) or company.programme_id in programme_ids_where(user, Role.ADVISER, Role.MANAGER)


def staff_programme_ids(user: AnyUser) -> set[int] | None:
    """The programmes a person works on as staff, for judging many companies at once; None: every programme."""
    if is_national_admin(user):
        return None
    return set(programme_ids_where(user, Role.ADVISER, Role.MANAGER))


def can_confirm_facts(user: AnyUser, company: Company) -> bool:
    """Facts a business declares about itself are confirmed by the staff of its programme."""
    return is_staff_for(user, company)


def assignable_programmes(user: AnyUser) -> QuerySet[Programme]:
    """Programmes staff may put a company in: any for national administrators, else those they advise or manage."""
    if is_national_admin(user):
        return Programme.objects.order_by("name")
    return Programme.objects.filter(pk__in=programme_ids_where(user, Role.ADVISER, Role.MANAGER)).order_by("name")


def assignable_advisers(programmes: QuerySet[Programme]) -> QuerySet[User]:
    """Advisers a company in one of these programmes may be given."""
    return (
        User.objects.filter(
            programme_roles__role=Role.ADVISER, programme_roles__programme__in=programmes, is_service_account=False
        )
        .distinct()
        .order_by("full_name")
    )


def importable_programmes(user: AnyUser) -> QuerySet[Programme]:
    """Programmes the user may import Companies House files into: any for national admins, else those they manage."""
    if is_national_admin(user):
        return Programme.objects.all()
    return Programme.objects.filter(pk__in=programme_ids_where(user, Role.MANAGER))


def can_import_companies(user: AnyUser) -> bool:
    return importable_programmes(user).exists()


def can_see_queue(user: AnyUser, programme: Programme) -> bool:
    """The programme's unassigned queue: its advisers and managers, and national administrators."""
    return is_national_admin(user) or programme.pk in programme_ids_where(user, Role.ADVISER, Role.MANAGER)


def can_set_assignment_rule(user: AnyUser, programme: Programme) -> bool:
    return is_national_admin(user) or programme.pk in programme_ids_where(user, Role.MANAGER)


def may_assign_to(user: AnyUser, programme: Programme, adviser: User) -> bool:
    """Managers give a waiting company to any of the programme's advisers; an adviser takes one on themselves."""
    if can_set_assignment_rule(user, programme):
        return True
    person = signed_in_user(user)
    return person is not None and person.pk == adviser.pk and can_see_queue(user, programme)


def can_ask_for_adviser(user: AnyUser, company: Company) -> bool:
    """Someone who acts for the company asks the programme for an adviser."""
    person = signed_in_user(user)
    return person is not None and CompanyMembership.objects.filter(user=person, company=company).exists()
