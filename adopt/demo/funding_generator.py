"""The demo funds: East Lancashire's £6.1m over three years and a North West fund, with applications in every state."""

import io
import random
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from pypdf import PdfWriter

from adopt.accounts.models import User
from adopt.companies.models import Company
from adopt.companies.selectors import subsidies_received
from adopt.core.financial_years import financial_year_of
from adopt.funding.declarations import current_declarations
from adopt.funding.models import Document, Fund, FundYear, GrantApplication, Scheme
from adopt.funding.offers import Signature
from adopt.funding.services import (
    application_create,
    application_transition,
    claim_submit,
    cost_add,
    review_add,
    subsidy_confirm,
)
from adopt.programmes.models import Programme, ProgrammeStaff

S = GrantApplication.Status
PATHS: dict[str, list[str]] = {
    "draft": [],
    "submitted": [S.SUBMITTED],
    "in_review": [S.SUBMITTED, S.IN_REVIEW],
    "returned": [S.SUBMITTED, S.IN_REVIEW, S.RETURNED],
    "recommended": [S.SUBMITTED, S.IN_REVIEW, "review", S.RECOMMENDED],
    "rejected": [S.SUBMITTED, S.IN_REVIEW, "review", S.RECOMMENDED, S.REJECTED],
    "approved": [S.SUBMITTED, S.IN_REVIEW, "review", S.RECOMMENDED, S.APPROVED],
    "offer_accepted": [S.SUBMITTED, S.IN_REVIEW, "review", S.RECOMMENDED, S.APPROVED, S.OFFER_ACCEPTED],
    "claimed": [S.SUBMITTED, S.IN_REVIEW, "review", S.RECOMMENDED, S.APPROVED, S.OFFER_ACCEPTED, "claim"],
    "paid": [
        S.SUBMITTED,
        S.IN_REVIEW,
        "review",
        S.RECOMMENDED,
        S.APPROVED,
        S.OFFER_ACCEPTED,
        "claim",
        S.CLAIM_APPROVED,
        S.PAID,
    ],
    "closed": [
        S.SUBMITTED,
        S.IN_REVIEW,
        "review",
        S.RECOMMENDED,
        S.APPROVED,
        S.OFFER_ACCEPTED,
        "claim",
        S.CLAIM_APPROVED,
        S.PAID,
        S.CLOSED,
    ],
    "withdrawn": [S.SUBMITTED, S.WITHDRAWN],
}


def _one_page_pdf() -> bytes:
    """A real, blank one-page PDF: uploads are checked by opening them."""
    buffer = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(buffer)
    return buffer.getvalue()


PDF = _one_page_pdf()


def _staff(programme: Programme, role: str) -> list[User]:
    return list(User.objects.filter(programme_roles__programme=programme, programme_roles__role=role).order_by("email"))


@transaction.atomic
def generate_demo_funding(settings: dict[str, Any]) -> int:
    rng = random.Random(settings["seed"])  # noqa: S311 - reproducible demo data, not security
    created = 0
    for spec in settings["funds"]:
        programme = Programme.objects.get(slug=spec["programme"])
        if Fund.objects.filter(programme=programme, name=spec["name"]).exists():
            continue
        fund = Fund.objects.create(
            programme=programme,
            name=spec["name"],
            funder=spec["funder"],
            identifier_prefix=spec["identifier_prefix"],
            funder_identifier=spec["funder_identifier"],
        )
        for year, budget in spec["budgets"].items():
            FundYear.objects.create(fund=fund, year=int(year), budget=Decimal(budget))
        schemes = [Scheme.objects.create(fund=fund, **scheme) for scheme in settings["schemes"]]
        for scheme in schemes:
            scheme.refresh_from_db()  # decimals from the data file arrive as text
        grant_scheme = schemes[0]
        advisers = _staff(programme, ProgrammeStaff.Role.ADVISER)
        managers = _staff(programme, ProgrammeStaff.Role.MANAGER)
        companies = list(
            Company.objects.filter(programme=programme, eligibility=Company.Eligibility.ELIGIBLE).order_by("pk")[
                : spec["applications"]
            ]
        )
        states = [state for state, weight in spec["states"].items() for _ in range(weight)]
        # Applications are made now, from this year's budget (or the fund's first, for a pot not yet open).
        open_years = sorted(int(y) for y in spec["budgets"] if int(y) >= financial_year_of(timezone.localdate()))
        year = open_years[0] if open_years else max(int(y) for y in spec["budgets"])
        for n, company in enumerate(companies):
            target = states[n % len(states)]
            adviser = advisers[n % len(advisers)]
            manager = next((m for m in managers if m.pk != company.adviser_id), managers[0])
            _one_application(company, grant_scheme, target, adviser, manager, str(year), rng)
            created += 1
    return created


