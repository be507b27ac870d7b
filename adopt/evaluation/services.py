"""The evaluation's writes: baselines taken before support can change a company, outcome panels brought back by an
evaluator, and places allocated by a logged random draw."""

import csv
import datetime
import hashlib
import re
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from adopt.accounts.models import User
from adopt.assessments.models import Assessment
from adopt.companies.models import Company
from adopt.companies.numbers import InvalidCompanyNumber, normalise_company_number
from adopt.core.errors import DomainError
from adopt.evaluation.models import AllocationDraw, CompanyBaseline, OutcomeObservation
from adopt.evaluation.selectors import placed_companies
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


_NUMBER = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
# Each figure's largest size, from its column: a bigger one is a mistake in the file, not a company.
LIMITS = {
    "employees": Decimal("99999999.9"),
    "turnover_gbp": Decimal("999999999999.99"),
    "gva_gbp": Decimal("999999999999.99"),
}
FIGURES = ("employees", "turnover_gbp", "gva_gbp")


def _amount(text: str, name: str) -> Decimal | None:
    text = (text or "").strip().replace("£", "").replace(" ", "")
    if not text:
        return None
    if not _NUMBER.match(text):
        raise ValueError(f"{name} is not a number: {text!r} (write 1500000 or 1,500,000)")
    value = Decimal(text.replace(",", ""))
    if value < 0 and name != "gva_gbp":  # GVA can fall below zero; staff and sales cannot
        raise ValueError(f"{name} must be zero or more: {text!r}")
    if abs(value) > LIMITS[name]:
        raise ValueError(f"{name} is too large to be real: {text!r}")
    return value.quantize(Decimal("0.1") if name == "employees" else Decimal("0.01"))


@dataclass(frozen=True)
class _Row:
    company_id: int
    year: int
    figures: dict[str, Decimal | None]


def outcomes_import(
    lines: Iterable[str],
    *,
    programme: Programme,
    source: str,
    on_progress: Callable[[int], None] | None = None,
) -> OutcomeImportSummary:
    """Save a panel of outcomes (one row per company and year) for the programme's companies. A company is named by
    its Companies House number or its Adopt id. A figure given replaces the one held for that company and year; a
    blank (or a column the file does not have) keeps it. The whole file is read and checked first, then saved in
    one transaction, so a file that breaks half-way writes nothing."""
    reader = csv.DictReader(lines)
    try:
        header = [name.strip().lower() for name in reader.fieldnames or []]
    except csv.Error as error:
        raise OutcomeFileRefused(f"The first line cannot be read as CSV: {error}.") from None
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise OutcomeFileRefused(f"The file names a column twice: {', '.join(n or '(blank)' for n in repeated)}.")
    unknown = sorted(set(header) - set(OUTCOME_COLUMNS))
    if "year" not in header or not set(header) & {"company_number", "adopt_id"}:
        raise OutcomeFileRefused(
            "The file's first line must name the columns: year, company_number or adopt_id, and at least one of "
            "employees, turnover_gbp, gva_gbp."
        )
    if unknown:
        raise OutcomeFileRefused(
            f"The file has columns Adopt does not know: {', '.join(n or '(blank)' for n in unknown)}. The columns are "
            f"{', '.join(OUTCOME_COLUMNS)}."
        )
    if not set(header) & set(FIGURES):
        raise OutcomeFileRefused("The file has no outcome column: employees, turnover_gbp or gva_gbp.")
    reader.fieldnames = header
    by_number = dict(
        Company.objects.filter(programme=programme, companies_house_number__isnull=False).values_list(
            "companies_house_number", "pk"
        )
    )
    known_ids = set(Company.objects.filter(programme=programme).values_list("pk", flat=True))
    summary = OutcomeImportSummary()
    kept: dict[tuple[int, int], _Row] = {}
    this_year = timezone.localdate().year
    rows = iter(reader)
    while True:
        try:
            raw = next(rows)
        except StopIteration:
            break
        except csv.Error as error:
            raise OutcomeFileRefused(
                f"Line {reader.line_num} cannot be read as CSV ({error}); save the file as CSV UTF-8 and try again."
            ) from None
        line = reader.line_num
        summary.rows += 1
        named = (raw.get("company_number") or raw.get("adopt_id") or "").strip()
        try:
            if None in raw or any(value is None for value in raw.values()):
                raise ValueError(f"wrong number of fields: the header has {len(header)}; quote a figure with commas")
            row = {key: (value or "").strip() for key, value in raw.items() if isinstance(key, str)}
            company_id = _company_of(row, by_number, known_ids)
            try:
                year = int(row.get("year", ""))
            except ValueError:
                raise ValueError(f"year is not a year: {row.get('year')!r}") from None
            if not 1990 <= year <= this_year:
                raise ValueError(f"year out of range: {year} is not between 1990 and {this_year}")
            figures = {name: _amount(row[name], name) for name in FIGURES if name in row}
            if all(value is None for value in figures.values()):
                raise ValueError("no figures: the row gives no employees, turnover_gbp or gva_gbp")
            if (company_id, year) in kept:
                raise ValueError(f"repeated: the company's {year} is already on an earlier line")
        except ValueError as error:
            summary.rejected.append(OutcomeRejection(line, named, str(error)))
            continue
        kept[(company_id, year)] = _Row(company_id, year, figures)
        if on_progress and summary.rows % BATCH == 0:
            on_progress(summary.rows)
    _outcomes_save(list(kept.values()), source)
    summary.saved = len(kept)
    summary.companies = len({row.company_id for row in kept.values()})
    return summary


