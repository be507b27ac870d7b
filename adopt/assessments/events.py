"""What happens to assessments that other apps hear of."""

import dataclasses

from adopt.core.events import Event


@dataclasses.dataclass(frozen=True, kw_only=True)
class AssessmentSubmitted(Event):
    company_id: int
    assessment_id: int
