from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet

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
    """The programme's targets in the order a funder reads them."""
    order = list(Target.Metric)
    targets = sorted(programme.targets.all(), key=lambda target: order.index(Target.Metric(target.metric)))
    return [
        TargetLine(
            label=Target.Metric(target.metric).label,
            value=target.value,
            is_money=target.metric == Target.Metric.GVA_GBP,
        )
        for target in targets
    ]


def programme_staff(programme: Programme) -> QuerySet[ProgrammeStaff]:
    return programme.staff.select_related("user").order_by("role", "user__full_name")
