"""What happens to companies that other apps hear of."""

import dataclasses

from adopt.core.events import Event


@dataclasses.dataclass(frozen=True, kw_only=True)
class CompanyMoved(Event):
    """The company now belongs to another programme (its figures count there from now on)."""

    company_id: int
    from_programme_id: int
    to_programme_id: int


@dataclasses.dataclass(frozen=True, kw_only=True)
class AdviserAssigned(Event):
    company_id: int
    adviser_id: int


@dataclasses.dataclass(frozen=True, kw_only=True)
class CompanyWaiting(Event):
    """A company arrived (`how`) and no rule gave it an adviser: it waits in the programme's unassigned queue."""

    company_id: int
    programme_id: int
    how: str