@transaction.atomic
def _outcomes_save(rows: list[_Row], source: str) -> None:
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        held = {
            (outcome.company_id, outcome.year): outcome
            for outcome in OutcomeObservation.objects.filter(
                company_id__in={row.company_id for row in batch}, year__in={row.year for row in batch}
            )
        }
        saved = []
        for row in batch:
            before = held.get((row.company_id, row.year))
            values = {
                name: row.figures.get(name) if row.figures.get(name) is not None else getattr(before, name, None)
                for name in FIGURES
            }
            saved.append(OutcomeObservation(company_id=row.company_id, year=row.year, source=source[:150], **values))
        OutcomeObservation.objects.bulk_create(
            saved,
            update_conflicts=True,
            unique_fields=["company", "year"],
            update_fields=[*FIGURES, "source", "updated_at"],
        )


def _company_of(row: dict[str, str], by_number: dict[str | None, int], known_ids: set[int]) -> int:
    by_id = None
    if row.get("adopt_id"):
        try:
            by_id = int(row["adopt_id"])
        except ValueError:
            raise ValueError(f"adopt_id is not a number: {row['adopt_id']!r}") from None
        if by_id not in known_ids:
            raise ValueError(f"not in the programme: no company with Adopt id {by_id}")
    if row.get("company_number"):
        try:
            number = normalise_company_number(row["company_number"])
        except InvalidCompanyNumber as error:
            raise ValueError(f"not a Companies House number: {error}") from None
        if number not in by_number:
            raise ValueError(f"not in the programme: no company {number}")
        if by_id is not None and by_id != by_number[number]:
            raise ValueError(f"two companies named: {number} is not the company with Adopt id {by_id}")
        return by_number[number]
    if by_id is None:
        raise ValueError("no company: the row has neither a company_number nor an adopt_id")
    return by_id


def drawn(candidates: list[int], places: int, seed: str) -> list[int]:
    """The companies given places: those whose SHA-256 of "seed:id" comes first. Anyone holding the seed and the
    list gets the same answer, with any language or version, and no candidate can be favoured without the seed."""
    ranked = sorted(set(candidates), key=lambda pk: hashlib.sha256(f"{seed}:{pk}".encode()).hexdigest())
    return sorted(ranked[:places])


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
    Programme.objects.select_for_update().filter(pk=programme.pk).first()  # one draw at a time per programme
    placed = placed_companies(programme)
    if placed & set(candidates):
        raise DrawRefused("Some candidates were given a place by an earlier draw: a company is drawn once.")
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
    try:
        with transaction.atomic():
            return AllocationDraw.objects.create(
                programme=programme,
                wave=wave,
                places=places,
                seed=seed,
                candidates=sorted(known),
                selected=drawn(sorted(known), places, seed),
                drawn_by=drawn_by,
            )
    except IntegrityError:
        raise DrawRefused(f"{wave} has just been drawn by someone else: a draw is made once.") from None