def _one_application(
    company: Company, scheme: Scheme, target: str, adviser: User, manager: User, year: str, rng: random.Random
) -> None:
    equipment = Decimal(rng.randrange(6000, 36000, 250))
    application = application_create(
        company=company,
        scheme=scheme,
        actor=adviser,
        title=rng.choice(
            [
                "Machine monitoring and OEE",
                "Collaborative robot cell",
                "Cloud ERP",
                "Vision inspection",
                "Energy monitoring",
                "Production scheduling",
            ]
        ),
        description="Generated for the demonstration programme.",
        project_key=f"demo-{company.pk}",
        financial_year=int(year),
        expected_jobs=Decimal(rng.choice(["0", "0.5", "1", "2"])),
        expected_roles_upskilled=rng.randint(1, 8),
        expected_productivity_pct=Decimal(rng.randint(3, 20)),
        expected_energy_kwh=rng.randrange(0, 40000, 500),
    )
    cost_add(
        application,
        actor=adviser,
        description="Equipment",
        cost_type="equipment",
        supplier="Supplier Ltd",
        amount=equipment,
    )
    cost_add(
        application,
        actor=adviser,
        description="Installation",
        cost_type="installation",
        supplier="Supplier Ltd",
        amount=(equipment / 10).quantize(Decimal("1")),
    )
    Document.objects.create(
        application=application,
        kind=Document.Kind.MATCH_FUNDING,
        file=ContentFile(PDF, name="bank-letter.pdf"),
        original_name="bank-letter.pdf",
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=adviser,
    )
    for step in PATHS[target]:
        current = GrantApplication.objects.get(pk=application.pk)
        if step == "review":
            review_add(
                current,
                reviewer=adviser,
                scores={"fit": rng.randint(3, 5), "value": rng.randint(2, 5)},
                comment="Clear need from the roadmap.",
            )
        elif step == "claim":
            claim_submit(
                current,
                actor=adviser,
                amount=(current.award * Decimal("0.9")).quantize(Decimal("0.01")),
                invoice_date=current.decided_at.date() if current.decided_at else current.created_at.date(),
                invoice=ContentFile(PDF, name="invoice.pdf"),
                proof=ContentFile(PDF, name="proof.pdf"),
            )
        elif step == S.SUBMITTED:
            application_transition(application.pk, step, actor=adviser, declared=current_declarations().keys)
        elif step == S.OFFER_ACCEPTED:
            # The adviser records, for the company, the headroom confirmation and acceptance it gave in writing.
            declared = subsidies_received([current.company], timezone.localdate())[current.company_id]
            subsidy_confirm(
                application.pk, actor=adviser, name="Company director", other_assistance=declared or Decimal(0)
            )
            signature = Signature("Company director", "Director", None)
            application_transition(application.pk, step, actor=adviser, signature=signature)
        else:
            actor = manager if step in {S.APPROVED, S.REJECTED, S.PAID, S.CLOSED} else adviser
            reason = "Demonstration" if step in {S.REJECTED, S.RETURNED, S.WITHDRAWN} else ""
            application_transition(application.pk, step, actor=actor, comment=reason)
