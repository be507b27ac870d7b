"""What the evaluation adds to other apps' pages: a company's baseline and treatment history on its page (for the
staff of its programme), and the estimates in the funder report."""

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from adopt.companies.models import Company
from adopt.companies.policies import is_staff_for
from adopt.evaluation.models import CompanyBaseline, OutcomeObservation
from adopt.evaluation.selectors import treatment_ledger
from adopt.evaluation.treatment import Definition
from adopt.impact.periods import Period
from adopt.programmes.models import Programme


def company_evaluation_panel(request: HttpRequest, company: Company) -> str:
    if not is_staff_for(request.user, company):
        return ""
    context = {
        "company": company,
        "baseline": CompanyBaseline.objects.filter(company=company).first(),
        "ledger": treatment_ledger(company),
        "outcomes": OutcomeObservation.objects.filter(company=company).order_by("year"),
    }
    return render_to_string("evaluation/_company_panel.html", context, request=request)


def funder_report_section(programmes: list[Programme], period: Period) -> str:
    # The estimators' statistics libraries load when a report is made, not in every process that starts.
    from adopt.evaluation.report import cached_evaluation

    today = timezone.localdate()
    evaluations = [
        cached_evaluation(programme, outcome="employees", definition=Definition.SUPPORTED, today=today)
        for programme in programmes
    ]
    return render_to_string("evaluation/_funder_section.html", {"evaluations": evaluations, "period": period})
