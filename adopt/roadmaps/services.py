"""Changes to roadmaps: settings, pins and exclusions, planning runs that store versions, progress, agreement.

Every change is audited. A planning run locks the roadmap row, so two advisers re-planning at once get
consecutive version numbers rather than an error.
"""

import datetime
import multiprocessing
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection, connections, transaction
from django.utils import timezone

from adopt.accounts.models import User
from adopt.assessments.frameworks import framework
from adopt.companies.models import Company, CompanyMembership
from adopt.core.audit import Action, audit_record
from adopt.core.errors import DomainError
from adopt.core.events import publish
from adopt.roadmaps.catalogue import Catalogue, catalogue, planning_rules
from adopt.roadmaps.events import RoadmapAgreed
from adopt.roadmaps.models import Roadmap, RoadmapVersion
from adopt.roadmaps.optimiser import new_solver, use_one_thread
from adopt.roadmaps.planner import plan_keeping, plan_roadmap
from adopt.roadmaps.plans import Plan, PlanningError, PlanningInputs
from adopt.roadmaps.selectors import (
    NoAssessment,
    latest_version,
    planning_inputs,
    programme_roadmaps,
    starting_budgets_for,
)


class RoadmapError(DomainError):
    """A change or a planning run refused; the message says why, for the page or the command to show."""


def roadmap_of(company: Company) -> Roadmap:
    """The company's roadmap; a first one starts from budgets sized to the company, never from £0."""
    roadmap = Roadmap.objects.filter(company=company).first()
    if roadmap is not None:
        return roadmap
    budgets = starting_budgets_for(company, planning_rules())
    roadmap, _ = Roadmap.objects.get_or_create(
        company=company, defaults=dict(zip(("budget_now", "budget_next", "budget_later"), budgets, strict=True))
    )
    return roadmap


def dimension_titles(planning_framework: str) -> dict[str, str]:
    key, _, version = planning_framework.partition("@")
    return {d.key: d.title for d in framework(key, int(version)).dimensions}


def inputs_snapshot(inputs: PlanningInputs, chosen: Catalogue) -> dict[str, Any]:
    return {
        "catalogue": chosen.label,
        "levels": dict(inputs.levels),
        "levels_source": inputs.levels_source,
        "size_band": inputs.size_band,
        "budgets": [f"{budget:.2f}" for budget in inputs.budgets],
        "objectives": list(inputs.objectives),
        "cost_profile": dict(inputs.cost_profile),
        "capacity": list(inputs.capacity) if inputs.capacity else None,
        "pins": dict(inputs.pins),
        "exclusions": sorted(inputs.exclusions),
        "done": sorted(inputs.done),
        "under_way": sorted(inputs.under_way),
        "funding": {k: str(v) for k, v in asdict(inputs.funding).items()} if inputs.funding else None,
    }


def _same_plan(version: RoadmapVersion, plan: dict[str, Any], inputs: dict[str, Any]) -> bool:
    def shape(data: dict[str, Any]) -> list[tuple[str, int, str]]:
        return sorted((item["key"], item["phase"], item["costs"]["net"]) for item in data.get("items", []))

    return shape(version.plan) == shape(plan) and version.inputs == inputs


@transaction.atomic
def roadmap_replan(
    roadmap: Roadmap, *, actor: User | None, reason: str, only_if_changed: bool = False
) -> RoadmapVersion | None:
    """Plan with the current settings and store the result as the next version.

    With `only_if_changed`, nothing is stored when the plan and its inputs are what the last version holds.
    """
    Roadmap.objects.select_for_update().filter(pk=roadmap.pk).first()
    roadmap.refresh_from_db()
    planning = planning_rules()
    chosen = catalogue()
    try:
        inputs, facts = planning_inputs(roadmap, planning)
        plan = plan_roadmap(inputs, chosen, planning, facts, dimension_titles(planning.framework))
    except (NoAssessment, PlanningError) as error:
        raise RoadmapError(str(error)) from None
    snapshot = inputs_snapshot(inputs, chosen)
    return _store_version(roadmap, StoredPlan.of(plan), snapshot, chosen, actor, reason, only_if_changed)


