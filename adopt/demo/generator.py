"""Generates the demo programme's companies from the settings in `data/demo_programme.json`, with a fixed seed.

Same file, same seed, same companies: a second run finds them by Companies House number and adds nothing.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from adopt.accounts.models import User
from adopt.companies.eligibility import CompanyFacts, Location, assess_eligibility
from adopt.companies.models import Company, FactSource, SicCode, SubsidyReceipt
from adopt.companies.selectors import programme_local_authorities, programme_rules
from adopt.companies.subsidy_control import mfa_rules
from adopt.geography.models import Area
from adopt.geography.postcodes import parse_postcode
from adopt.geography.selectors import PostcodeIndex
from adopt.programmes.models import Programme, ProgrammeStaff

UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
FIRST_NAMES = ["Aisha", "Ben", "Chloe", "Dev", "Emma", "Farid", "Grace", "Harry", "Isla", "Jamal", "Kate", "Liam"]
SURNAMES = ["Ahmed", "Brooks", "Clarke", "Doyle", "Evans", "Fletcher", "Green", "Hughes", "Iqbal", "Jones", "Khan"]


@dataclass(frozen=True)
class GeneratedCounts:
    advisers: int
    companies: int
    subsidies: int


def weighted(rng: random.Random, options: list[list[Any]]) -> list[Any]:
    return rng.choices(options, weights=[option[1] for option in options])[0]


@transaction.atomic
def generate_demo_companies(settings: dict[str, Any], password: str) -> GeneratedCounts:
    rng = random.Random(settings["seed"])  # noqa: S311 - reproducible demo data, not security
    postcodes = PostcodeIndex()
    manufacturing = list(
        SicCode.objects.filter(level=SicCode.Level.SUBCLASS, is_manufacturing=True).values_list("code", flat=True)
    )
    existing_numbers = set(Company.objects.values_list("companies_house_number", flat=True))
    authorities = {area.code: area for area in Area.objects.filter(level=Area.Level.LOCAL_AUTHORITY)}
    today = timezone.localdate()
    number = settings["first_company_number"]
    advisers_added = companies_added = subsidies_added = 0
    over_allowance_left = settings["over_allowance_companies"]
    for slug, count in settings["companies_per_programme"].items():
        programme = Programme.objects.get(slug=slug)
        advisers, added = _advisers(programme, settings["advisers_per_programme"].get(slug, 1), password, rng)
        advisers_added += added
        area_codes = programme_local_authorities(programme)
        rules = programme_rules(programme)
        sectors = postcodes.sectors_within(area_codes)
        window_start = mfa_rules().window_start(today)
        new_companies: list[Company] = []
        new_receipts: list[tuple[Company, list[SubsidyReceipt]]] = []
        for index in range(count):
            company_number = f"{number:08d}"
            number += 1
            # Draw every value whether or not the company exists, so the sequence never shifts.
            company, receipts = _draw_company(rng, settings, manufacturing, sectors, today)
            if over_allowance_left and index == count // 2:
                receipts = [
                    SubsidyReceipt(
                        granted_on=today - datetime.timedelta(days=200),
                        amount_gbp=Decimal("320000"),
                        grantor="Regional growth fund",
                        description="Capital grant",
                    )
                ]
                company.subsidy_declared_on = today
                over_allowance_left -= 1
            if company_number in existing_numbers:
                continue
            company.companies_house_number = company_number
            company.programme = programme
            company.adviser = advisers[index % len(advisers)]
            place = postcodes.place(parse_postcode(company.postcode))
            main = place.main_local_authority
            company.local_authority = authorities.get(main) if main else None
            company.region = company.local_authority.parent if company.local_authority else None
            received = (
                sum((r.amount_gbp for r in receipts if r.granted_on >= window_start), Decimal("0"))
                if company.subsidy_declared_on
                else None
            )
            # Demo companies stand for a Companies House file, with size figures an adviser took at a diagnostic.
            company.status_source = company.sic_source = FactSource.COMPANIES_HOUSE
            company.size_source = FactSource.ADVISER
            office = Location("registered office", company.postcode, place.share_inside(area_codes), place.level)
            facts = CompanyFacts(
                staff_headcount=company.staff_headcount,
                turnover_gbp=company.turnover_gbp,
                balance_sheet_gbp=company.balance_sheet_gbp,
                primary_sic=company.primary_sic,
                status=company.status,
                locations=(office,),
                subsidy_received_gbp=received,
                status_source=company.status_source,
                sic_source=company.sic_source,
                size_source=company.size_source,
            )
            company.eligibility = assess_eligibility(facts, rules).overall.value
            company.eligibility_checked_at = timezone.now()
            new_companies.append(company)
            new_receipts.append((company, receipts))
        Company.objects.bulk_create(new_companies, batch_size=1000)
        receipts_to_save = []
        for company, receipts in new_receipts:
            for receipt in receipts:
                receipt.company = company
                receipts_to_save.append(receipt)
        SubsidyReceipt.objects.bulk_create(receipts_to_save)
        companies_added += len(new_companies)
        subsidies_added += len(receipts_to_save)
    return GeneratedCounts(advisers_added, companies_added, subsidies_added)


def _advisers(programme: Programme, wanted: int, password: str, rng: random.Random) -> tuple[list[User], int]:
    added = 0
    for n in range(2, wanted + 1):
        email = f"adviser{n}.{programme.slug}@adopt.example"
        user = User.objects.filter(email=email).first()
        if user is None:
            name = (
                f"{FIRST_NAMES[(n * 5 + len(programme.slug)) % len(FIRST_NAMES)]} {SURNAMES[(n * 7) % len(SURNAMES)]}"
            )
            user = User.objects.create_user(email, password, full_name=name)
            added += 1
        ProgrammeStaff.objects.get_or_create(programme=programme, user=user, role=ProgrammeStaff.Role.ADVISER)
    advisers = list(
        User.objects.filter(programme_roles__programme=programme, programme_roles__role=ProgrammeStaff.Role.ADVISER)
        .order_by("email")
        .distinct()
    )
    return advisers, added


def _draw_company(
    rng: random.Random, settings: dict[str, Any], manufacturing: list[str], sectors: list[str], today: datetime.date
) -> tuple[Company, list[SubsidyReceipt]]:
    prefixes = settings["name_prefixes"]
    name = f"{rng.choice(prefixes)} {rng.choice(prefixes)} {rng.choice(settings['name_suffixes'])}"
    _, _, low, high = weighted(rng, settings["size_bands"])
    staff = rng.randint(low, high)
    per_head_low, per_head_high = settings["turnover_per_head_gbp"]
    turnover = Decimal(staff * rng.randint(per_head_low, per_head_high)).quantize(Decimal("1000"))
    balance = (turnover * Decimal(rng.randint(30, 80)) / 100).quantize(Decimal("1000"))
    if rng.random() < settings["non_manufacturing_share"]:
        sic = rng.choice(settings["non_manufacturing_sic_codes"])
    else:
        sic = rng.choice(manufacturing)
    status = weighted(rng, settings["statuses"])[0]
    sector = rng.choice(sectors)
    postcode = f"{sector}{rng.choice(UNIT_LETTERS)}{rng.choice(UNIT_LETTERS)}"
    declared = rng.random() < settings["subsidy_declared_share"]
    receipts = []
    if declared and rng.random() < settings["subsidy_receipt_share"]:
        low_gbp, high_gbp = settings["subsidy_receipt_range_gbp"]
        receipts.append(
            SubsidyReceipt(
                granted_on=today - datetime.timedelta(days=rng.randint(30, 1000)),
                amount_gbp=Decimal(rng.randint(low_gbp, high_gbp)),
                grantor=rng.choice(["Local growth hub", "Innovate UK", "Regional skills fund"]),
                description="Declared by the company",
            )
        )
    company = Company(
        name=name,
        status=status,
        company_category="Private Limited Company",
        incorporated_on=datetime.date(rng.randint(1975, 2023), rng.randint(1, 12), rng.randint(1, 28)),
        address_line_1=f"Unit {rng.randint(1, 40)}, {rng.choice(['Riverside', 'Canal', 'Station', 'Mill'])} Works",
        post_town="",
        postcode=postcode,
        sic_codes=[sic],
        primary_sic=sic,
        staff_headcount=staff,
        turnover_gbp=turnover,
        balance_sheet_gbp=balance,
        financials_year=today.year - 1,
        subsidy_declared_on=today - datetime.timedelta(days=rng.randint(1, 300)) if declared else None,
    )
    return company, receipts
