from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet

from adopt.core.financial_years import financial_year_label
from adopt.geography.models import Area
from adopt.programmes.models import Programme, ProgrammeStaff, Target


@dataclass(frozen=True)
class TargetLine:
    label: str
    value: Decimal
    is_money: bool


def programmes_with_counts(programmes: QuerySet[Programme]) -> QuerySet[Programme]:
    """Programmes ready for a list: region, areas and staff counts fetched in a fixed number of queries."""
    return (
        programmes.select_related("region")
        .prefetch_related(Prefetch("areas", queryset=Area.objects.order_by("name")))
        .annotate(
            adviser_count=Count("staff", filter=Q(staff__role=ProgrammeStaff.Role.ADVISER), distinct=True),
            manager_count=Count("staff", filter=Q(staff__role=ProgrammeStaff.Role.MANAGER), distinct=True),
        )
        .order_by("name")
    )


def programme_targets(programme: Programme) -> list[TargetLine]:
    """The programme's targets over its whole period, in the order a funder reads them."""
    order = list(Target.Metric)
    whole = [target for target in programme.targets.all() if target.year is None]
    targets = sorted(whole, key=lambda target: order.index(Target.Metric(target.metric)))
    return [
        TargetLine(
            label=Target.Metric(target.metric).label,
            value=target.value,
            is_money=target.metric == Target.Metric.GVA_GBP,
        )
        for target in targets
    ]


@dataclass(frozen=True)
class YearTargets:
    label: str
    is_money: bool
    by_year: list[tuple[str, Decimal]]


def programme_year_targets(programme: Programme) -> list[YearTargets]:
    """The measures the funder profiles by financial year, each with its years' targets in order."""
    found: dict[str, list[tuple[str, Decimal]]] = {}
    for target in programme.targets.filter(year__isnull=False).order_by("year"):
        if target.year is None:  # filtered out above; said for the type checker
            continue
        found.setdefault(target.metric, []).append((financial_year_label(target.year), target.value))
    return [
        YearTargets(metric.label, metric == Target.Metric.GVA_GBP, found[metric.value])
        for metric in Target.Metric
        if metric.value in found
    ]


def programme_staff(programme: Programme) -> QuerySet[ProgrammeStaff]:
    return programme.staff.select_related("user").order_by("role", "user__full_name")
