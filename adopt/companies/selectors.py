from django.db.models import Count, QuerySet

from adopt.companies.models import Company, CompanyMembership


def companies_for_list(companies: QuerySet[Company]) -> QuerySet[Company]:
    return (
        companies.select_related("programme", "adviser")
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("name")
    )


def company_members(company: Company) -> QuerySet[CompanyMembership]:
    return company.memberships.select_related("user").order_by("user__full_name")
