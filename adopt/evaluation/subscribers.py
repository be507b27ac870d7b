"""What the evaluation does when the domain changes: take a company's baseline at its first contact with the
programme, before support can change it, and add its first maturity score once assessed. Idempotent: a baseline,
once taken, is never changed."""

from adopt.assessments.events import AssessmentSubmitted
from adopt.companies.models import Company
from adopt.core.events import subscribe
from adopt.evaluation.services import baselines_capture
from adopt.onboarding.events import CompanyJoined
from adopt.support.events import SupportRecorded


def baseline_capture_for_company(event: SupportRecorded | AssessmentSubmitted | CompanyJoined) -> None:
    baselines_capture(Company.objects.filter(pk=event.company_id))


def subscribe_all() -> None:
    subscribe(SupportRecorded, baseline_capture_for_company)
    subscribe(AssessmentSubmitted, baseline_capture_for_company)
    subscribe(CompanyJoined, baseline_capture_for_company)
