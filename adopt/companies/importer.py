"""Importing a Companies House bulk file: streamed, upserted by company number in batches, idempotent."""

import datetime
import json
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from fractions import Fraction
from itertools import islice
from operator import attrgetter
from typing import Any

from django.db import connection, connections, transaction
from django.db.models import Exists, Field, JSONField, OuterRef
from django.db.models.base import ModelState
from django.utils import timezone

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
        # Each distinct share as a small number, for the verdicts' keys: hashing a Fraction is slow Python code.
        self.share_tokens: dict[tuple[int, int], int] = {}
        self.distinct_shares: dict[Fraction | None, int] = {}
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

    def share_token(self, place: PostcodePlace, programme_id: int) -> int:
        """A number that two places share exactly when their shares inside the programme's area are equal."""
        key = (id(place), programme_id)
        token = self.share_tokens.get(key)
        if token is None:
            share = self.share(place, programme_id)
            token = self.share_tokens[key] = self.distinct_shares.setdefault(share, len(self.distinct_shares))
        return token

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
            self.share_token(place, programme_id),
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
        # A standard postcode's sector is all but its last two letters: "BB1 2AB" lies in "BB1 2".
        split = [postcode.replace(" ", "") for postcode in postcodes if postcode and self.index.is_split(postcode[:-2])]
        self.exact = self.index.exact(split) if split else {}

    def of(self, postcode: str) -> PostcodePlace:
        """The place of a postcode in its standard form ("BB1 2AB"), as the record holds it."""
        if not postcode:
            return self.NOWHERE
        authority = self.exact.get(postcode.replace(" ", "")) if self.exact else None
        if authority is not None:
            if authority not in self.by_authority:
                self.by_authority[authority] = exact_place(authority)
            return self.by_authority[authority]
        sector = postcode[:-2]
        found = self.by_sector.get(sector)
        if found is None:
            found = self.by_sector[sector] = self.index.place(parse_postcode(postcode))
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
    writer = BatchWriter(in_background=connection.vendor == "postgresql" and not connection.in_atomic_block)
    try:
        for batch in record_batches(read_records(lines), batch_size):
            accepted = _accepted_rows(batch, places, manufacturing_only, summary, on_rejection)
            writer.wait_if_writing(record.number for _, record, _ in accepted)
            writer.write(_plan_batch(accepted, finder, places, summary, on_rejection, authorities, regions))
            rows_seen += len(batch)
            on_progress(rows_seen)
    except BaseException:
        writer.close(quietly=True)  # the file's own error is the one to report, not a batch's that followed it
        raise
    writer.close()
    return summary


def _accepted_rows(
    batch: list[tuple[int, CompanyRecord | Rejection]],
    places: PlaceMemo,
    manufacturing_only: bool,
    summary: ImportSummary,
    on_rejection: Callable[[Rejection], None],
) -> list[tuple[int, CompanyRecord, PostcodePlace]]:
    """The batch's records that may be written, each with its place; the rest are rejected."""
    accepted: list[tuple[int, CompanyRecord, PostcodePlace]] = []
    places.remember_exact(item.postcode for _, item in batch if not isinstance(item, Rejection))
    for line, item in batch:
        if isinstance(item, Rejection):
            _reject(summary, on_rejection, item)
            continue
        if manufacturing_only and not _is_manufacturing(item):
            code = item.sic_codes[0] if item.sic_codes else "none"
            _reject(summary, on_rejection, Rejection(line, item.number, item.name, f"not a manufacturer (SIC {code})"))
            continue
        place = places.of(item.postcode)
        accepted.append((line, item, place))
    return accepted


@dataclass
class BatchPlan:
    """What one batch writes: the companies to add and to change, and those whose eligibility needs their sites
    or subsidies read again once written."""

    numbers: frozenset[str]
    to_create: list[Company]
    to_update: list[Company]
    needs_full_refresh: list[Company]


