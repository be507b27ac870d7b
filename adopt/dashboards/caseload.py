"""The caseload board's rows: each company's journey facts gathered in a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Exists, Min, OuterRef, Q, QuerySet

from adopt.assessments.models import Assessment
from adopt.companies.models import Company
from adopt.dashboards.journey import Journey, JourneyFacts, journey_of, owner_next_step
from adopt.funding.models import GrantApplication, LedgerEntry
from adopt.funding.workflow import AWARDED


@dataclass(frozen=True)
class CaseRow:
    company: Company
    journey: Journey


def with_journey_facts(companies: QuerySet[Company]) -> QuerySet[Company]:
    return companies.select_related("adviser", "programme").annotate(
        first_enquiry=Min("enquiries__created_at"),
        first_assessment=Min("assessments__submitted_at", filter=Q(assessments__status=Assessment.Status.SUBMITTED)),
        roadmap_agreed=Min("roadmap__agreed_at"),
        # A draft is not an application until it is submitted.
        first_application=Min("grant_applications__submitted_at"),
        first_award=Min("grant_applications__decided_at", filter=Q(grant_applications__status__in=AWARDED)),
        first_payment=Min(
            "grant_applications__ledger__at", filter=Q(grant_applications__ledger__kind=LedgerEntry.Kind.PAYMENT)
        ),
        waiting_review=Exists(
            GrantApplication.objects.filter(company=OuterRef("pk"), status__in=["submitted", "in_review"])
        ),
        draft_open=Exists(GrantApplication.objects.filter(company=OuterRef("pk"), status__in=["draft", "returned"])),
        offer_waiting=Exists(GrantApplication.objects.filter(company=OuterRef("pk"), status="approved")),
        claim_to_make=Exists(GrantApplication.objects.filter(company=OuterRef("pk"), status="offer_accepted")),
    )


def journey_facts(company: Company) -> JourneyFacts:
    """Facts for one company annotated by `with_journey_facts`."""
    return JourneyFacts(
        first_contact=getattr(company, "first_enquiry", None) or company.created_at,
        eligibility=company.eligibility,
        eligibility_checked=company.eligibility_checked_at,
        eligibility_missing=(),
        first_assessment=getattr(company, "first_assessment", None),
        roadmap_agreed=getattr(company, "roadmap_agreed", None),
        first_application=getattr(company, "first_application", None),
        application_waiting_for_review=bool(getattr(company, "waiting_review", False)),
        application_to_finish=bool(getattr(company, "draft_open", False)),
        offer_to_accept=bool(getattr(company, "offer_waiting", False)),
        claim_to_make=bool(getattr(company, "claim_to_make", False)),
        first_award=getattr(company, "first_award", None),
        first_payment=getattr(company, "first_payment", None),
        followed_up=None,
    )


def case_rows(companies: QuerySet[Company]) -> list[CaseRow]:
    return [CaseRow(company, journey_of(journey_facts(company))) for company in with_journey_facts(companies)]


def company_journey(company: Company) -> Journey:
    annotated = with_journey_facts(Company.objects.filter(pk=company.pk)).get()
    return journey_of(journey_facts(annotated))


def owner_next_steps(companies: QuerySet[Company]) -> list[tuple[Company, str]]:
    """Each company a person acts for, with what they do next."""
    return [(company, owner_next_step(journey_facts(company))) for company in with_journey_facts(companies)]
