"""Importing a Companies House bulk file: streamed, upserted by company number in batches, idempotent."""

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from itertools import islice
from operator import attrgetter

from django.db import connection, transaction
from django.db.models import Exists, JSONField, OuterRef
from django.db.models.base import ModelState
from django.utils import timezone
from psycopg.types.json import Jsonb

from adopt.companies.companies_house import CompanyRecord, Rejection, read_records
from adopt.companies.eligibility import CompanyFacts, Location, ProgrammeRules, assess_eligibility
from adopt.companies.models import Company, FactSource, Site
from adopt.companies.selectors import programme_local_authorities, programme_rules
from adopt.companies.services import company_refresh_eligibility
from adopt.geography.models import Area
from adopt.geography.postcodes import parse_postcode
from adopt.geography.selectors import PostcodeIndex, PostcodePlace, exact_place
from adopt.programmes.models import Programme

BATCH_SIZE = 1000
VERDICTS_REMEMBERED = 200_000
COPIED_FIELDS = (
    "name",
    "status",
    "company_category",
    "incorporated_on",
    "address_line_1",
    "address_line_2",
    "post_town",
    "county",
    "postcode",
)


@dataclass
class ImportSummary:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0

    def line(self) -> str:
        return (
            f"imported: {self.imported}, updated: {self.updated}, "
            f"unchanged: {self.unchanged}, rejected: {self.rejected}"
        )


class RejectionSample:
    """Keeps the first `limit` rejections of an import, for a page to show."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.items: list[Rejection] = []

    def __call__(self, rejection: Rejection) -> None:
        if len(self.items) < self.limit:
            self.items.append(rejection)


class ProgrammeFinder:
    """Which programme a company belongs to: the one given, or the most local programme covering its postcode."""

    def __init__(self, programme: Programme | None) -> None:
        self.programme = programme
        self.rules: dict[int, ProgrammeRules] = {}
        self.area_codes: dict[int, set[str]] = {}
        self.verdicts: dict[tuple[object, ...], str] = {}
        self.shares: dict[tuple[int, int], Fraction | None] = {}
        programmes = [programme] if programme else list(Programme.objects.prefetch_related("areas"))
        by_size = sorted(programmes, key=lambda p: len(programme_local_authorities(p)), reverse=True)
        self.by_authority: dict[str, Programme] = {}
        for candidate in by_size:  # smaller areas last, so the most local programme wins
            codes = programme_local_authorities(candidate)
            self.area_codes[candidate.pk] = codes
            self.rules[candidate.pk] = programme_rules(candidate)
            for code in codes:
                self.by_authority[code] = candidate

    def share(self, place: PostcodePlace, programme_id: int) -> Fraction | None:
        """The share of the place's postcodes inside the programme's area, worked out once per place."""
        key = (id(place), programme_id)
        if key not in self.shares:
            self.shares[key] = place.share_inside(self.area_codes[programme_id])
        return self.shares[key]

    def for_place(self, place: PostcodePlace) -> Programme | None:
        return self.for_authority(place.main_local_authority)

    def for_authority(self, main_local_authority: str | None) -> Programme | None:
        """The programme of a place whose postcodes mostly lie in `main_local_authority`."""
        if self.programme:
            return self.programme
        return self.by_authority.get(main_local_authority) if main_local_authority else None

    def overall(self, company: Company, record: CompanyRecord, place: PostcodePlace) -> str:
        """The company's eligibility, worked out once for each distinct set of facts in the file: a national
        file holds millions of companies but only thousands of combinations of SIC, status, size and area share."""
        programme_id = company.programme_id
        if programme_id not in self.rules:
            self.rules[programme_id] = programme_rules(company.programme)
            self.area_codes[programme_id] = programme_local_authorities(company.programme)
        # Everything `facts_from_record` reads, but the postcode's text, which names the place in the reasons only.
        key = (
            programme_id,
            company.staff_headcount,
            company.turnover_gbp,
            company.balance_sheet_gbp,
            company.size_source,
            record.sic_codes[:1],
            record.status,
            self.share(place, programme_id),
            place.level,
        )
        found = self.verdicts.get(key)
        if found is None:
            facts = facts_from_record(record, place, self.area_codes[programme_id], company)
            found = assess_eligibility(facts, self.rules[programme_id]).overall.value
            if len(self.verdicts) < VERDICTS_REMEMBERED:
                self.verdicts[key] = found
        return found


class PlaceMemo:
    """Each postcode sector's place, looked up once: the companies of a sector share it."""

    NOWHERE = PostcodePlace("", {})

    def __init__(self, index: PostcodeIndex) -> None:
        self.index = index
        self.by_sector: dict[str, PostcodePlace] = {}  # held for the whole import, so `id(place)` stays its own
        self.by_authority: dict[str, PostcodePlace] = {}  # exact places, one per authority for the same reason
        self.exact: dict[str, str] = {}  # the batch's postcodes of split sectors that the directory knows
        self.main_authority: dict[int, str | None] = {}

    def remember_exact(self, postcodes: Iterable[str]) -> None:
        """Look up, in one query, the batch's postcodes whose sector is split between local authorities."""
        split = [
            postcode.replace(" ", "")
            for postcode in postcodes
            if postcode and self.index.is_split(f"{postcode.partition(' ')[0]} {postcode.partition(' ')[2][:1]}")
        ]
        self.exact = self.index.exact(split) if split else {}

    def of(self, postcode: str) -> PostcodePlace:
        """The place of a postcode in its standard form ("BB1 2AB"), as the record holds it."""
        if not postcode:
            return self.NOWHERE
        authority = self.exact.get(postcode.replace(" ", ""))
        if authority is not None:
            if authority not in self.by_authority:
                self.by_authority[authority] = exact_place(authority)
            return self.by_authority[authority]
        outcode, _, incode = postcode.partition(" ")
        found = self.by_sector.get(f"{outcode} {incode[:1]}")
        if found is None:
            found = self.by_sector[f"{outcode} {incode[:1]}"] = self.index.place(parse_postcode(postcode))
        return found

    def main_local_authority(self, place: PostcodePlace) -> str | None:
        key = id(place)
        if key not in self.main_authority:
            self.main_authority[key] = place.main_local_authority
        return self.main_authority[key]


