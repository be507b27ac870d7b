"""Who may use the impact pages. The simulator works on assumptions, not on any company's data."""

from adopt.accounts.policies import AnyUser, is_national_admin, is_national_evaluator
from adopt.programmes.models import ProgrammeStaff
from adopt.programmes.policies import programme_ids_where

Role = ProgrammeStaff.Role


def can_use_simulator(user: AnyUser) -> bool:
    """Programme managers plan budgets with it; evaluators and national administrators check them."""
    return (
        is_national_admin(user)
        or is_national_evaluator(user)
        or programme_ids_where(user, Role.MANAGER, Role.EVALUATOR).exists()
    )