class BatchWriter:
    """Writes each batch in its own transaction. On PostgreSQL, outside a transaction, a batch is written on a
    second connection while the next is read and checked, so the database's work and Python's overlap on two
    cores; at most one batch is in flight, and a batch naming a company still being written waits for it."""

    def __init__(self, *, in_background: bool) -> None:
        self.executor = (
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="company-import") if in_background else None
        )
        self.pending: Future[None] | None = None
        self.numbers: frozenset[str] = frozenset()
        if self.executor is not None:
            self.pending = self.executor.submit(prepare_writer_connection)

    def write(self, plan: BatchPlan) -> None:
        if self.executor is None:
            write_plan(plan)
            return
        self.wait()
        self.numbers = plan.numbers
        self.pending = self.executor.submit(write_plan, plan, prepared=True)

    def wait_if_writing(self, numbers: Iterable[str]) -> None:
        """Wait for the batch in flight when it holds any of these numbers: until it commits, reading them would
        find them new."""
        if self.pending is not None and not self.numbers.isdisjoint(numbers):
            self.wait()

    def wait(self) -> None:
        pending, self.pending = self.pending, None
        if pending is not None:
            pending.result()  # raises the writer's error here

    def close(self, *, quietly: bool = False) -> None:
        """Wait for the batch in flight and release the writer's connection; `quietly` drops the batch's error."""
        if self.executor is None:
            return
        try:
            self.wait()
        except Exception:
            if not quietly:
                raise
        finally:
            self.executor.submit(connections.close_all).result()  # the writer thread's own connection
            self.executor.shutdown()


def prepare_writer_connection() -> None:
    """Set up the background writer's own PostgreSQL connection once, rather than in every batch's transaction:
    its commits need not wait for the disk, and its staging table is made."""
    with connection.cursor() as cursor:
        # A batch lost to a crash before it reached the disk is written again by running the import again.
        cursor.execute("SET synchronous_commit TO OFF")
        cursor.execute(_create_staging_table())


def write_plan(plan: BatchPlan, *, prepared: bool = False) -> None:
    """Write one batch in its own transaction, or in the caller's. `prepared`: on the background writer's
    connection, set up by `prepare_writer_connection`."""
    own_transaction = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql":
            if own_transaction and not prepared:
                # As on the writer's connection; not so for a caller's transaction, whose commit is its own.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit TO OFF")
            # Stamped as it is written, not as it was planned: integrations sync by `updated_at`, and a batch
            # written in the background may wait for the one before it.
            upsert_companies(plan.to_create, plan.to_update, timezone.now(), staging_ready=prepared)
        else:
            Company.objects.bulk_create(plan.to_create)
            Company.objects.bulk_update(plan.to_update, UPDATED_FIELDS)
        for company in plan.needs_full_refresh:
            company_refresh_eligibility(company)


def _plan_batch(
    accepted: list[tuple[int, CompanyRecord, PostcodePlace]],
    finder: ProgrammeFinder,
    places: PlaceMemo,
    summary: ImportSummary,
    on_rejection: Callable[[Rejection], None],
    authorities: dict[str, Area],
    regions: set[int],
) -> BatchPlan:
    """Decide, for each accepted record, whether it adds, changes or leaves a company, and count it."""
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
        before = _copied_values(company) if company.pk is not None else None
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
    return BatchPlan(frozenset(seen), to_create, to_update, needs_full_refresh)


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
STAGING_TABLE = "company_import_batch"


def _quote(field: Field[Any, Any]) -> str:
    return connection.ops.quote_name(str(field.column))


def _company_fields() -> list[Field[Any, Any]]:
    return [field for field in Company._meta.concrete_fields if not field.primary_key and field.column]


def _copied_fields() -> list[Field[Any, Any]]:
    return [field for field in _company_fields() if field.name in COPIED_COLUMNS]


def _create_staging_table() -> str:
    """The statement that makes this connection's staging table, emptied at each commit, if it has none yet."""
    copied_columns = ", ".join(_quote(field) for field in _copied_fields())
    # Every name in the statement comes from the model's own metadata, never from the file.
    return f"CREATE TEMP TABLE IF NOT EXISTS {STAGING_TABLE} ON COMMIT DELETE ROWS AS SELECT {copied_columns} FROM {Company._meta.db_table} WITH NO DATA"  # noqa: S608, E501


