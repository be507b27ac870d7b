from django.http import HttpRequest
from django.template.loader import render_to_string

from adopt.companies.models import Company
from adopt.notifications.policies import can_see_company_messages
from adopt.notifications.selectors import recent_messages

PANEL_MESSAGES = 5


def company_messages_panel(request: HttpRequest, company: Company) -> str:
    if not can_see_company_messages(request.user, company):
        return ""
    context = {"company": company, "messages_sent": recent_messages(company, PANEL_MESSAGES)}
    return render_to_string("notifications/_company_panel.html", context, request=request)
