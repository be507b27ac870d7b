"""Keep each company's milestones in step with the facts they are derived from.

Bulk loads (`bulk_create`, `update`) send no signals; they call `services.refresh_milestones` when done. A
load that saves row by row can pause the refreshes with `milestones_paused()` and refresh once at the end.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save

from adopt.assessments.models import Assessment
from adopt.companies.models import Company
from adopt.funding.models import GrantApplication, LedgerEntry
from adopt.impact.services import refresh_milestones
from adopt.roadmaps.models import Roadmap
from adopt.support.models import SupportedRule, SupportEntry

_paused: ContextVar[bool] = ContextVar("milestones_paused", default=False)


@contextmanager
def milestones_paused() -> Iterator[None]:
    """Skip the per-row refreshes inside the block; the caller refreshes the companies it touched afterwards."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def _companies_being_deleted(origin: Any) -> bool:
    """Whether a delete cascades from companies, whose milestones go with them and must not be written again."""
    model = origin.model if isinstance(origin, QuerySet) else type(origin)
    return model is Company


def _company_changed(sender: type, instance: Any, origin: Any = None, **kwargs: Any) -> None:
    if _paused.get() or (origin is not None and _companies_being_deleted(origin)):
        return
    refresh_milestones([instance.company_id])


def _ledger_changed(sender: type, instance: LedgerEntry, origin: Any = None, **kwargs: Any) -> None:
    if _paused.get() or (origin is not None and _companies_being_deleted(origin)):
        return
    if instance.kind == LedgerEntry.Kind.PAYMENT:
        refresh_milestones(
            GrantApplication.objects.filter(pk=instance.application_id).values_list("company_id", flat=True)
        )


def _rule_changed(sender: type, instance: SupportedRule, origin: Any = None, **kwargs: Any) -> None:
    if _paused.get() or (origin is not None and not isinstance(origin, SupportedRule)):
        return  # the programme itself is going, and its companies with it
    refresh_milestones(instance.programme.companies.values_list("pk", flat=True))


def connect() -> None:
    for model in (SupportEntry, Assessment, Roadmap):
        post_save.connect(_company_changed, sender=model, dispatch_uid=f"milestones-{model.__name__}-save")
        post_delete.connect(_company_changed, sender=model, dispatch_uid=f"milestones-{model.__name__}-delete")
    post_save.connect(_ledger_changed, sender=LedgerEntry, dispatch_uid="milestones-ledger-save")
    post_delete.connect(_ledger_changed, sender=LedgerEntry, dispatch_uid="milestones-ledger-delete")
    post_save.connect(_rule_changed, sender=SupportedRule, dispatch_uid="milestones-rule-save")
    post_delete.connect(_rule_changed, sender=SupportedRule, dispatch_uid="milestones-rule-delete")
