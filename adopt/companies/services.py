"""Every write to companies: creation, edits and the stored eligibility verdict that follows them."""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from adopt.companies.eligibility import Verdict
from adopt.companies.models import Company, Contact, Site, SubsidyReceipt
from adopt.companies.selectors import company_verdict, place_of
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
    company.save(update_fields=["eligibility", "eligibility_checked_at"])
    return verdict


@transaction.atomic
def company_save(company: Company, **changes: Any) -> Company:
    """Apply changes, locate the company and refresh its eligibility, all or nothing."""
    for field, value in changes.items():
        setattr(company, field, value)
    company_locate(company)
    company.full_clean()
    company.save()
    company_refresh_eligibility(company)
    return company


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
