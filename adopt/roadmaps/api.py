from datetime import datetime
from decimal import Decimal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Path, Router, Schema
from ninja.errors import HttpError

from adopt.accounts.api_auth import api_auth, within_token_programme
from adopt.companies.policies import visible_companies
from adopt.core.api_errors import documented
from adopt.core.params import LARGEST_ID
from adopt.roadmaps.catalogue import catalogue
from adopt.roadmaps.models import Roadmap
from adopt.roadmaps.selectors import latest_version, roadmap_for

router = Router(tags=["roadmaps"], auth=api_auth("roadmaps"))


class TechnologyOut(Schema):
    key: str
    name: str
    category: str
    description: str
    raises: dict[str, int]
    prerequisites: list[str]
    minimum_levels: dict[str, int]
    implementation_months: int
    one_off_small: tuple[int, int]
    yearly_small: tuple[int, int]


class PlannedItemOut(Schema):
    key: str
    name: str
    phase: int
    starts_month: int
    ends_month: int
    gross: Decimal
    grant: Decimal
    net: Decimal
    status: str
    why_phase: str
    gaps: list[str]
    objectives: list[str]


class LeftOutOut(Schema):
    key: str
    name: str
    reason: str
    explanation: str


class PhaseOut(Schema):
    title: str
    budget: Decimal
    gross: Decimal
    grant: Decimal
    net: Decimal


class OutcomeOut(Schema):
    key: str
    title: str
    unit: str
    low: Decimal | None
    high: Decimal | None
    working: str


class RoadmapOut(Schema):
    company: str
    version: int
    planned_at: datetime
    agreed: bool
    planned_from: str
    phases: list[PhaseOut]
    items: list[PlannedItemOut]
    left_out: list[LeftOutOut]
    outcomes: list[OutcomeOut]
    notices: list[str]


@router.get("/technologies", response=documented(list[TechnologyOut]), summary="The technology catalogue")
def list_technologies(request: HttpRequest) -> list[TechnologyOut]:
    return [
        TechnologyOut(
            key=item.key,
            name=item.name,
            category=item.category,
            description=item.description,
            raises=item.raises,
            prerequisites=item.prerequisites.items,
            minimum_levels=item.prerequisites.minimum_levels,
            implementation_months=item.implementation_months,
            one_off_small=item.costs["small"].one_off,
            yearly_small=item.costs["small"].yearly,
        )
        for item in catalogue().technologies
    ]


@router.get("/companies/{company_id}", response=documented(RoadmapOut), summary="A company's latest roadmap")
def get_roadmap(
    request: HttpRequest,
    company_id: int = Path(..., ge=1, le=LARGEST_ID),  # type: ignore[type-arg]  # ninja's parameter marker
) -> RoadmapOut:
    company = get_object_or_404(within_token_programme(request, visible_companies(request.user)), pk=company_id)
    roadmap = roadmap_for(company)
    version = latest_version(roadmap) if roadmap else None
    if roadmap is None or version is None:
        raise HttpError(404, "No roadmap has been planned for this company yet.")
    plan = version.plan
    return RoadmapOut(
        company=company.name,
        version=version.number,
        planned_at=version.created_at,
        agreed=roadmap.agreed_version_id == version.pk,
        planned_from=plan["levels_source"],
        phases=[PhaseOut(**{k: p[k] for k in ("title", "budget", "gross", "grant", "net")}) for p in plan["phases"]],
        items=[
            PlannedItemOut(
                key=item["key"],
                name=item["name"],
                phase=item["phase"],
                starts_month=item["starts_month"],
                ends_month=item["ends_month"],
                gross=item["costs"]["gross"],
                grant=item["costs"]["grant"],
                net=item["costs"]["net"],
                status=roadmap.item_status.get(item["key"], Roadmap.ItemStatus.PLANNED),
                why_phase=item["why_phase"],
                gaps=item["gaps"],
                objectives=item["objectives"],
            )
            for item in plan["items"]
        ],
        left_out=[LeftOutOut(**{k: i[k] for k in ("key", "name", "reason", "explanation")}) for i in plan["left_out"]],
        outcomes=[OutcomeOut(**o) for o in plan["outcomes"]],
        notices=plan["notices"],
    )
