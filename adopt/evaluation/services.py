"""The evaluation's writes: baselines taken before support can change a company, outcome panels brought back by an
evaluator, and places allocated by a logged random draw."""

import csv
import datetime
import random
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from adopt.accounts.models import User
from adopt.assessments.models import Assessment
from adopt.companies.models import Company
from adopt.companies.numbers import InvalidCompanyNumber, normalise_company_number
from adopt.core.errors import DomainError
from adopt.evaluation.models import AllocationDraw, CompanyBaseline, OutcomeObservation
from adopt.programmes.models import Programme

OUTCOME_COLUMNS = ("company_number", "adopt_id", "year", "employees", "turnover_gbp", "gva_gbp")
BATCH = 2000


class OutcomeFileRefused(DomainError):
    """The file cannot be read as an outcome panel at all; the message says why."""


class DrawRefused(DomainError):
    """The draw cannot be made as asked; the message says why."""


def baselines_capture(companies: QuerySet[Company], today: datetime.date | None = None) -> int:
    """Take the baseline of each company that has none, and the first assessment's score where a baseline lacks
    it. A baseline once taken never changes: that is its point. Returns the number of baselines taken."""
    today = today or timezone.localdate()
    missing = companies.filter(baseline__isnull=True).values_list(
        "pk", "staff_headcount", "turnover_gbp", "primary_sic", "incorporated_on", "local_authority__code"
    )
    taken = 0
    batch: list[CompanyBaseline] = []
    for pk, staff, turnover, sic, incorporated, authority in missing.iterator(chunk_size=BATCH):
        batch.append(
            CompanyBaseline(
                company_id=pk,
                captured_on=today,
                staff_headcount=staff,
                turnover_gbp=turnover,
                primary_sic=sic or "",
                incorporated_on=incorporated,
                local_authority=authority or "",
            )
        )
        if len(batch) >= BATCH:
            taken += len(CompanyBaseline.objects.bulk_create(batch, ignore_conflicts=True))
            batch = []
    taken += len(CompanyBaseline.objects.bulk_create(batch, ignore_conflicts=True))
    _maturity_fill(companies)
    return taken


def _maturity_fill(companies: QuerySet[Company]) -> None:
    waiting = CompanyBaseline.objects.filter(company__in=companies, maturity_score__isnull=True)
    first: dict[int, tuple[Decimal | None, datetime.datetime | None]] = {}
    for company_id, score, submitted in (
        Assessment.objects.filter(
            company_id__in=waiting.values("company_id"), status=Assessment.Status.SUBMITTED, overall_score__isnull=False
        )
        .order_by("company_id", "submitted_at")
        .values_list("company_id", "overall_score", "submitted_at")
    ):
        first.setdefault(company_id, (score, submitted))
    updated = []
    for baseline in waiting.filter(company_id__in=first):
        score, submitted = first[baseline.company_id]
        baseline.maturity_score = score
        baseline.maturity_on = timezone.localdate(submitted) if submitted else None
        updated.append(baseline)
    CompanyBaseline.objects.bulk_update(updated, ["maturity_score", "maturity_on"], batch_size=BATCH)


@dataclass(frozen=True)
class OutcomeRejection:
    line: int
    company: str
    reason: str


@dataclass
class OutcomeImportSummary:
    rows: int = 0
    saved: int = 0
    companies: int = 0
    rejected: list[OutcomeRejection] = field(default_factory=list)

    @property
    def lines(self) -> list[str]:
        lines = [
            f"{self.rows:,} rows read: {self.saved:,} saved for {self.companies:,} companies, "
            f"{len(self.rejected):,} rejected."
        ]
        reasons: dict[str, int] = {}
        for rejection in self.rejected:
            reasons[rejection.reason.split(":")[0]] = reasons.get(rejection.reason.split(":")[0], 0) + 1
        lines += [f"{count:,} rejected: {reason}." for reason, count in sorted(reasons.items())]
        return lines


def _amount(text: str, name: str, *, whole: bool = False) -> Decimal | None:
    text = (text or "").strip().replace(",", "").lstrip("£")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{name} is not a number: {text!r}") from None
    if not value.is_finite() or value < 0:
        raise ValueError(f"{name} must be zero or more: {text!r}")
    return value.quantize(Decimal("0.1") if whole else Decimal("0.01"))


