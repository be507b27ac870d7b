"""The caseload board's rows: each company's stage and next action worked out in SQL, so the board filters, sorts
and pages in the database, and the journey facts of the page shown gathered in a fixed number of queries."""

from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Lower

from adopt.assessments.models import Assessment
from adopt.companies.models import Company
from adopt.dashboards.journey import STAGES, Journey, JourneyFacts, journey_of, owner_next_step
from adopt.funding.models import GrantApplication, LedgerEntry
from adopt.funding.workflow import AWARDED
from adopt.onboarding.models import Enquiry
from adopt.roadmaps.models import Roadmap


@dataclass(frozen=True)
class CaseRow:
    company: Company
    journey: Journey


def _earliest(rows: QuerySet[Any], field: str, company: str = "company") -> Subquery:
    """The earliest `field` among a company's rows, as a subquery of the company's own."""
    return Subquery(
        rows.filter(**{company: OuterRef("pk")})
        .order_by()
        .values(company)
        .annotate(earliest=Min(field))
        .values("earliest")
    )


def with_journey_facts(companies: QuerySet[Company]) -> QuerySet[Company]:
    # One small subquery for each fact, not one join of every table and a GROUP BY: planning that join cost
    # PostgreSQL ten times what running it did, and a company's rows of each table multiplied the others'.
    applications = GrantApplication.objects.all()
    return companies.select_related("adviser", "programme").annotate(
        first_enquiry=_earliest(Enquiry.objects.all(), "created_at", company="matched_company"),
        first_assessment=_earliest(Assessment.objects.filter(status=Assessment.Status.SUBMITTED), "submitted_at"),
        roadmap_agreed=_earliest(Roadmap.objects.all(), "agreed_at"),
        # A draft is not an application until it is submitted.
        first_application=_earliest(applications, "submitted_at"),
        first_award=_earliest(applications.filter(status__in=AWARDED), "decided_at"),
        first_payment=_earliest(
            LedgerEntry.objects.filter(kind=LedgerEntry.Kind.PAYMENT), "at", company="application__company"
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


def _has(model: type, **conditions: object) -> Exists:
    return Exists(model._default_manager.filter(company=OuterRef("pk"), **conditions))  # type: ignore[attr-defined]


def _with_facts(companies: QuerySet[Company]) -> QuerySet[Company]:
    # Aliases, not annotations: PostgreSQL then works each out once, as a hashed set, only where it is used.
    return companies.alias(
        paid=Exists(LedgerEntry.objects.filter(application__company=OuterRef("pk"), kind=LedgerEntry.Kind.PAYMENT)),
        awarded=_has(GrantApplication, status__in=AWARDED, decided_at__isnull=False),
        applied=_has(GrantApplication, submitted_at__isnull=False),
        agreed=_has(Roadmap, agreed_at__isnull=False),
        assessed=_has(Assessment, status=Assessment.Status.SUBMITTED, submitted_at__isnull=False),
        waiting=_has(GrantApplication, status__in=["submitted", "in_review"]),
        unfinished=_has(GrantApplication, status__in=["draft", "returned"]),
    )


STAGE_INDEX = Case(
    When(paid=True, then=Value(STAGES.index("Implemented"))),
    When(awarded=True, then=Value(STAGES.index("Funded"))),
    When(applied=True, then=Value(STAGES.index("Applied"))),
    When(agreed=True, then=Value(STAGES.index("Roadmap agreed"))),
    When(assessed=True, then=Value(STAGES.index("Assessed"))),
    When(
        Q(eligibility=Company.Eligibility.ELIGIBLE, eligibility_checked_at__isnull=False),
        then=Value(STAGES.index("Eligible")),
    ),
    default=Value(STAGES.index("Enquiry")),
    output_field=IntegerField(),
)
NEXT_ACTION = Case(
    When(eligibility=Company.Eligibility.NOT_ELIGIBLE, then=Value("None: not eligible")),
    When(
        eligibility=Company.Eligibility.NEEDS_INFORMATION,
        then=Value("Eligibility information missing: eligibility details"),
    ),
    When(assessed=False, then=Value("Book a diagnostic")),
    When(waiting=True, then=Value("Review the grant application")),
    When(unfinished=True, then=Value("Finish and submit the grant application")),
    When(applied=False, then=Value("Agree a roadmap and an application")),
    When(paid=True, then=Value("Follow up the outcomes")),
    default=Value("Keep in touch"),
    output_field=CharField(),
)


def with_stage(companies: QuerySet[Company]) -> QuerySet[Company]:
    """`stage_index` (the company's current stage in `STAGES`) and `needs_next`, as `journey_of` and `next_action`
    work them out in Python, but in SQL: the same facts, in the same order."""
    return _with_facts(companies).annotate(stage_index=STAGE_INDEX, needs_next=NEXT_ACTION)


BOARD_ORDER = {
    "name": (Lower("name"), "pk"),
    "stage": ("stage_index", Lower("name"), "pk"),
    "action": ("needs_next", Lower("name"), "pk"),
    # Longest without contact first, never contacted before all; then the soonest next action due.
    "contact": (F("last_contact_at").asc(nulls_first=True), "pk"),
    "due": (F("next_action_due").asc(nulls_last=True), "pk"),
}


def board_companies_in_order(companies: QuerySet[Company], *, stage: str, sort: str) -> QuerySet[Company]:
    """The board's companies at a stage (any, if none is named), in the order asked for, for paging in SQL.

    Stage and next action are worked out only when the filter or the order needs them: in name order the page
    walks the name index and its rows' journeys are built afterwards (`page_rows`)."""
    chosen = companies
    if stage in STAGES or sort == "stage":
        chosen = _with_facts(chosen).alias(stage_index=STAGE_INDEX)
    if sort == "action":
        chosen = _with_facts(chosen).alias(needs_next=NEXT_ACTION)
    if stage in STAGES:
        chosen = chosen.filter(**{"stage_index": STAGES.index(stage)})  # an annotation the plugin cannot see
    return chosen.order_by(*BOARD_ORDER.get(sort, BOARD_ORDER["name"]))


def page_rows(company_ids: list[int]) -> list[CaseRow]:
    """The rows of one page, in the order of its companies' ids, with their journeys; a company deleted since its
    id was read is left out."""
    by_pk = {row.company.pk: row for row in case_rows(Company.objects.filter(pk__in=company_ids))}
    return [by_pk[pk] for pk in company_ids if pk in by_pk]
