"""What happens to support that other apps hear of."""

import dataclasses

from adopt.core.events import Event


@dataclasses.dataclass(frozen=True, kw_only=True)
class SupportRecorded(Event):
    company_id: int
    entry_id: int


@dataclasses.dataclass(frozen=True, kw_only=True)
class SupportedRuleChanged(Event):
    """What counts as 'supported' changed for every company of the programme."""

    programme_id: int


@dataclasses.dataclass(frozen=True, kw_only=True)
class VisitBooked(Event):
    """A visit was booked, changed or cancelled (`change`); `sequence` tells one change from the next."""

    booking_id: int
    company_id: int
    sequence: int
    change: str