def facts_from_record(
    record: CompanyRecord, place: PostcodePlace, area_codes: set[str], company: Company | None = None
) -> CompanyFacts:
    """What a Companies House row tells the eligibility rules, with what the programme already knows."""
    return CompanyFacts(
        staff_headcount=company.staff_headcount if company else None,
        turnover_gbp=company.turnover_gbp if company else None,
        balance_sheet_gbp=company.balance_sheet_gbp if company else None,
        primary_sic=record.sic_codes[0] if record.sic_codes else None,
        status=record.status,
        locations=(
            Location(
                "registered office",
                record.postcode or record.postcode_as_given or "none given",
                place.share_inside(area_codes),
                place.level,
            ),
        ),
        subsidy_received_gbp=None,
        status_source=FactSource.COMPANIES_HOUSE,
        sic_source=FactSource.COMPANIES_HOUSE,
        size_source=company.size_source if company else FactSource.UNKNOWN,
    )


def import_companies(
    lines: Iterable[str],
    *,
    programme: Programme | None = None,
    manufacturing_only: bool = False,
    on_rejection: Callable[[Rejection], None] = lambda rejection: None,
    on_progress: Callable[[int], None] = lambda rows: None,
    batch_size: int = BATCH_SIZE,
) -> ImportSummary:
    """Upsert every company in a BasicCompanyData CSV; a rejected row is reported and never half-written."""
    summary = ImportSummary()
    finder = ProgrammeFinder(programme)
    places = PlaceMemo(PostcodeIndex())
    authorities = {area.code: area for area in Area.objects.filter(level=Area.Level.LOCAL_AUTHORITY)}
    regions = set(Area.objects.filter(level=Area.Level.REGION).values_list("pk", flat=True))
    rows_seen = 0
    for batch in record_batches(read_records(lines), batch_size):
        accepted: list[tuple[int, CompanyRecord, PostcodePlace]] = []
        places.remember_exact(item.postcode for _, item in batch if not isinstance(item, Rejection))
        for line, item in batch:
            if isinstance(item, Rejection):
                _reject(summary, on_rejection, item)
                continue
            if manufacturing_only and not _is_manufacturing(item):
                code = item.sic_codes[0] if item.sic_codes else "none"
                _reject(
                    summary, on_rejection, Rejection(line, item.number, item.name, f"not a manufacturer (SIC {code})")
                )
                continue
            place = places.of(item.postcode)
            accepted.append((line, item, place))
        _write_batch(accepted, finder, places, summary, on_rejection, authorities, regions)
        rows_seen += len(batch)
        on_progress(rows_seen)
    return summary


