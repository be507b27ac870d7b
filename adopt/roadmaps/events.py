"""What happens to roadmaps that other apps hear of."""

import dataclasses

from adopt.core.events import Event


@dataclasses.dataclass(frozen=True, kw_only=True)
class RoadmapAgreed(Event):
    company_id: int
    roadmap_id: int
    version_number: int