@transaction.atomic
def roadmap_replan_keeping(
    roadmap: Roadmap, *, actor: User | None, reason: str
) -> tuple[RoadmapVersion | None, list[str]]:
    """Plan again after the adviser pinned, unpinned, dropped or allowed an item, changing the current plan as
    little as the rules allow; returns the version and what else moved, with the rule that forced it."""
    Roadmap.objects.select_for_update().filter(pk=roadmap.pk).first()
    roadmap.refresh_from_db()
    planning = planning_rules()
    chosen = catalogue()
    last = latest_version(roadmap)
    keep = {item["key"]: int(item["phase"]) for item in last.plan.get("items", [])} if last is not None else {}
    try:
        inputs, facts = planning_inputs(roadmap, planning)
        plan, moved = plan_keeping(inputs, chosen, planning, facts, dimension_titles(planning.framework), keep)
    except (NoAssessment, PlanningError) as error:
        raise RoadmapError(str(error)) from None
    snapshot = inputs_snapshot(inputs, chosen)
    version = _store_version(roadmap, StoredPlan.of(plan), snapshot, chosen, actor, reason, False)
    return version, moved


@dataclass(frozen=True)
class StoredPlan:
    """A plan as it is stored: made in the worker that planned it, so only plain data crosses processes."""

    data: dict[str, Any]
    totals: tuple[Decimal, Decimal, Decimal]
    keys: list[str]

    @classmethod
    def of(cls, plan: Plan) -> "StoredPlan":
        return cls(plan.to_json(), plan.totals, [item.key for item in plan.items])


def _store_version(
    roadmap: Roadmap,
    plan: StoredPlan,
    snapshot: dict[str, Any],
    chosen: Catalogue,
    actor: User | None,
    reason: str,
    only_if_changed: bool,
) -> RoadmapVersion | None:
    stored = plan.data
    last = latest_version(roadmap)
    if only_if_changed and last is not None and _same_plan(last, stored, snapshot):
        return None
    gross, grant, net = plan.totals
    version = RoadmapVersion.objects.create(
        roadmap=roadmap,
        number=(last.number + 1) if last else 1,
        created_by=actor,
        reason=reason[:200],
        catalogue=chosen.label,
        inputs=snapshot,
        plan=stored,
        total_gross=gross,
        total_grant=grant,
        total_net=net,
        items=len(plan.keys),
    )
    for key in plan.keys:
        roadmap.item_status.setdefault(key, Roadmap.ItemStatus.PLANNED)
    # A new plan replaces what was put to the company: the adviser proposes again.
    roadmap.proposed_version = None
    roadmap.save(update_fields=["item_status", "proposed_version", "updated_at"])
    audit_record(roadmap, action=Action.PLANNED, actor=actor, to_state=f"version {version.number}", comment=reason)
    return version


@dataclass
class ReplanSummary:
    roadmaps: int = 0
    changed: int = 0
    unchanged: int = 0
    refused: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)  # reason → a company it applied to
    seconds: float = 0.0

    def lines(self) -> list[str]:
        lines = [
            f"{self.roadmaps:,} roadmaps: {self.changed:,} re-planned with a new version, "
            f"{self.unchanged:,} unchanged, {sum(self.refused.values()):,} not planned, in {self.seconds:.1f} s."
        ]
        for reason, count in self.refused.most_common():
            lines.append(f"  {count:,} not planned: {reason} (for example {self.examples[reason]})")
        return lines


def _plan_job(roadmap_id: int) -> tuple[int, StoredPlan | str, dict[str, Any]]:
    """Read one roadmap's inputs and plan it. Runs in worker processes, each with its own database connection."""
    planning = planning_rules()
    chosen = catalogue()
    roadmap = Roadmap.objects.select_related("company", "company__region", "company__programme").get(pk=roadmap_id)
    try:
        inputs, facts = planning_inputs(roadmap, planning)
        plan = plan_roadmap(inputs, chosen, planning, facts, dimension_titles(planning.framework))
    except (NoAssessment, PlanningError) as error:
        return roadmap_id, str(error), {}
    return roadmap_id, StoredPlan.of(plan), inputs_snapshot(inputs, chosen)


def _worker_start() -> None:
    # A forked worker must not share the parent's database connection, nor its solver threads.
    connections.close_all()
    use_one_thread()