@transaction.atomic
def _write_batch(
    accepted: list[tuple[int, CompanyRecord, PostcodePlace]],
    finder: ProgrammeFinder,
    places: PlaceMemo,
    summary: ImportSummary,
    on_rejection: Callable[[Rejection], None],
    authorities: dict[str, Area],
    regions: set[int],
) -> None:
    held = _held_values([record.number for _, record, _ in accepted])
    # Only a company the file changes, or one whose eligibility needs its sites or subsidies, is loaded whole:
    # re-importing an unchanged file reads plain values.
    to_load = {
        record.number
        for _, record, _ in accepted
        if record.number in held
        and (held[record.number].values != _record_values(record) or held[record.number].needs_full_refresh)
    }
    existing: dict[str | None, Company] = {
        company.companies_house_number: company
        for company in Company.objects.select_related("programme")
        .annotate(has_sites=Exists(Site.objects.filter(company=OuterRef("pk"))))
        .filter(companies_house_number__in=to_load)
    }
    now = timezone.now()
    to_create: list[Company] = []
    to_update: list[Company] = []
    needs_full_refresh: list[Company] = []
    seen: set[str] = set()
    for line, record, place in accepted:
        if record.number in seen:
            _reject(
                summary,
                on_rejection,
                Rejection(line, record.number, record.name, "the number appears twice in the file"),
            )
            continue
        seen.add(record.number)
        if record.number in held and record.number not in existing:
            summary.unchanged += 1
            continue
        found = existing.get(record.number)
        main = places.main_local_authority(place)
        if found is None:
            owner = finder.for_authority(main)
            if owner is None:
                reason = f"no programme covers the postcode {record.postcode or record.postcode_as_given or '(none)'}"
                _reject(summary, on_rejection, Rejection(line, record.number, record.name, reason))
                continue
            company = _new_company(record.number, owner)
        else:
            company = found
        has_sites = bool(getattr(company, "has_sites", False))
        before = _copied_values(company)
        for field in COPIED_FIELDS:
            setattr(company, field, getattr(record, field))
        company.sic_codes = list(record.sic_codes)
        company.primary_sic = record.sic_codes[0] if record.sic_codes else ""
        company.status_source = company.sic_source = FactSource.COMPANIES_HOUSE
        authority = authorities.get(main) if main else None
        # Ids, not objects: the rows are written in bulk and nothing here reads the related objects back.
        company.local_authority_id = authority.pk if authority else None
        company.region_id = authority.parent_id if authority and authority.parent_id in regions else None
        unchanged = company.pk is not None and _copied_values(company) == before
        if not unchanged:  # an unchanged company is not written, so its verdict would be thrown away
            company.eligibility = finder.overall(company, record, place)
            company.eligibility_checked_at = now
        if company.pk is None:
            to_create.append(company)
            summary.imported += 1
        elif unchanged:
            summary.unchanged += 1
            if company.subsidy_declared_on or has_sites:
                needs_full_refresh.append(company)
        else:
            company.updated_at = now  # bulk_update does not stamp it, and integrations sync by it
            to_update.append(company)
            summary.updated += 1
            if company.subsidy_declared_on or has_sites:
                needs_full_refresh.append(company)
    if connection.vendor == "postgresql":
        upsert_companies(to_create, to_update, now)
    else:
        Company.objects.bulk_create(to_create)
        Company.objects.bulk_update(to_update, UPDATED_FIELDS)
    for company in needs_full_refresh:
        company_refresh_eligibility(company)


UPDATED_FIELDS = (
    *COPIED_FIELDS,
    "sic_codes",
    "primary_sic",
    "status_source",
    "sic_source",
    "local_authority",
    "region",
    "eligibility",
    "eligibility_checked_at",
    "updated_at",
)
STAGING_TABLE = "company_import_rows"


