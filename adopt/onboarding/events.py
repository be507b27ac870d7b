"""What happens in onboarding that other apps hear of."""

import dataclasses

from adopt.core.events import Event


@dataclasses.dataclass(frozen=True, kw_only=True)
class EnquiryReceived(Event):
    enquiry_id: int


@dataclasses.dataclass(frozen=True, kw_only=True)
class AccountConfirmed(Event):
    user_id: int


@dataclasses.dataclass(frozen=True, kw_only=True)
class MembershipRequested(Event):
    """Someone asked to act for a company; an adviser has to confirm it."""

    request_id: int
    company_id: int


@dataclasses.dataclass(frozen=True, kw_only=True)
class MembershipDecided(Event):
    request_id: int
    company_id: int
    approved: bool


@dataclasses.dataclass(frozen=True, kw_only=True)
class InvitationSent(Event):
    invitation_id: int
    company_id: int


@dataclasses.dataclass(frozen=True, kw_only=True)
class CompanyJoined(Event):
    """Someone now acts for a company without a request to decide: with the code sent to its address, by
    invitation, or by registering a company the programme did not know."""

    company_id: int
    user_id: int
    how: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class StaffInvited(Event):
    invitation_id: int
    programme_id: int


@dataclasses.dataclass(frozen=True, kw_only=True)
class StaffJoined(Event):
    programme_id: int
    user_id: int
    role: str
