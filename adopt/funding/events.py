"""What happens to grants that other apps hear of."""

import dataclasses
from decimal import Decimal

from adopt.core.events import Event


@dataclasses.dataclass(frozen=True, kw_only=True)
class ApplicationMoved(Event):
    """An application took one step of the workflow (submitted, returned, approved, paid...)."""

    company_id: int
    application_id: int
    from_status: str
    to_status: str
    comment: str = ""


@dataclasses.dataclass(frozen=True, kw_only=True)
class GrantPaid(Event):
    """Money reached the company: one payment against an approved claim."""

    company_id: int
    application_id: int
    amount: Decimal
    reference: str = ""  # the payment run it was paid in, quoted on the remittance
