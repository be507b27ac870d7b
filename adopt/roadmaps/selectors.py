from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from adopt.assessments.charts import Radar
from adopt.assessments.frameworks import framework
from adopt.assessments.models import Assessment
from adopt.assessments.selectors import size_band
from adopt.companies.models import Company
from adopt.funding.models import GrantApplication, Scheme
from adopt.funding.selectors import subsidy_headroom
from adopt.roadmaps.budgets import starting_budgets
from adopt.roadmaps.catalogue import Catalogue, CatalogueError, Planning, SizeBand, catalogue
from adopt.roadmaps.charts import Timeline, levels_radar, timeline
from adopt.roadmaps.levels import levels_from_diagnostic, levels_from_self_assessment
from adopt.roadmaps.models import Roadmap, RoadmapVersion
from adopt.roadmaps.outcomes import CompanyFacts
from adopt.roadmaps.plans import FundingTerms, PlanningInputs


class NoAssessment(Exception):
    """The company has no submitted diagnostic or self-assessment to plan from."""


@dataclass(frozen=True)
class Levels:
    levels: dict[str, float]
    source: str
    assessment: Assessment


def latest_levels(company: Company, planning: Planning) -> Levels:
    """Levels from the latest submitted diagnostic, else from the latest self-assessment."""
    diagnostic_key, _, _ = planning.framework.partition("@")
    self_key, _, _ = planning.self_assessment.framework.partition("@")
    submitted = (
        Assessment.objects.filter(company=company, status=Assessment.Status.SUBMITTED)
        .only("framework_key", "framework_version", "submitted_at", "dimension_scores")
        .order_by("-submitted_at")
    )
    diagnostic = submitted.filter(framework_key=diagnostic_key).first()
    if diagnostic is not None and diagnostic.submitted_at is not None:
        title = framework(diagnostic.framework_key, diagnostic.framework_version).title
        return Levels(
            levels_from_diagnostic(diagnostic.dimension_scores),
            f"{title}, {diagnostic.submitted_at:%d %B %Y}",
            diagnostic,
        )
    own = submitted.filter(framework_key=self_key).first()
    if own is not None and own.submitted_at is not None:
        title = framework(own.framework_key, own.framework_version).title
        return Levels(
            levels_from_self_assessment(own.dimension_scores, planning),
            f"{title}, {own.submitted_at:%d %B %Y} (no diagnostic yet: levels mapped from the self-assessment)",
            own,
        )
    raise NoAssessment(
        "There is no submitted diagnostic or self-assessment to plan from. Complete one, then plan the roadmap."
    )


def funding_terms(company: Company) -> FundingTerms | None:
    """The most generous open technology grant in the company's programme, with the subsidy it can still receive."""
    scheme = (
        Scheme.objects.filter(fund__programme_id=company.programme_id, kind=Scheme.Kind.TECHNOLOGY_GRANT, is_open=True)
        .order_by("-intervention_rate", "-maximum_grant", "pk")
        .first()
    )
    if scheme is None:
        return None
    headroom = subsidy_headroom(company, timezone.localdate())
    return FundingTerms(
        scheme.name, Decimal(str(scheme.intervention_rate)), Decimal(str(scheme.maximum_grant)), headroom
    )


def company_size_band(company: Company) -> SizeBand:
    band = size_band(company.staff_headcount)
    if band == "micro":
        return "micro"
    if band in ("medium", "large"):
        return "medium"
    return "small"


def starting_budgets_for(company: Company, planning: Planning) -> tuple[Decimal, ...]:
    """Budgets to start a first roadmap from: typical projects for the company's size, less the scheme's grant."""
    return starting_budgets(catalogue(), planning, company_size_band(company), funding_terms(company))


