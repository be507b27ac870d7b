"""What the subsidy transparency database must be told: every award of Minimal Financial Assistance over the amount
the Act sets (£100,000), and the details of the schemes that give it. Rows for the CSV files; the column lists are
in `docs/grants.md`."""

from collections.abc import Iterator

from django.db.models import Sum
from django.utils import timezone

from adopt.companies.models import SicCode
from adopt.companies.subsidy_control import mfa_rules
from adopt.funding.models import Fund, FundYear, Scheme, SubsidyNotice

AWARD_COLUMNS = [
    "Public authority",
    "Subsidy measure title",
    "Subsidy form",
    "Subsidy type",
    "Legal basis",
    "Recipient name",
    "Recipient ID type",
    "Recipient ID",
    "Size of organisation",
    "Region",
    "Sector",
    "Goods or services",
    "Subsidy full amount (£)",
    "Legal granting date",
    "Purpose",
    "Adopt reference",
]
SCHEME_COLUMNS = [
    "Public authority",
    "Subsidy measure title",
    "Subsidy type",
    "Legal basis",
    "Purpose",
    "Eligibility",
    "Form of support",
    "Intervention rate",
    "Maximum award (£)",
    "Budget (£)",
    "Start date",
    "End date",
    "Adopt reference",
]
LEGAL_BASIS = "Subsidy Control Act 2022, section 36 (Minimal Financial Assistance)"
PURPOSE = "SME support: adoption of digital technology by manufacturers"
FORMS: dict[str, str] = {
    Scheme.Kind.TECHNOLOGY_GRANT.value: "Direct grant",
    Scheme.Kind.INTERNSHIP.value: "Direct grant (salary support)",
    Scheme.Kind.LEADERSHIP.value: "Provision of services (training places)",
}


def size_of(staff: int | None) -> str:
    """The database's size bands, by headcount: the figure every company in Adopt holds or is asked for."""
    if staff is None:
        return "Not known"
    if staff < 10:
        return "Micro"
    if staff < 50:
        return "Small"
    if staff < 250:
        return "Medium"
    return "Large"


def awards_to_publish(fund: Fund) -> Iterator[list[object]]:
    """Each award given as Minimal Financial Assistance above the publishing amount, once, at its latest value."""
    threshold = mfa_rules().publish_above
    notices = (
        SubsidyNotice.objects.filter(application__scheme__fund=fund, given_at__isnull=False)
        .select_related("application__company__region", "application__scheme")
        .order_by("application_id", "-given_at", "-pk")
    )
    latest: dict[int, SubsidyNotice] = {}
    for notice in notices:
        latest.setdefault(notice.application_id, notice)
    published = [n for n in latest.values() if n.gross_value > threshold]
    sic_codes = {n.application.company.primary_sic for n in published if n.application.company.primary_sic}
    section_of = dict(SicCode.objects.filter(code__in=sic_codes).values_list("code", "section"))
    sections = dict(SicCode.objects.filter(level=SicCode.Level.SECTION).values_list("code", "description"))
    for notice in published:
        application = notice.application
        company = application.company
        section = section_of.get(company.primary_sic, "")
        yield [
            fund.funder,
            application.scheme.name,
            FORMS.get(application.scheme.kind, "Direct grant"),
            "Minimal Financial Assistance",
            LEGAL_BASIS,
            company.name,
            "Companies House number" if company.companies_house_number else "None",
            company.companies_house_number or "",
            size_of(company.staff_headcount),
            company.region.name if company.region else "",
            f"{section} {sections.get(section, '')}".strip(),
            "Goods" if application.scheme.kind == Scheme.Kind.TECHNOLOGY_GRANT else "Services",
            f"{notice.gross_value:.2f}",
            f"{timezone.localdate(notice.given_at):%d/%m/%Y}" if notice.given_at else "",
            PURPOSE,
            f"APP-{application.pk:06d}",
        ]


def schemes_to_publish(fund: Fund) -> Iterator[list[object]]:
    budget = FundYear.objects.filter(fund=fund).aggregate(total=Sum("budget"))["total"] or 0
    programme = fund.programme
    for scheme in Scheme.objects.filter(fund=fund).order_by("pk"):
        yield [
            fund.funder,
            scheme.name,
            "Minimal Financial Assistance",
            LEGAL_BASIS,
            PURPOSE,
            f"Small and medium manufacturers eligible for {programme.name}",
            FORMS.get(scheme.kind, "Direct grant"),
            f"{scheme.intervention_rate:.0%}" if scheme.kind == Scheme.Kind.TECHNOLOGY_GRANT else "",
            f"{scheme.maximum_grant:.2f}",
            f"{budget:.2f}",
            f"{programme.starts_on:%d/%m/%Y}",
            f"{programme.ends_on:%d/%m/%Y}",
            f"SCHEME-{scheme.pk}",
        ]
