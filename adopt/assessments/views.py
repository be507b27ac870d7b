from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from adopt.accounts.models import User
from adopt.accounts.requests import person_of
from adopt.assessments import selectors
from adopt.assessments.answers import answered_sections
from adopt.assessments.charts import radar
from adopt.assessments.forms import question_views, read_section
from adopt.assessments.frameworks import Framework, FrameworkError, framework, framework_for
from adopt.assessments.models import Assessment
from adopt.assessments.policies import can_answer, can_start, visible_assessments
from adopt.assessments.scoring import AnswerError
from adopt.assessments.sections import sections_of
from adopt.assessments.services import assessment_save_answers, assessment_start, assessment_submit
from adopt.companies.models import CompanyMembership
from adopt.companies.policies import visible_companies


@login_required
@require_POST
def assessment_begin(request: HttpRequest, company_pk: int, framework_key: str) -> HttpResponse:
    company = get_object_or_404(visible_companies(request.user), pk=company_pk)
    try:
        chosen = framework(framework_key)
    except FrameworkError:
        raise Http404("No such framework") from None
    if not can_start(request.user, company, chosen) or not isinstance(request.user, User):
        raise PermissionDenied
    assessment = assessment_start(company=company, framework=chosen, actor=request.user)
    return redirect("assessments:section", pk=assessment.pk, number=1)


@login_required
def assessment_section(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    assessment = get_object_or_404(visible_assessments(request.user).select_related("company"), pk=pk)
    chosen = framework_for(assessment)
    if not can_answer(request.user, assessment, chosen):
        return redirect("assessments:detail", pk=assessment.pk)
    sections = sections_of(chosen)
    if not 1 <= number <= len(sections):
        raise Http404("No such section")
    section = sections[number - 1]
    posted = read_section(section, request.POST, chosen.mode == "adviser") if request.method == "POST" else None
    if posted and not posted.errors:
        assessment_save_answers(assessment, answers=posted.answers, evidence=posted.evidence, cleared=posted.cleared)
        if request.POST.get("then") == "later":
            messages.success(request, "Your answers are saved. You can come back to them at any time.")
            return redirect("companies:company-detail", pk=assessment.company_id)
        if number < len(sections):
            return redirect("assessments:section", pk=assessment.pk, number=number + 1)
        return redirect("assessments:review", pk=assessment.pk)
    context = {
        "assessment": assessment,
        "framework": chosen,
        "section": section,
        "sections": sections,
        "dimensions": question_views(
            section, {**assessment.answers, **(posted.answers if posted else {})}, posted.errors if posted else {}
        ),
        "errors": posted.errors if posted else {},
        "evidence": {**assessment.evidence, **(posted.evidence if posted else {})},
    }
    return render(request, "assessments/section.html", context, status=400 if posted else 200)


@login_required
def assessment_review(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_object_or_404(visible_assessments(request.user).select_related("company"), pk=pk)
    chosen = framework_for(assessment)
    if not can_answer(request.user, assessment, chosen):
        return redirect("assessments:detail", pk=assessment.pk)
    missing = selectors.missing_questions(assessment, chosen)
    if request.method == "POST" and not missing:
        try:
            assessment_submit(assessment, actor=person_of(request))
        except AnswerError as error:
            messages.error(request, str(error))
        else:
            return redirect("assessments:detail", pk=assessment.pk)
    sections = sections_of(chosen)
    context = {
        "assessment": assessment,
        "framework": chosen,
        "missing": missing,
        "sections": sections,
        "answered": answered_sections(sections, assessment.answers),
    }
    return render(request, "assessments/review.html", context, status=400 if request.method == "POST" else 200)


@require_safe
@login_required
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_object_or_404(visible_assessments(request.user).select_related("company__region"), pk=pk)
    chosen = framework_for(assessment)
    if assessment.status == Assessment.Status.DRAFT:
        if can_answer(request.user, assessment, chosen):
            return redirect("assessments:review", pk=assessment.pk)
        raise Http404("This assessment has not been submitted yet.")
    member = CompanyMembership.objects.filter(user=person_of(request), company_id=assessment.company_id).exists()
    return render(request, "assessments/results.html", {**results_context(assessment, chosen), "for_company": member})


def results_context(assessment: Assessment, framework_: Framework) -> dict[str, object]:
    rows = [(d, assessment.dimension_scores.get(d.key, 0.0)) for d in framework_.dimensions]
    ranked = sorted(rows, key=lambda row: row[1])
    previous = selectors.previous_assessment(assessment)
    baseline = selectors.baseline_assessment(assessment)
    series = [("This assessment", [score for _, score in rows], "adopt-radar__now")]
    if baseline:
        series.insert(
            0, ("Baseline", [baseline.dimension_scores.get(d.key, 0.0) for d, _ in rows], "adopt-radar__before")
        )
    return {
        "assessment": assessment,
        "framework": framework_,
        "rows": [(d, score, framework_.band_for(score)) for d, score in rows],
        "overall_band": framework_.band_for(float(assessment.overall_score or 0)),
        "strongest": ranked[-1][0],
        "weakest": ranked[0][0],
        "chart": radar([d.title for d, _ in rows], series),
        "changes_since_previous": selectors.changes_since(assessment, previous, framework_) if previous else None,
        "changes_since_baseline": selectors.changes_since(assessment, baseline, framework_) if baseline else None,
        "previous": previous,
        "baseline": baseline,
        "benchmark": selectors.peer_benchmark(assessment),
    }
