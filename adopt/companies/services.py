"""Every write to companies: creation, edits and the stored eligibility verdict that follows them."""

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from adopt.accounts.models import User
from adopt.companies.eligibility import Verdict
from adopt.companies.events import AdviserAssigned, CompanyMoved
from adopt.companies.models import SOURCED_FACTS, Company, Contact, FactSource, Site, SubsidyReceipt
from adopt.companies.selectors import company_verdict, place_of
from adopt.core.audit import Action, audit_record
from adopt.core.errors import DomainError
from adopt.core.events import publish
from adopt.geography.models import Area


def company_locate(company: Company) -> None:
    """Set the company's local authority and region from its registered postcode (unset when unknown)."""
    main = place_of(company.postcode).main_local_authority if company.postcode else None
    authority = Area.objects.filter(code=main).select_related("parent").first() if main else None
    company.local_authority = authority
    company.region = authority.parent if authority else None


@transaction.atomic
def company_refresh_eligibility(company: Company) -> Verdict:
    """Recompute the verdict from the company's current facts and store its overall status."""
    verdict = company_verdict(company)
    company.eligibility = verdict.overall.value
    company.eligibility_checked_at = timezone.now()
    company.save(update_fields=["eligibility", "eligibility_checked_at", "updated_at"])
    return verdict


@transaction.atomic
def company_save(
    company: Company,
    *,
    changes: Mapping[str, Any] | None = None,
    source: str | None = None,
    actor: User | None = None,
) -> Company:
    """Apply changes, locate the company and refresh its eligibility, all or nothing.

    With a `source`, each sourced fact (status, SIC codes, size) that changes is marked as coming from it; a
    change the business makes waits for an adviser's confirmation. A company moved to another programme is
    announced, since its figures now count there.
    """
    changes = changes or {}
    # Compared with what is stored: a model form has already copied the new values onto the instance.
    sourced = [f for fields in SOURCED_FACTS.values() for f in fields]
    stored = (
        Company.objects.filter(pk=company.pk).values("programme_id", "adviser_id", *sourced).first()
        if company.pk
        else None
    )
    if source is not None:
        for source_field, fields in SOURCED_FACTS.items():
            if stored is None or any(f in changes and stored[f] != changes[f] for f in fields):
                setattr(company, source_field, source)
                if source == FactSource.BUSINESS:
                    company.facts_declared_at = timezone.now()
    for field, value in changes.items():
        setattr(company, field, value)
    company_locate(company)
    company.full_clean()
    company.save()
    company_refresh_eligibility(company)
    _audit_save(company, stored, changes, actor)
    return company


def _audit_save(
    company: Company, stored: Mapping[str, Any] | None, changes: Mapping[str, Any], actor: User | None
) -> None:
    if stored is None:
        audit_record(company, action=Action.CREATED, actor=actor)
        return
    if stored["programme_id"] != company.programme_id:
        audit_record(
            company,
            action=Action.MOVED,
            actor=actor,
            from_state=str(stored["programme_id"]),
            to_state=str(company.programme_id),
        )
        publish(
            CompanyMoved(
                actor_id=actor.pk if actor else None,
                company_id=company.pk,
                from_programme_id=stored["programme_id"],
                to_programme_id=company.programme_id,
            )
        )
    if stored["adviser_id"] != company.adviser_id:
        audit_record(
            company,
            action=Action.ADVISER_ASSIGNED,
            actor=actor,
            from_state=str(stored["adviser_id"] or ""),
            to_state=str(company.adviser_id or ""),
        )
        if company.adviser_id is not None:
            publish(
                AdviserAssigned(
                    actor_id=actor.pk if actor else None, company_id=company.pk, adviser_id=company.adviser_id
                )
            )
    others = sorted(set(changes) - {"programme", "adviser"})
    if others:
        audit_record(company, action=Action.CHANGED, actor=actor, comment=", ".join(others))


class FactsChanged(Exception):
    """The business changed its facts after the adviser looked at them."""


@transaction.atomic
def company_confirm_facts(company: Company, *, actor: User, seen_declared_at: str) -> Verdict:
    """An adviser confirms what the business declared: those facts now count as recorded by programme staff.

    `seen_declared_at` is when the declaration the adviser looked at was made; a newer one is not confirmed
    unseen.
    """
    company = Company.objects.select_for_update().get(pk=company.pk)
    declared = company.facts_declared_at.isoformat() if company.facts_declared_at else ""
    if declared != seen_declared_at:
        raise FactsChanged
    confirmed = company.declared_facts
    for source_field in SOURCED_FACTS:
        if getattr(company, source_field) == FactSource.BUSINESS:
            setattr(company, source_field, FactSource.ADVISER)
    company.facts_declared_at = None
    company.save(update_fields=[*SOURCED_FACTS, "facts_declared_at", "updated_at"])
    audit_record(
        company,
        action=Action.FACTS_CONFIRMED,
        actor=actor,
        comment="Confirmed as declared by the business: " + ", ".join(confirmed),
    )
    return company_refresh_eligibility(company)


@transaction.atomic
def subsidy_declare(company: Company, *, receipts: list[SubsidyReceipt], declared_on: datetime.date) -> Verdict:
    """Record the subsidies a company declares (possibly none) and recheck its eligibility."""
    for receipt in receipts:
        receipt.company = company
        receipt.full_clean()
        receipt.save()
    company.subsidy_declared_on = declared_on
    company.save(update_fields=["subsidy_declared_on", "updated_at"])
    return company_refresh_eligibility(company)


@transaction.atomic
def site_add(company: Company, site: Site) -> Verdict:
    site.company = company
    site.full_clean()
    site.save()
    return company_refresh_eligibility(company)


@transaction.atomic
def site_remove(company: Company, site_id: int) -> Verdict:
    company.sites.filter(pk=site_id).delete()
    return company_refresh_eligibility(company)


@transaction.atomic
def contact_add(company: Company, contact: Contact) -> Contact:
    contact.company = company
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def contact_remove(company: Company, contact_id: int) -> None:
    company.contacts.filter(pk=contact_id).delete()


class NextActionRefused(DomainError):
    """A next action that cannot be set as asked."""


def company_contacted(company_id: int, at: datetime.datetime) -> None:
    """Move the company's last contact forward to `at`; an older contact recorded late leaves it as it is."""
    Company.objects.filter(pk=company_id).filter(Q(last_contact_at__isnull=True) | Q(last_contact_at__lt=at)).update(
        last_contact_at=at
    )


@transaction.atomic
def company_next_action_set(company: Company, *, text: str, due: datetime.date | None, actor: User) -> None:
    """What the adviser does next for the company and by when; an empty text clears it."""
    text = text.strip()
    if text and due is None:
        raise NextActionRefused("Say by when the next action is due.")
    if not text:
        due = None
    company.next_action, company.next_action_due = text, due
    Company.objects.filter(pk=company.pk).update(next_action=text, next_action_due=due, updated_at=timezone.now())
    said = f"{text}, due {due:%-d %B %Y}" if text and due else "cleared"
    audit_record(company, action=Action.CHANGED, actor=actor, comment=f"Next action: {said}")
