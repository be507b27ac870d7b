from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from adopt.companies.models import Company
from adopt.support.policies import can_record_support, can_view_support
from adopt.support.selectors import company_supported, support_hours, upcoming_bookings_of_companies


def company_support_panel(request: HttpRequest, company: Company) -> str:
    if not can_view_support(request.user, company):
        return ""
    hours = support_hours(company)
    context = {
        "company": company,
        "hours": hours,
        "verdict": company_supported(company, hours),
        "visits": upcoming_bookings_of_companies([company.pk], timezone.now()),
        "can_book": can_record_support(request.user, company),
    }
    return render_to_string("support/_company_panel.html", context, request=request)