def programme_roadmaps_replan(
    programme_id: int,
    *,
    actor: User | None = None,
    workers: int = 1,
    on_progress: Callable[[int, int], None] | None = None,
) -> ReplanSummary:
    """Re-plan every roadmap in a programme (after a catalogue or planning change), storing a new version only
    where the plan changed. Reading and planning run in `workers` processes; writing stays in this one."""
    started = time.perf_counter()
    planning = planning_rules()
    chosen = catalogue()
    summary = ReplanSummary()
    roadmaps = {roadmap.pk: roadmap for roadmap in programme_roadmaps(programme_id)}
    summary.roadmaps = len(roadmaps)
    jobs = list(roadmaps)
    reason = f"Re-planned with {chosen.described} and {planning.described}"
    # Inside a transaction (the demo loader) workers could not see the uncommitted rows: plan in this process.
    if workers > 1 and len(jobs) > 1 and not connection.in_atomic_block:
        new_solver()  # the licence banner once, here, rather than once per worker
        connections.close_all()
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_start) as pool:
            results = pool.map(_plan_job, jobs, chunksize=25)
            _store_results(results, roadmaps, chosen, actor, reason, summary, len(jobs), on_progress)
    else:
        _store_results(map(_plan_job, jobs), roadmaps, chosen, actor, reason, summary, len(jobs), on_progress)
    summary.seconds = time.perf_counter() - started
    return summary


def _refuse(summary: ReplanSummary, reason: str, roadmap: Roadmap) -> None:
    summary.refused[reason] += 1
    summary.examples.setdefault(reason, roadmap.company.name)


def _store_results(
    results: Iterable[tuple[int, StoredPlan | str, dict[str, Any]]],
    roadmaps: dict[int, Roadmap],
    chosen: Catalogue,
    actor: User | None,
    reason: str,
    summary: ReplanSummary,
    total: int,
    on_progress: Callable[[int, int], None] | None,
) -> None:
    done = 0
    batch: list[tuple[int, StoredPlan | str, dict[str, Any]]] = []
    for result in results:
        batch.append(result)
        if len(batch) == 200:
            done += _store_batch(batch, roadmaps, chosen, actor, reason, summary)
            batch = []
            if on_progress:
                on_progress(done, total)
    done += _store_batch(batch, roadmaps, chosen, actor, reason, summary)
    if on_progress:
        on_progress(done, total)


@transaction.atomic
def _store_batch(
    batch: list[tuple[int, StoredPlan | str, dict[str, Any]]],
    roadmaps: dict[int, Roadmap],
    chosen: Catalogue,
    actor: User | None,
    reason: str,
    summary: ReplanSummary,
) -> int:
    for roadmap_id, outcome, snapshot in batch:
        roadmap = roadmaps[roadmap_id]
        if isinstance(outcome, str):
            _refuse(summary, outcome, roadmap)
            continue
        version = _store_version(roadmap, outcome, snapshot, chosen, actor, reason, only_if_changed=True)
        if version is None:
            summary.unchanged += 1
        else:
            summary.changed += 1
    return len(batch)


SETTINGS_FIELDS = (
    "objectives",
    "cost_profile",
    "budget_now",
    "budget_next",
    "budget_later",
    "projects_at_once",
    "electricity_kwh",
    "gas_kwh",
)


@transaction.atomic
def roadmap_settings_update(roadmap: Roadmap, *, settings: Mapping[str, Any], actor: User) -> list[str]:
    """Store the planning settings (any of SETTINGS_FIELDS); returns the names of the fields that changed."""
    values = settings
    changed = [name for name in SETTINGS_FIELDS if name in values and getattr(roadmap, name) != values[name]]
    for name in changed:
        setattr(roadmap, name, values[name])
    if changed:
        roadmap.save()
        audit_record(roadmap, action=Action.SETTINGS_CHANGED, actor=actor, comment=", ".join(changed))
    return changed


def _known(key: str) -> str:
    try:
        return catalogue().technology(key).name
    except KeyError:
        raise RoadmapError(f"“{key}” is not in the technology catalogue.") from None


@transaction.atomic
def roadmap_item_pin(roadmap: Roadmap, key: str, phase: int | None, *, actor: User) -> None:
    name = _known(key)
    if phase is not None and not 0 <= phase < len(planning_rules().phases):
        raise RoadmapError("Choose one of the three phases.")
    if roadmap.item_status.get(key) == Roadmap.ItemStatus.DONE:
        raise RoadmapError(
            f"{name} is done, so it is no longer planned. "
            "Set its status back to planned or in progress to plan it again."
        )
    roadmap.pins[key] = phase
    roadmap.exclusions = [k for k in roadmap.exclusions if k != key]
    roadmap.save()
    audit_record(
        roadmap,
        action=Action.PINNED,
        actor=actor,
        to_state="any phase" if phase is None else f"phase {phase}",
        comment=name,
    )


@transaction.atomic
def roadmap_item_unpin(roadmap: Roadmap, key: str, *, actor: User) -> None:
    name = _known(key)
    if roadmap.pins.pop(key, "absent") != "absent":
        roadmap.save()
        audit_record(roadmap, action=Action.UNPINNED, actor=actor, comment=name)