def planning_inputs(roadmap: Roadmap, planning: Planning) -> tuple[PlanningInputs, CompanyFacts]:
    company = roadmap.company
    levels = latest_levels(company, planning)
    done = frozenset(key for key, status in roadmap.item_status.items() if status == Roadmap.ItemStatus.DONE)
    pins: dict[str, int | None] = dict(roadmap.pins.items())
    # An item under way stays where the last plan had it.
    under_way = set()
    last = latest_version(roadmap)
    if last is not None:
        phases = {item["key"]: item["phase"] for item in last.plan.get("items", [])}
        for key, status in roadmap.item_status.items():
            if status == Roadmap.ItemStatus.IN_PROGRESS and key in phases and key not in pins:
                pins[key] = phases[key]
                under_way.add(key)
    capacity = None
    if roadmap.projects_at_once is not None:
        capacity = (roadmap.projects_at_once,) * len(planning.phases)
    inputs = PlanningInputs(
        levels=levels.levels,
        levels_source=levels.source,
        sic_code=company.primary_sic or "",
        size_band=company_size_band(company),
        budgets=tuple(Decimal(str(budget)) for budget in roadmap.budgets),
        objectives=tuple(roadmap.objectives),
        cost_profile=dict(roadmap.cost_profile),
        capacity=capacity,
        pins=pins,
        exclusions=frozenset(roadmap.exclusions),
        done=done,
        under_way=frozenset(under_way),
        funding=funding_terms(company),
    )
    facts = CompanyFacts(
        company.staff_headcount,
        company.region.code if company.region else None,
        roadmap.electricity_kwh,
        roadmap.gas_kwh,
    )
    return inputs, facts


def latest_version(roadmap: Roadmap) -> RoadmapVersion | None:
    return roadmap.versions.order_by("-number").first()


def roadmap_versions(roadmap: Roadmap) -> QuerySet[RoadmapVersion]:
    return roadmap.versions.select_related("created_by").order_by("-number")


def roadmap_for(company: Company) -> Roadmap | None:
    return Roadmap.objects.filter(company=company).first()


def programme_roadmaps(programme_id: int) -> QuerySet[Roadmap]:
    return Roadmap.objects.filter(company__programme_id=programme_id).select_related("company", "company__region")


@dataclass(frozen=True)
class PhaseView:
    phase: dict[str, Any]
    items: list[dict[str, Any]]


@dataclass(frozen=True)
class RoadmapDocument:
    """Everything the roadmap page, the PDF and the command show about one stored version."""

    company: Company
    roadmap: Roadmap
    version: RoadmapVersion
    plan: dict[str, Any]
    inputs: dict[str, Any]
    phases: list[PhaseView]
    timeline: Timeline
    radar: Radar
    next_steps: list[str]
    adviser_name: str
    adviser_email: str
    programme_name: str


def applications_by_item(company: Company) -> dict[str, list[GrantApplication]]:
    """The company's grant applications for each roadmap item, by the item's key."""
    grouped: dict[str, list[GrantApplication]] = {}
    for application in GrantApplication.objects.filter(company=company).exclude(project_key="").order_by("created_at"):
        grouped.setdefault(application.project_key, []).append(application)
    return grouped


def roadmap_document(roadmap: Roadmap, version: RoadmapVersion) -> RoadmapDocument:
    company = roadmap.company
    plan = version.plan
    chosen = catalogue_for(version)
    items = plan.get("items", [])
    descriptions = {item.key: item.description for item in chosen.technologies}
    applications = applications_by_item(company)
    for item in items:
        item["applications"] = applications.get(item["key"], [])
        item["has_grant"] = Decimal(item["costs"]["grant"]) > 0
        item["status"] = roadmap.item_status.get(item["key"], Roadmap.ItemStatus.PLANNED)
        item["status_label"] = Roadmap.ItemStatus(item["status"]).label
        item["description"] = descriptions.get(item["key"], "")
    phases = [PhaseView(phase, [i for i in items if i["phase"] == phase["index"]]) for phase in plan.get("phases", [])]
    titles = {p["key"]: p["title"] for p in plan.get("priorities", [])}
    raises = {item.key: dict(item.raises) for item in chosen.technologies}
    adviser = company.adviser
    return RoadmapDocument(
        company=company,
        roadmap=roadmap,
        version=version,
        plan=plan,
        inputs=version.inputs,
        phases=phases,
        timeline=timeline(items),
        radar=levels_radar(version.inputs, plan, titles, raises),
        next_steps=next_steps(items, plan),
        adviser_name=(adviser.get_full_name() or adviser.email) if adviser else "",
        adviser_email=adviser.email if adviser else "",
        programme_name=company.programme.name,
    )


