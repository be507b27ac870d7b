import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Q, QuerySet, prefetch_related_objects
from django.db.models.functions import Lower
from django.utils import timezone

from adopt.companies.eligibility import (
    CompanyFacts,
    Location,
    ProgrammeRules,
    Verdict,
    assess_eligibility,
)
from adopt.companies.models import Company, CompanyMembership, Contact, SubsidyReceipt
from adopt.companies.subsidy_control import mfa_rules
from adopt.core.params import id_from
from adopt.geography.postcodes import parse_postcode
from adopt.geography.selectors import PostcodePlace, local_authority_codes_within, postcode_place, postcode_places
from adopt.programmes.models import Programme


def companies_for_list(companies: QuerySet[Company]) -> QuerySet[Company]:
    return companies.select_related("programme", "adviser", "region").order_by(Lower("name"), "pk")


def company_members(company: Company) -> QuerySet[CompanyMembership]:
    return company.memberships.select_related("user").order_by("user__full_name")


def company_contacts(company: Company) -> QuerySet[Contact]:
    return company.contacts.order_by("name")


def company_subsidies(company: Company) -> QuerySet[SubsidyReceipt]:
    return company.subsidies.order_by("-granted_on")


def search_companies(companies: QuerySet[Company], query: str) -> QuerySet[Company]:
    """Companies whose name contains the query, or whose Companies House number starts with it.

    Numbers are stored in capitals, so a plain prefix match finds them and can use the number's index; names are
    matched without regard to case through their trigram index on PostgreSQL (migration 0012)."""
    query = query.strip()
    if not query:
        return companies
    return companies.filter(Q(name__icontains=query) | Q(companies_house_number__startswith=query.upper()))


def programme_rules(programme: Programme) -> ProgrammeRules:
    return ProgrammeRules(
        # Sorted here, not by the query, so areas prefetched with the programme serve this and its local authorities.
        area_name=", ".join(sorted(area.name for area in programme.areas.all())) or programme.name,
        max_staff=programme.sme_max_staff,
        max_turnover_eur=programme.sme_max_turnover_eur,
        max_balance_sheet_eur=programme.sme_max_balance_sheet_eur,
        eur_to_gbp_rate=programme.eur_to_gbp_rate,
        extra_sic_codes=frozenset(programme.extra_sic_codes),
        subsidy_allowance_gbp=mfa_rules().limit_on(timezone.localdate()).limit,
        subsidy_window_years=mfa_rules().window_years,
    )


def programme_local_authorities(programme: Programme) -> set[str]:
    return local_authority_codes_within(programme.areas.all())


def place_of(postcode: str) -> PostcodePlace:
    return postcode_place(parse_postcode(postcode))


def subsidy_received(company: Company, today: datetime.date) -> Decimal | None:
    """Subsidies counted against the allowance, or None while the company has not declared them."""
    return subsidies_received([company], today)[company.pk]


def subsidies_received(companies: Sequence[Company], today: datetime.date) -> dict[int, Decimal | None]:
    """Each company's subsidies inside its programme's window, in one query; None where none were declared."""
    start = mfa_rules().window_start(today)
    declared = [c.pk for c in companies if c.subsidy_declared_on is not None]
    totals: dict[int, Decimal] = dict.fromkeys(declared, Decimal("0"))
    if declared:
        receipts = SubsidyReceipt.objects.filter(company_id__in=declared, granted_on__gte=start)
        for company_id, amount in receipts.values_list("company_id", "amount_gbp"):
            totals[company_id] += amount
    return {c.pk: totals.get(c.pk) for c in companies}


def eligibility_facts(company: Company, area_codes: set[str] | None = None) -> CompanyFacts:
    codes = area_codes if area_codes is not None else programme_local_authorities(company.programme)
    addresses = _addresses(company)
    places = postcode_places([postcode for _, postcode in addresses if postcode])
    return _facts(company, addresses, codes, places, subsidy_received(company, timezone.localdate()))


def _addresses(company: Company) -> list[tuple[str, str]]:
    return [("registered office", company.postcode)] + [
        (f"site “{site.name}”", site.postcode) for site in company.sites.all()
    ]


def _facts(
    company: Company,
    addresses: list[tuple[str, str]],
    codes: set[str],
    places: dict[str, PostcodePlace],
    subsidy: Decimal | None,
) -> CompanyFacts:
    locations = []
    for label, postcode in addresses:
        place = places.get(postcode)
        share = place.share_inside(codes) if place else None
        locations.append(Location(label, postcode or "none given", share, place.level if place else ""))
    return CompanyFacts(
        staff_headcount=company.staff_headcount,
        turnover_gbp=company.turnover_gbp,
        balance_sheet_gbp=company.balance_sheet_gbp,
        primary_sic=company.primary_sic or None,
        status=company.status,
        locations=tuple(locations),
        subsidy_received_gbp=subsidy,
        status_source=company.status_source,
        sic_source=company.sic_source,
        size_source=company.size_source,
    )


def company_verdict(company: Company) -> Verdict:
    prefetch_related_objects([company.programme], "areas")
    return assess_eligibility(eligibility_facts(company), programme_rules(company.programme))


def company_verdicts(companies: Sequence[Company]) -> dict[int, Verdict]:
    """Each company's verdict, in a handful of queries however many companies: for lists and boards."""
    unique = list({c.pk: c for c in companies}.values())
    prefetch_related_objects(unique, "sites")
    programmes = {c.programme_id: c.programme for c in unique}
    prefetch_related_objects(list(programmes.values()), "areas")
    rules = {pk: programme_rules(programme) for pk, programme in programmes.items()}
    codes = {pk: programme_local_authorities(programme) for pk, programme in programmes.items()}
    addresses = {c.pk: _addresses(c) for c in unique}
    places = postcode_places(sorted({postcode for rows in addresses.values() for _, postcode in rows if postcode}))
    subsidies = subsidies_received(unique, timezone.localdate())
    return {
        c.pk: assess_eligibility(
            _facts(c, addresses[c.pk], codes[c.programme_id], places, subsidies[c.pk]), rules[c.programme_id]
        )
        for c in unique
    }


SIZE_BANDS = {
    "micro": ("Micro (fewer than 10 staff)", 0, 9),
    "small": ("Small (10 to 49 staff)", 10, 49),
    "medium": ("Medium (50 to 249 staff)", 50, 249),
    "large": ("Large (250 staff or more)", 250, None),
}


def filter_companies(companies: QuerySet[Company], filters: dict[str, str]) -> QuerySet[Company]:
    """Apply the company list's filters; unknown or empty values are ignored."""
    if filters.get("eligibility") in Company.Eligibility.values:
        companies = companies.filter(eligibility=filters["eligibility"])
    if filters.get("region"):
        companies = companies.filter(region__code=filters["region"])
    division = filters.get("division", "")
    if division.isdigit() and len(division) == 2:
        companies = companies.filter(primary_sic__startswith=division)
    if id_from(filters.get("adviser", "")):
        companies = companies.filter(adviser_id=id_from(filters["adviser"]))
    elif filters.get("adviser") == "none":
        companies = companies.filter(adviser__isnull=True)
    band = SIZE_BANDS.get(filters.get("size", ""))
    if band:
        _, low, high = band
        companies = companies.filter(staff_headcount__gte=low)
        if high is not None:
            companies = companies.filter(staff_headcount__lte=high)
    return companies