def upsert_companies(
    to_create: list[Company], to_update: list[Company], now: datetime.datetime, *, staging_ready: bool = False
) -> None:
    """PostgreSQL: COPY the batch into a staging table, then insert and update in one statement, so a batch costs
    a few round trips whatever its size. A company another import added meanwhile is updated, not refused.
    `staging_ready`: the connection's staging table is made, and the batch is its transaction's only one.

    Only what the file sets is copied: a new company's other columns hold a blank company's values, and the
    times are the batch's own, so they travel once as parameters rather than once a row."""
    if not to_create and not to_update:
        return
    fields = _company_fields()
    copied = _copied_fields()
    stamped = [field for field in fields if field.name in STAMPED_FIELDS]
    blank = [field for field in fields if field not in copied and field not in stamped]
    copied_columns = ", ".join(_quote(field) for field in copied)
    all_columns = ", ".join(_quote(field) for field in (*copied, *stamped, *blank))
    assignments = ", ".join(
        f"{_quote(field)} = EXCLUDED.{_quote(field)}" for field in fields if field.name in UPDATED_FIELDS
    )
    placeholders = ", ".join(["%s"] * (len(stamped) + len(blank)))
    table = Company._meta.db_table
    # Every name in the statement comes from the model's own metadata, never from the file.
    upsert = f"INSERT INTO {table} ({all_columns}) SELECT {copied_columns}, {placeholders} FROM {STAGING_TABLE} ON CONFLICT (companies_house_number) DO UPDATE SET {assignments}"  # noqa: S608, E501
    blank_company = _new_company("", Programme(pk=0))
    parameters = [now for _ in stamped] + [
        field.get_db_prep_save(getattr(blank_company, field.attname), connection) for field in blank
    ]
    row_of = attrgetter(*(field.attname for field in copied))
    json_at = [n for n, field in enumerate(copied) if isinstance(field, JSONField)]
    with connection.cursor() as cursor:
        if not staging_ready:
            cursor.execute(_create_staging_table())
        with cursor.cursor.copy(f"COPY {STAGING_TABLE} ({copied_columns}) FROM STDIN") as copy:
            for company in [*to_create, *to_update]:
                row = list(row_of(company))
                for n in json_at:
                    row[n] = json.dumps(row[n])
                copy.write_row(row)
        cursor.execute(upsert, parameters)
        if not staging_ready:  # a caller's transaction may write further batches before its commit empties it
            cursor.execute(f"TRUNCATE {STAGING_TABLE}")
    for company in to_create:
        company.created_at = now
    for company in [*to_create, *to_update]:
        company.updated_at = company.eligibility_checked_at = now


# What the import sets on a company; the times are stamped on the whole batch at once.
STAMPED_FIELDS = ("created_at", "updated_at", "eligibility_checked_at")
COPIED_COLUMNS = (
    "companies_house_number",
    "programme",
    *(name for name in UPDATED_FIELDS if name not in STAMPED_FIELDS),
)


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
    Company.programme.field.set_cached_value(company, programme)  # the rules are the programme's; it is in hand
    return company


@dataclass(frozen=True)
class HeldCompany:
    values: tuple[object, ...]  # as `_copied_values` gives them
    needs_full_refresh: bool


def _held_values(numbers: list[str]) -> dict[str, HeldCompany]:
    """What the database holds of these companies that the file may change, by number."""
    rows = _held_rows_postgresql(numbers) if connection.vendor == "postgresql" else _held_rows(numbers)
    copied = len(COPIED_FIELDS)
    return {
        row[0]: HeldCompany(
            (*row[1 : copied + 1], list(row[copied + 1] or []), row[copied + 2], row[copied + 3]),
            bool(row[copied + 4] or row[copied + 5]),
        )
        for row in rows
    }


HELD_FIELDS = (
    "companies_house_number",
    *COPIED_FIELDS,
    "sic_codes",
    "status_source",
    "sic_source",
    "subsidy_declared_on",
)


def _held_rows_postgresql(numbers: list[str]) -> list[tuple[Any, ...]]:
    """The rows `_held_rows` gives, asked for as one array: a list of a thousand numbers costs PostgreSQL more to
    plan than to answer, and Django more to compile than the rows cost to read."""
    column_of = {field.name: str(field.column) for field in Company._meta.concrete_fields}
    columns = ", ".join(f"company.{connection.ops.quote_name(column_of[name])}" for name in HELD_FIELDS)
    site_table, company_table = Site._meta.db_table, Company._meta.db_table
    # Every name in the statement comes from the models' own metadata, never from the file.
    sql = (
        f"SELECT {columns}, EXISTS (SELECT 1 FROM {site_table} site WHERE site.company_id = company.id) "  # noqa: S608
        f"FROM {company_table} company WHERE company.companies_house_number = ANY(%s)"
    )
    sic_at = HELD_FIELDS.index("sic_codes")
    with connection.cursor() as cursor:
        cursor.execute(sql, [numbers])
        rows = cursor.fetchall()
    return [(*row[:sic_at], _json_list(row[sic_at]), *row[sic_at + 1 :]) for row in rows]


def _json_list(value: object) -> object:
    return json.loads(value) if isinstance(value, str) else value


def _held_rows(numbers: list[str]) -> list[tuple[Any, ...]]:
    return list(
        Company.objects.filter(companies_house_number__in=numbers)
        .annotate(has_sites=Exists(Site.objects.filter(company=OuterRef("pk"))))
        .values_list(*HELD_FIELDS, "has_sites")
    )


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