def outcomes_import(
    lines: Iterable[str],
    *,
    programme: Programme,
    source: str,
    on_progress: Callable[[int], None] | None = None,
) -> OutcomeImportSummary:
    """Save a panel of outcomes (one row per company and year) for the programme's companies. A company is named by
    its Companies House number or its Adopt id; a row for a company and year already held replaces it."""
    reader = csv.DictReader(lines)
    header = {name.strip().lower() for name in reader.fieldnames or []}
    if "year" not in header or not header & {"company_number", "adopt_id"}:
        raise OutcomeFileRefused(
            "The file's first line must name the columns: year, company_number or adopt_id, and at least one of "
            "employees, turnover_gbp, gva_gbp."
        )
    if not header & {"employees", "turnover_gbp", "gva_gbp"}:
        raise OutcomeFileRefused("The file has no outcome column: employees, turnover_gbp or gva_gbp.")
    by_number = dict(
        Company.objects.filter(programme=programme, companies_house_number__isnull=False).values_list(
            "companies_house_number", "pk"
        )
    )
    known_ids = set(Company.objects.filter(programme=programme).values_list("pk", flat=True))
    summary = OutcomeImportSummary()
    seen: set[tuple[int, int]] = set()
    batch: list[OutcomeObservation] = []
    companies: set[int] = set()
    this_year = timezone.localdate().year

    def flush() -> None:
        OutcomeObservation.objects.bulk_create(
            batch,
            update_conflicts=True,
            unique_fields=["company", "year"],
            update_fields=["employees", "turnover_gbp", "gva_gbp", "source", "updated_at"],
        )
        summary.saved += len(batch)
        batch.clear()

    for line, raw in enumerate(reader, start=2):
        row = {(key or "").strip().lower(): (value or "").strip() for key, value in raw.items() if key}
        summary.rows += 1
        named = row.get("company_number") or row.get("adopt_id") or ""
        try:
            company_id = _company_of(row, by_number, known_ids)
            year = int(row.get("year", ""))
            if not 1990 <= year <= this_year:
                raise ValueError(f"year out of range: {year} is not between 1990 and {this_year}")
            values = {
                "employees": _amount(row.get("employees", ""), "employees", whole=True),
                "turnover_gbp": _amount(row.get("turnover_gbp", ""), "turnover_gbp"),
                "gva_gbp": _amount(row.get("gva_gbp", ""), "gva_gbp"),
            }
            if all(value is None for value in values.values()):
                raise ValueError("no figures: the row gives no employees, turnover_gbp or gva_gbp")
            if (company_id, year) in seen:
                raise ValueError(f"repeated: the company's {year} is already on an earlier line")
        except ValueError as error:
            reason = str(error) if "invalid literal" not in str(error) else f"year is not a year: {row.get('year')!r}"
            summary.rejected.append(OutcomeRejection(line, named, reason))
            continue
        seen.add((company_id, year))
        companies.add(company_id)
        batch.append(OutcomeObservation(company_id=company_id, year=year, source=source[:150], **values))
        if len(batch) >= BATCH:
            with transaction.atomic():
                flush()
            if on_progress:
                on_progress(summary.rows)
    with transaction.atomic():
        flush()
    summary.companies = len(companies)
    return summary


def _company_of(row: dict[str, str], by_number: dict[str | None, int], known_ids: set[int]) -> int:
    if row.get("company_number"):
        try:
            number = normalise_company_number(row["company_number"])
        except InvalidCompanyNumber as error:
            raise ValueError(f"not a Companies House number: {error}") from None
        if number not in by_number:
            raise ValueError(f"not in the programme: no company {number}")
        return by_number[number]
    try:
        company_id = int(row.get("adopt_id", ""))
    except ValueError:
        raise ValueError("no company: the row has neither a company_number nor an adopt_id") from None
    if company_id not in known_ids:
        raise ValueError(f"not in the programme: no company with Adopt id {company_id}")
    return company_id


def drawn(candidates: list[int], places: int, seed: str) -> list[int]:
    """The companies given places: a shuffle of the candidates in id order by the seed. Anyone holding the seed
    and the list gets the same answer."""
    order = sorted(candidates)
    random.Random(seed).shuffle(order)  # noqa: S311  # a reproducible draw, not a secret
    return sorted(order[:places])


@transaction.atomic
def allocation_draw(
    programme: Programme, *, wave: str, places: int, candidates: list[int], drawn_by: User, seed: str = ""
) -> AllocationDraw:
    """Give `places` of the candidates a place in this wave by a random draw, logging the seed and both lists."""
    wave = wave.strip()
    if not wave:
        raise DrawRefused("Name the wave, for example Wave 1 (spring 2027).")
    if AllocationDraw.objects.filter(programme=programme, wave=wave).exists():
        raise DrawRefused(f"{wave} has been drawn already: a draw is made once, so nobody can redraw until it suits.")
    known = set(Company.objects.filter(programme=programme, pk__in=candidates).values_list("pk", flat=True))
    if len(known) != len(set(candidates)):
        raise DrawRefused("Some candidates are not companies of this programme.")
    if places < 1:
        raise DrawRefused("A draw gives at least one place.")
    if places >= len(known):
        raise DrawRefused(
            f"There are {len(known)} candidates for {places} places: every candidate gets a place, so there is "
            "nothing to draw and no comparison group."
        )
    seed = seed or secrets.token_hex(16)
    return AllocationDraw.objects.create(
        programme=programme,
        wave=wave,
        places=places,
        seed=seed,
        candidates=sorted(known),
        selected=drawn(sorted(known), places, seed),
        drawn_by=drawn_by,
    )
