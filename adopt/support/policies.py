"""Support logs: the company's members and its programme's staff see them; only programme staff record support."""

from adopt.accounts.policies import AnyUser
from adopt.companies.models import Company
from adopt.companies.policies import is_staff_for, visible_companies


def can_view_support(user: AnyUser, company: Company) -> bool:
    return visible_companies(user).filter(pk=company.pk).exists()


def can_record_support(user: AnyUser, company: Company) -> bool:
    return is_staff_for(user, company)
