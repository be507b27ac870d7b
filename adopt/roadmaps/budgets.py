"""Starting budgets for a company's first roadmap, so that planning never begins from £0. Pure.

Each phase starts with as many typical projects as the phase takes at once (its capacity): a typical project being
the median catalogue technology's cost for the company's size band (one-off plus the first year's running cost,
at the middle of each range), less the grant the programme's scheme would pay on it. Rounded to £1,000; the
adviser and the company change them to what the company can really spend.
"""

from decimal import ROUND_HALF_UP, Decimal
from statistics import median

from adopt.roadmaps.catalogue import Catalogue, Planning, SizeBand
from adopt.roadmaps.planner import item_costs
from adopt.roadmaps.plans import FundingTerms

THOUSAND = Decimal("1000")


def typical_project_net(catalogue: Catalogue, size_band: SizeBand, funding: FundingTerms | None) -> Decimal:
    """What a median catalogue project costs the company itself, after the grant."""
    return Decimal(median(item_costs(item, size_band, funding).net for item in catalogue.technologies))


def starting_budgets(
    catalogue: Catalogue, planning: Planning, size_band: SizeBand, funding: FundingTerms | None
) -> tuple[Decimal, ...]:
    """Per phase, its capacity of typical projects less their grant; the grants together never exceed the subsidy
    the company can still receive, so a company with no headroom starts from the full cost."""
    costs = [item_costs(item, size_band, funding) for item in catalogue.technologies]
    gross = Decimal(median(cost.gross for cost in costs))
    grant = Decimal(median(cost.grant for cost in costs))
    headroom = funding.headroom if funding and funding.headroom is not None else None
    budgets = []
    for phase in planning.phases:
        phase_grant = grant * phase.capacity
        if headroom is not None:
            phase_grant = min(phase_grant, headroom)
            headroom -= phase_grant
        net = gross * phase.capacity - phase_grant
        budgets.append((net / THOUSAND).quantize(Decimal(1), rounding=ROUND_HALF_UP) * THOUSAND)
    return tuple(budgets)
