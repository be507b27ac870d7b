import datetime
from decimal import Decimal

from django.db.models import Case, Count, F, Q, QuerySet, Sum, TextField, Value, When
from django.db.models.functions import Coalesce

from adopt.accounts.models import User
from adopt.companies.models import Company
from adopt.programmes.models import Programme
from adopt.roadmaps.models import Roadmap
from adopt.support.models import (
    Booking,
    CohortPlace,
    Internship,
    LeadershipCohort,
    SupportedRule,
    SupportEntry,
    UpskilledRole,
)
from adopt.support.rules import SupportedRuleFacts, SupportedVerdict, supported_verdict


def support_entries(company: Company, note_visibilities: tuple[str, ...]) -> QuerySet[SupportEntry]:
    """The company's support, newest first, with `shown_notes` holding only the notes the reader may see."""
    return (
        company.support_entries.select_related("adviser")
        .annotate(
            shown_notes=Case(
                When(visibility__in=note_visibilities, then=F("notes")), default=Value(""), output_field=TextField()
            )
        )
        .order_by("-delivered_on", "-pk")
    )


def upskilled_roles(company: Company) -> QuerySet[UpskilledRole]:
    return company.upskilled_roles.order_by("-completed_on", "-pk")


def internships(company: Company) -> QuerySet[Internship]:
    return company.internships.order_by("-starts_on", "-pk")


def support_hours(company: Company) -> Decimal:
    return company.support_entries.aggregate(total=Sum("hours"))["total"] or Decimal(0)


def rule_for(programme_id: int) -> SupportedRuleFacts:
    rule = SupportedRule.objects.filter(programme_id=programme_id).first()
    if rule is None:
        return SupportedRuleFacts()
    return SupportedRuleFacts(rule.minimum_hours, rule.roadmap_counts)


def company_supported(company: Company, hours: Decimal | None = None) -> SupportedVerdict:
    """Whether the company counts as supported; `hours`, where the caller has summed them already."""
    agreed = Roadmap.objects.filter(company=company, agreed_version__isnull=False).exists()
    hours = support_hours(company) if hours is None else hours
    return supported_verdict(hours, agreed, rule_for(company.programme_id))


def cohorts_with_figures(programmes: QuerySet[Programme], today: datetime.date) -> QuerySet[LeadershipCohort]:
    """Cohorts annotated with places, sessions attended and leaders who completed (for cohorts that have ended)."""
    return (
        LeadershipCohort.objects.filter(programme__in=programmes)
        .select_related("programme")
        .annotate(
            place_count=Count("places"),
            attended=Coalesce(Sum("places__sessions_attended"), 0),
            completed=Count(
                "places",
                filter=Q(ends_on__lte=today, places__sessions_attended__gte=F("sessions_to_complete")),
            ),
        )
        .order_by("-starts_on", "name")
    )


def cohort_places(cohort: LeadershipCohort) -> QuerySet[CohortPlace]:
    return cohort.places.select_related("company").order_by("company__name", "participant_role")


def leadership_places(company: Company) -> QuerySet[CohortPlace]:
    return company.leadership_places.select_related("cohort").order_by("-cohort__starts_on")


def upcoming_bookings_of_adviser(adviser: User, now: datetime.datetime) -> list[Booking]:
    return list(
        Booking.objects.filter(adviser=adviser, cancelled_at=None, starts_at__gte=now - datetime.timedelta(hours=12))
        .select_related("company", "adviser")
        .order_by("starts_at")[:20]
    )


def upcoming_bookings_of_companies(company_ids: list[int], now: datetime.datetime) -> list[Booking]:
    return list(
        Booking.objects.filter(
            company_id__in=company_ids, cancelled_at=None, starts_at__gte=now - datetime.timedelta(hours=12)
        )
        .select_related("company", "adviser")
        .order_by("starts_at")[:20]
    )
