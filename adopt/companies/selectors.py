from django.db.models import Count, Q, QuerySet

from adopt.companies.models import Company, CompanyMembership


def companies_for_list(companies: QuerySet[Company]) -> QuerySet[Company]:
    return (
        companies.select_related("programme", "adviser")
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("name")
    )


def company_members(company: Company) -> QuerySet[CompanyMembership]:
    return company.memberships.select_related("user").order_by("user__full_name")


def search_companies(companies: QuerySet[Company], query: str) -> QuerySet[Company]:
    """Companies whose name contains the query, or whose Companies House number starts with it."""
    query = query.strip()
    if not query:
        return companies
    return companies.filter(Q(name__icontains=query) | Q(companies_house_number__istartswith=query))
