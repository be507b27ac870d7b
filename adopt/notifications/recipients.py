"""Who hears of what happens to a company or a programme. Queries only."""

from adopt.accounts.models import User
from adopt.companies.models import Company
from adopt.programmes.models import Programme, ProgrammeStaff


def company_people(company: Company) -> list[User]:
    """The people who act for the company."""
    return list(User.objects.filter(company_memberships__company=company, is_active=True).order_by("pk"))


def programme_managers(programme: Programme | None) -> list[User]:
    if programme is None:
        return []
    return list(
        User.objects.filter(
            programme_roles__programme=programme, programme_roles__role=ProgrammeStaff.Role.MANAGER, is_active=True
        )
        .distinct()
        .order_by("pk")
    )


def company_casework(company: Company) -> list[User]:
    """The company's adviser; while it has none, the programme's managers, so that somebody is told."""
    adviser = company.adviser
    if adviser is not None and adviser.is_active:
        return [adviser]
    return programme_managers(company.programme)