def catalogue_for(version: RoadmapVersion) -> Catalogue:
    """The catalogue version the plan was made with, else the latest (an old file may have been removed)."""
    _, _, number = version.catalogue.partition("@")
    try:
        return catalogue(int(number))
    except (CatalogueError, ValueError):
        return catalogue()


def next_steps(items: list[dict[str, Any]], plan: dict[str, Any]) -> list[str]:
    steps = []
    first = [item for item in items if item["phase"] == 0 and item.get("status") != Roadmap.ItemStatus.DONE]
    for item in first:
        step = f"Get two or three quotes for {item['name']}"
        if Decimal(item["costs"]["grant"]) > 0:
            step += f" and apply for the grant (about £{Decimal(item['costs']['grant']):,.0f})"
        steps.append(step + ".")
    if not first and items:
        steps.append(f"Prepare for {items[0]['name']}, the first item of the plan.")
    steps.append("Agree the roadmap with your adviser, then review it together every six months or when plans change.")
    if not plan.get("objectives"):
        steps.insert(0, "Tell your adviser what the business most wants to achieve, so the plan can follow it.")
    return steps


MINIMUM_SHOWN = 5  # groups smaller than this are not shown in aggregates (decision 0002)


@dataclass(frozen=True)
class TechnologyCount:
    name: str
    companies: int
    under_way: int
    done: int


@dataclass(frozen=True)
class ProgrammeRoadmaps:
    roadmaps: int
    agreed: int
    gross: Decimal
    grant: Decimal
    net: Decimal
    technologies: list[TechnologyCount]


def programme_roadmaps_summary(programme_id: int) -> ProgrammeRoadmaps | None:
    """Roadmaps across a programme from each one's latest version; None below the disclosure threshold."""
    latest = (
        RoadmapVersion.objects.filter(roadmap__company__programme_id=programme_id)
        .order_by("roadmap_id", "-number")
        .values_list("roadmap_id", "total_gross", "total_grant", "total_net", "plan", "roadmap__item_status")
    )
    seen: set[int] = set()
    gross = grant = net = Decimal(0)
    counts: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    for roadmap_id, total_gross, total_grant, total_net, plan, status in latest.iterator(chunk_size=500):
        if roadmap_id in seen:
            continue
        seen.add(roadmap_id)
        gross, grant, net = gross + total_gross, grant + total_grant, net + total_net
        for item in plan.get("items", []):
            tally = counts.setdefault(item["key"], [0, 0, 0])
            names[item["key"]] = item["name"]
            tally[0] += 1
            tally[1] += status.get(item["key"]) == Roadmap.ItemStatus.IN_PROGRESS
            tally[2] += status.get(item["key"]) == Roadmap.ItemStatus.DONE
    if len(seen) < MINIMUM_SHOWN:
        return None
    technologies = sorted(
        (TechnologyCount(names[key], *tally) for key, tally in counts.items() if tally[0] >= MINIMUM_SHOWN),
        key=lambda row: -row.companies,
    )
    agreed = Roadmap.objects.filter(company__programme_id=programme_id, agreed_version__isnull=False).count()
    return ProgrammeRoadmaps(len(seen), agreed, gross, grant, net, technologies[:12])