@transaction.atomic
def roadmap_item_exclude(roadmap: Roadmap, key: str, *, actor: User) -> None:
    name = _known(key)
    roadmap.pins.pop(key, None)
    if key not in roadmap.exclusions:
        roadmap.exclusions = [*roadmap.exclusions, key]
    roadmap.save()
    audit_record(roadmap, action=Action.EXCLUDED, actor=actor, comment=name)


@transaction.atomic
def roadmap_item_include(roadmap: Roadmap, key: str, *, actor: User) -> None:
    name = _known(key)
    if key in roadmap.exclusions:
        roadmap.exclusions = [k for k in roadmap.exclusions if k != key]
        roadmap.save()
        audit_record(roadmap, action=Action.INCLUDED, actor=actor, comment=name)


@transaction.atomic
def roadmap_item_status_set(roadmap: Roadmap, key: str, status: str, *, actor: User) -> None:
    name = _known(key)
    if status not in Roadmap.ItemStatus.values:
        raise RoadmapError("Choose planned, in progress or done.")
    was = roadmap.item_status.get(key, Roadmap.ItemStatus.PLANNED)
    if was == status:
        return
    roadmap.item_status[key] = status
    if status == Roadmap.ItemStatus.DONE:
        roadmap.pins.pop(key, None)  # a done item is no longer planned, so a pin on it means nothing
    roadmap.save()
    audit_record(roadmap, action=Action.PROGRESS, actor=actor, from_state=was, to_state=status, comment=name)


@transaction.atomic
def roadmap_propose(roadmap: Roadmap, version: RoadmapVersion, *, actor: User) -> None:
    """The adviser puts a version to the company to agree."""
    _agreeable(roadmap, version)
    roadmap.proposed_version = version
    roadmap.proposed_at = timezone.now()
    roadmap.proposed_by = actor
    roadmap.save()
    audit_record(roadmap, action=Action.PROPOSED, actor=actor, to_state=f"version {version.number}")


def _agreeable(roadmap: Roadmap, version: RoadmapVersion) -> None:
    if version.roadmap_id != roadmap.pk:
        raise RoadmapError("That version belongs to another roadmap.")
    if not version.items:
        raise RoadmapError("A plan with no items cannot be agreed: change the budget or the pins and plan again.")


@transaction.atomic
def roadmap_agree(
    roadmap: Roadmap,
    version: RoadmapVersion,
    *,
    actor: User,
    for_company_by: str = "",
    agreed_on: datetime.date | None = None,
) -> None:
    """Agreement by both sides: a member of the company agrees to the version its adviser proposed; or the adviser
    records an agreement the company gave outside Adopt, naming who gave it and when."""
    _agreeable(roadmap, version)
    member = CompanyMembership.objects.filter(user=actor, company_id=roadmap.company_id).exists()
    if member:
        latest = latest_version(roadmap)
        if roadmap.proposed_version_id != version.pk or latest is None or latest.pk != version.pk:
            raise RoadmapError("Your adviser has not proposed this version yet: you agree to the version they propose.")
        agreed_at = timezone.now()
        for_company_by = ""
    else:
        for_company_by = for_company_by.strip()
        if not for_company_by or agreed_on is None:
            raise RoadmapError(
                "Record who at the company agreed, and on what date: the company agrees, not its adviser."
            )
        today = timezone.localdate()
        if agreed_on > today:
            raise RoadmapError("The date the company agreed cannot be in the future.")
        planned_on = timezone.localdate(version.created_at)
        if agreed_on < planned_on:
            raise RoadmapError(
                f"Version {version.number} was planned on {planned_on:%d %B %Y}: it cannot be agreed earlier."
            )
        agreed_at = (
            timezone.now()
            if agreed_on == today
            else timezone.make_aware(datetime.datetime.combine(agreed_on, datetime.time(12)))
        )
    roadmap.agreed_version = version
    roadmap.agreed_at = agreed_at
    roadmap.agreed_by = actor
    roadmap.agreed_for_company_by = for_company_by[:150]
    roadmap.save()
    audit_record(
        roadmap,
        action=Action.AGREED,
        actor=actor,
        to_state=f"version {version.number}",
        comment=f"version {version.number}"
        + (
            f": agreed by {for_company_by} for the company on {agreed_on:%d %B %Y}, recorded by {actor}"
            if for_company_by and agreed_on
            else ""
        ),
    )
    publish(
        RoadmapAgreed(
            actor_id=actor.pk, company_id=roadmap.company_id, roadmap_id=roadmap.pk, version_number=version.number
        )
    )