def upsert_companies(to_create: list[Company], to_update: list[Company], now: datetime.datetime) -> None:
    """PostgreSQL: COPY the batch into a staging table, then insert and update in one statement, so a batch costs
    a few round trips whatever its size. A company another import added meanwhile is updated, not refused."""
    if not to_create and not to_update:
        return
    quote = connection.ops.quote_name
    fields = [field for field in Company._meta.concrete_fields if not field.primary_key]
    columns = ", ".join(quote(field.column) for field in fields if field.column)
    updated = [field.column for field in fields if field.name in UPDATED_FIELDS]
    assignments = ", ".join(f"{quote(column)} = EXCLUDED.{quote(column)}" for column in updated if column)
    table = Company._meta.db_table
    # Every name in these statements comes from the model's own metadata, never from the file.
    create = f"CREATE TEMP TABLE IF NOT EXISTS {STAGING_TABLE} ON COMMIT DELETE ROWS AS SELECT {columns} FROM {table} WITH NO DATA"  # noqa: S608, E501
    upsert = f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {STAGING_TABLE} ON CONFLICT (companies_house_number) DO UPDATE SET {assignments}"  # noqa: S608, E501
    for company in to_create:
        company.created_at = company.updated_at = now
    with connection.cursor() as cursor:
        cursor.execute(create)
        row_of = attrgetter(*(field.attname for field in fields))
        json_at = [n for n, field in enumerate(fields) if isinstance(field, JSONField)]
        with cursor.cursor.copy(f"COPY {STAGING_TABLE} ({columns}) FROM STDIN") as copy:
            for company in [*to_create, *to_update]:
                row = list(row_of(company))
                for n in json_at:
                    row[n] = Jsonb(row[n])
                copy.write_row(row)
        cursor.execute(upsert)
        cursor.execute(f"TRUNCATE {STAGING_TABLE}")


_BLANK: dict[str, object] = {}


def _new_company(number: str, programme: Programme) -> Company:
    """A new company with every field at its default, copied from one made the usual way: building each of a
    national file's millions with `Company()` costs more than the rest of its row."""
    if not _BLANK:
        _BLANK.update(Company().__dict__)
    company = Company.__new__(Company)
    company.__dict__.update(_BLANK)
    company._state = ModelState()
    company.companies_house_number = number
    company.programme_id = programme.pk
    company.programme = programme  # the rules are the programme's; it is already in hand
    return company


@dataclass(frozen=True)
class HeldCompany:
    values: tuple[object, ...]  # as `_copied_values` gives them
    needs_full_refresh: bool


def _held_values(numbers: list[str]) -> dict[str, HeldCompany]:
    """What the database holds of these companies that the file may change, by number."""
    rows = (
        Company.objects.filter(companies_house_number__in=numbers)
        .annotate(has_sites=Exists(Site.objects.filter(company=OuterRef("pk"))))
        .values_list(
            "companies_house_number",
            *COPIED_FIELDS,
            "sic_codes",
            "status_source",
            "sic_source",
            "subsidy_declared_on",
            "has_sites",
        )
    )
    copied = len(COPIED_FIELDS)
    return {
        row[0]: HeldCompany(
            (*row[1 : copied + 1], list(row[copied + 1] or []), row[copied + 2], row[copied + 3]),
            bool(row[copied + 4] or row[copied + 5]),
        )
        for row in rows
    }


def _record_values(record: CompanyRecord) -> tuple[object, ...]:
    """The values `_copied_values` gives once the record is copied onto a company."""
    return (
        *(getattr(record, field) for field in COPIED_FIELDS),
        list(record.sic_codes),
        FactSource.COMPANIES_HOUSE,
        FactSource.COMPANIES_HOUSE,
    )


def _copied_values(company: Company) -> tuple[object, ...]:
    return (
        *(getattr(company, field) for field in COPIED_FIELDS),
        list(company.sic_codes or []),
        company.status_source,
        company.sic_source,
    )


def _is_manufacturing(record: CompanyRecord) -> bool:
    return bool(record.sic_codes) and record.sic_codes[0][:2].isdigit() and 10 <= int(record.sic_codes[0][:2]) <= 33


def _reject(summary: ImportSummary, on_rejection: Callable[[Rejection], None], rejection: Rejection) -> None:
    summary.rejected += 1
    on_rejection(rejection)


def record_batches(
    items: Iterator[tuple[int, CompanyRecord | Rejection]], size: int
) -> Iterable[list[tuple[int, CompanyRecord | Rejection]]]:
    while batch := list(islice(items, size)):
        yield batch
