"""Every company has someone: a company that arrives without an adviser (a sign-up, a claim, an enquiry, an import)
is given one by its programme's rule, or waits in the programme's unassigned queue and the managers are told.

In turn means the adviser with the fewest companies in the programme, then the one who joined first, so a new
adviser catches up before the rotation moves on. By local authority uses the adviser named for the company's
local authority, if they still advise in the programme, and takes the rest in turn. A manager can always assign
by hand, whatever the rule."""

from collections import Counter

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from adopt.accounts.models import User
from adopt.companies.events import CompanyWaiting
from adopt.companies.models import AdviserPatch, AssignmentRule, Company
from adopt.companies.services import company_save
from adopt.core.audit import Action, audit_record, audit_record_many
from adopt.core.events import publish
from adopt.geography.models import Area
from adopt.geography.selectors import local_authority_codes_within
from adopt.programmes.models import Programme, ProgrammeStaff

Method = AssignmentRule.Method


def rule_of(programme: Programme) -> AssignmentRule:
    """The programme's rule; by hand until a manager chooses another."""
    return AssignmentRule.objects.filter(programme=programme).first() or AssignmentRule(programme=programme)


def programme_advisers(programme_id: int) -> list[User]:
    return list(
        User.objects.filter(
            programme_roles__programme_id=programme_id,
            programme_roles__role=ProgrammeStaff.Role.ADVISER,
            is_active=True,
            is_service_account=False,
        )
        .distinct()
        .order_by("full_name", "pk")
    )


def caseload_counts(programme_id: int) -> Counter[int]:
    counted = (
        Company.objects.filter(programme_id=programme_id, adviser__isnull=False)
        .values("adviser_id")
        .annotate(n=Count("pk"))
    )
    return Counter({row["adviser_id"]: row["n"] for row in counted})


class Chooser:
    """Picks advisers for one programme's companies under its rule, keeping count as it goes."""

    def __init__(self, programme: Programme) -> None:
        self.rule = rule_of(programme)
        self.advisers = programme_advisers(programme.pk)
        self.counts = caseload_counts(programme.pk)
        by_pk = {adviser.pk: adviser for adviser in self.advisers}
        self.patches = {
            patch.local_authority_id: by_pk[patch.adviser_id]
            for patch in AdviserPatch.objects.filter(programme=programme)
            if patch.adviser_id in by_pk
        }

    def adviser_for(self, company: Company) -> User | None:
        if self.rule.method == Method.MANUAL or not self.advisers:
            return None
        chosen = None
        if self.rule.method == Method.BY_LOCAL_AUTHORITY and company.local_authority_id is not None:
            chosen = self.patches.get(company.local_authority_id)
        if chosen is None:
            chosen = min(self.advisers, key=lambda adviser: self.counts[adviser.pk])
        self.counts[chosen.pk] += 1
        return chosen


@transaction.atomic
def company_route(company: Company, *, how: str, actor: User | None, told: bool = False) -> User | None:
    """Give a company without an adviser one by its programme's rule; else it waits and the programme is told,
    unless the caller's own message (`told`) already says so."""
    if company.adviser_id is not None:
        return company.adviser
    locked = Company.objects.select_for_update(of=("self",)).filter(pk=company.pk, adviser__isnull=True).first()
    if locked is None:  # someone gave it an adviser meanwhile
        company.refresh_from_db()
        return company.adviser
    adviser = Chooser(company.programme).adviser_for(company)
    if adviser is not None:
        company_save(company, changes={"adviser": adviser}, actor=actor)
        return adviser
    if told:
        return None
    publish(
        CompanyWaiting(
            actor_id=actor.pk if actor else None, company_id=company.pk, programme_id=company.programme_id, how=how
        )
    )
    return None


def queue_route(programme: Programme, *, actor: User | None) -> tuple[int, int]:
    """Apply the rule to every company waiting in the programme's queue, in bulk (an import can bring thousands);
    returns (given an adviser, still waiting). Each adviser sees theirs on their caseload; nobody is mailed per
    company."""
    chooser = Chooser(programme)
    if chooser.rule.method == Method.MANUAL or not chooser.advisers:
        return 0, unassigned_companies(programme).count()
    chosen: dict[int, list[int]] = {}
    waiting = 0
    for company in unassigned_companies(programme).only("pk", "local_authority_id").iterator(chunk_size=2000):
        adviser = chooser.adviser_for(company)
        if adviser is None:
            waiting += 1
        else:
            chosen.setdefault(adviser.pk, []).append(company.pk)
    assigned = 0
    now = timezone.now()
    for adviser_id, ids in chosen.items():
        for start in range(0, len(ids), 2000):
            batch = ids[start : start + 2000]
            with transaction.atomic():
                moved = list(
                    Company.objects.select_for_update()
                    .filter(pk__in=batch, adviser__isnull=True)
                    .values_list("pk", flat=True)
                )
                Company.objects.filter(pk__in=moved).update(adviser_id=adviser_id, updated_at=now)
                audit_record_many(
                    Company,
                    moved,
                    action=Action.ADVISER_ASSIGNED,
                    actor=actor,
                    to_state=str(adviser_id),
                    comment=f"By the programme's rule: {chooser.rule.get_method_display()}",
                )
            assigned += len(moved)
    return assigned, waiting


def unassigned_companies(programme: Programme) -> QuerySet[Company]:
    return Company.objects.filter(programme=programme, adviser__isnull=True).order_by("created_at", "pk")


@transaction.atomic
def rule_set(programme: Programme, *, method: str, patches: dict[int, User | None], actor: User) -> AssignmentRule:
    """Choose the programme's rule and the adviser for each local authority (None: in turn)."""
    advisers = {adviser.pk for adviser in programme_advisers(programme.pk)}
    rule, _ = AssignmentRule.objects.update_or_create(programme=programme, defaults={"method": method})
    for local_authority_id, adviser in patches.items():
        if adviser is None:
            AdviserPatch.objects.filter(programme=programme, local_authority_id=local_authority_id).delete()
        elif adviser.pk in advisers:
            AdviserPatch.objects.update_or_create(
                programme=programme, local_authority_id=local_authority_id, defaults={"adviser": adviser}
            )
    audit_record(programme, action=Action.CHANGED, actor=actor, comment=f"Assignment: {rule.get_method_display()}")
    return rule


def programme_local_authorities(programme: Programme) -> list[Area]:
    """The local authorities the programme serves, by name."""
    codes = local_authority_codes_within(programme.areas.all())
    return list(Area.objects.filter(level=Area.Level.LOCAL_AUTHORITY, code__in=codes).order_by("name"))


def unassigned_counts(programmes: list[Programme]) -> dict[int, int]:
    rows = (
        Company.objects.filter(programme__in=programmes)
        .values("programme_id")
        .annotate(n=Count("pk", filter=Q(adviser__isnull=True)))
    )
    return {row["programme_id"]: row["n"] for row in rows}
