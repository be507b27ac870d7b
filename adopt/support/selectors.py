from decimal import Decimal

from django.db.models import QuerySet, Sum

from adopt.companies.models import Company
from adopt.roadmaps.models import Roadmap
from adopt.support.models import Internship, SupportedRule, SupportEntry, UpskilledRole
from adopt.support.rules import SupportedRuleFacts, SupportedVerdict, supported_verdict


def support_entries(company: Company) -> QuerySet[SupportEntry]:
    return company.support_entries.select_related("adviser").order_by("-delivered_on", "-pk")


def upskilled_roles(company: Company) -> QuerySet[UpskilledRole]:
    return company.upskilled_roles.order_by("-completed_on", "-pk")


def internships(company: Company) -> QuerySet[Internship]:
    return company.internships.order_by("-starts_on", "-pk")


def support_hours(company: Company) -> Decimal:
    return company.support_entries.aggregate(total=Sum("hours"))["total"] or Decimal(0)


def rule_for(programme_id: int) -> SupportedRuleFacts:
    rule = SupportedRule.objects.filter(programme_id=programme_id).first()
    if rule is None:
        return SupportedRuleFacts()
    return SupportedRuleFacts(rule.minimum_hours, rule.roadmap_counts)


def company_supported(company: Company) -> SupportedVerdict:
    agreed = Roadmap.objects.filter(company=company, agreed_version__isnull=False).exists()
    return supported_verdict(support_hours(company), agreed, rule_for(company.programme_id))
