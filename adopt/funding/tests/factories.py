import datetime
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from adopt.accounts.tests.factories import UserFactory
from adopt.companies.models import Company
from adopt.funding.models import CostItem, Document, Fund, FundYear, GrantApplication, Scheme
from adopt.geography.models import Area, PostcodeSectorShare
from adopt.programmes.models import Programme
from adopt.programmes.tests.factories import ProgrammeFactory

CRITERIA = [
    {"key": "fit", "title": "Fit with the roadmap", "weight": 2},
    {"key": "value", "title": "Value for money", "weight": 1},
]


class FundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fund

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Digital Adoption Fund {n}")
    funder = "Example Combined Authority"


class FundYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundYear

    fund = factory.SubFactory(FundFactory)
    year = 2026
    budget = Decimal("100000")


class SchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scheme

    fund = factory.SubFactory(FundFactory)
    name = "Technology grant"
    kind = Scheme.Kind.TECHNOLOGY_GRANT
    intervention_rate = Decimal("0.5")
    minimum_grant = Decimal("1000")
    maximum_grant = Decimal("20000")
    eligible_cost_types = ["equipment", "software", "installation"]
    review_criteria = CRITERIA


def make_eligible(company: Company, programme: Programme) -> Company:
    """Give a company every fact the eligibility rules need, inside its programme's area."""
    authority, _ = Area.objects.get_or_create(
        code="E07000125",
        defaults={"name": "Rossendale", "level": Area.Level.LOCAL_AUTHORITY, "parent": programme.region},
    )
    PostcodeSectorShare.objects.get_or_create(
        sector="BB4 5", local_authority=authority, defaults={"district": "BB4", "area": "BB", "postcodes": 120}
    )
    company.postcode = "BB4 5AB"
    company.status = Company.Status.ACTIVE
    company.staff_headcount = 40
    company.turnover_gbp = Decimal("2500000")
    company.sic_codes = ["25620"]
    company.subsidy_declared_on = timezone.localdate()
    company.eligibility = Company.Eligibility.ELIGIBLE
    company.save()
    return company


def ready_application(
    company: Company, scheme: Scheme, *, amount: str = "15000.00", status: str = "draft", **fields
) -> GrantApplication:
    """An application whose checks all pass: costs, match-funding evidence and an eligible company."""
    application = GrantApplication.objects.create(
        company=company,
        scheme=scheme,
        title=fields.pop("title", "Machine monitoring on the CNC cell"),
        financial_year=2026,
        created_by=fields.pop("created_by", None) or UserFactory.create(),
        status=status,
        **fields,
    )
    CostItem.objects.create(
        application=application, description="Sensors and gateway", cost_type="equipment", amount=Decimal(amount)
    )
    application.grant_requested = (Decimal(amount) / 2).quantize(Decimal("0.01"))
    application.save()
    Document.objects.create(
        application=application,
        kind=Document.Kind.MATCH_FUNDING,
        file=SimpleUploadedFile("bank-letter.pdf", b"%PDF-1.4 letter", content_type="application/pdf"),
        original_name="bank-letter.pdf",
        content_type="application/pdf",
        size=15,
        uploaded_by=application.created_by,
    )
    return application


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


def submit_application(application_id: int, *, actor) -> GrantApplication:
    """Submit with every declaration made, as the check-your-answers page does."""
    from adopt.funding.declarations import current_declarations
    from adopt.funding.services import application_transition

    return application_transition(
        application_id, GrantApplication.Status.SUBMITTED, actor=actor, declared=current_declarations().keys
    )


def accept_offer(application_id: int, *, actor, other_assistance: str = "0") -> GrantApplication:
    """Confirm the subsidy headroom the notice asks for, then accept the offer by typed name and position."""
    from adopt.funding.offers import Signature
    from adopt.funding.services import application_transition, subsidy_confirm

    subsidy_confirm(application_id, actor=actor, name="Sam Owner", other_assistance=Decimal(other_assistance))
    return application_transition(
        application_id,
        GrantApplication.Status.OFFER_ACCEPTED,
        actor=actor,
        signature=Signature("Sam Owner", "Managing director", "127.0.0.1"),
    )
