"""The ledger reconciled: every running total Adopt keeps (a fund year's committed and paid, a grant's award and
paid, its paid claims) equals the sum of the ledger entries behind it. Any difference is listed, never smoothed."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from adopt.funding.models import Claim, FundYear, GrantApplication, LedgerEntry

ZERO = Decimal("0")
Kind = LedgerEntry.Kind


@dataclass(frozen=True)
class Difference:
    where: str
    figure: str
    held: Decimal
    from_ledger: Decimal

    def __str__(self) -> str:
        return (
            f"{self.where}: {self.figure} is £{self.held:,.2f} but the ledger gives £{self.from_ledger:,.2f} "
            f"(a difference of £{self.held - self.from_ledger:,.2f})"
        )


@dataclass(frozen=True)
class Reconciliation:
    fund_years: int
    grants: int
    differences: list[Difference]

    @property
    def balanced(self) -> bool:
        return not self.differences


def _sums(rows: Iterable[tuple[int, str, Decimal | None]]) -> dict[int, dict[str, Decimal]]:
    sums: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for key, kind, total in rows:
        sums[key][kind] += total or ZERO
    return sums


def reconcile(fund_ids: list[int] | None = None) -> Reconciliation:
    """Compare the held totals with the ledger for the funds given, or every fund."""
    years = FundYear.objects.select_related("fund").order_by("fund_id", "year")
    entries = LedgerEntry.objects.all()
    applications = GrantApplication.objects.all()
    claims = Claim.objects.filter(status=Claim.Status.PAID)
    if fund_ids is not None:
        years = years.filter(fund_id__in=fund_ids)
        entries = entries.filter(fund_year__fund_id__in=fund_ids)
        applications = applications.filter(scheme__fund_id__in=fund_ids)
        claims = claims.filter(application__scheme__fund_id__in=fund_ids)
    by_year = _sums(entries.values_list("fund_year_id", "kind").annotate(total=Sum("amount")).order_by())
    by_grant = _sums(entries.values_list("application_id", "kind").annotate(total=Sum("amount")).order_by())
    claimed = dict(claims.values_list("application_id").annotate(total=Sum("amount")).order_by())
    differences = []
    for year in years:
        sums = by_year.get(year.pk, {})
        where = f"{year.fund.name} {year}"
        differences += _compare(where, "committed", year.committed, _net_commitment(sums))
        differences += _compare(where, "paid", year.paid, _net_paid(sums))
    grants = 0
    for pk, award, paid in applications.values_list("pk", "award", "paid").order_by("pk"):
        sums = by_grant.get(pk, {})
        if not sums and not award and not paid:
            continue
        grants += 1
        where = f"APP-{pk:06d}"
        differences += _compare(where, "award", award, _net_commitment(sums))
        differences += _compare(where, "paid", paid, _net_paid(sums))
        differences += _compare(where, "paid claims", claimed.get(pk) or ZERO, sums.get(Kind.PAYMENT, ZERO))
    return Reconciliation(len(years), grants, differences)


def _net_commitment(sums: dict[str, Decimal]) -> Decimal:
    return sums.get(Kind.COMMITMENT, ZERO) - sums.get(Kind.RELEASE, ZERO) - sums.get(Kind.RECOVERY, ZERO)


def _net_paid(sums: dict[str, Decimal]) -> Decimal:
    return sums.get(Kind.PAYMENT, ZERO) - sums.get(Kind.RECOVERY, ZERO)


def _compare(where: str, figure: str, held: Decimal, from_ledger: Decimal) -> list[Difference]:
    return [] if Decimal(held) == from_ledger else [Difference(where, figure, Decimal(held), from_ledger)]
