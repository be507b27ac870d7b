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
