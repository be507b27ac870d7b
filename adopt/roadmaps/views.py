from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from adopt.accounts.models import User
from adopt.companies.models import Company
from adopt.companies.policies import visible_companies
from adopt.funding.policies import can_apply_for
from adopt.roadmaps import policies, selectors, services
from adopt.roadmaps.catalogue import Technology, catalogue, planning_rules
from adopt.roadmaps.forms import AgreementForm, ItemActionForm, ProgressForm, RoadmapSettingsForm
from adopt.roadmaps.models import Roadmap
from adopt.roadmaps.pdf import roadmap_pdf
from adopt.roadmaps.versions import plan_differences


def _company(request: HttpRequest, company_pk: int) -> Company:
    return get_object_or_404(
        visible_companies(request.user).select_related("programme", "adviser", "region"), pk=company_pk
    )


def _staff(request: HttpRequest, company: Company) -> User:
    if not policies.can_plan_roadmap(request.user, company) or not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def _page_context(request: HttpRequest, company: Company, form: RoadmapSettingsForm | None = None) -> dict[str, object]:
    roadmap = selectors.roadmap_for(company)
    version = selectors.latest_version(roadmap) if roadmap else None
    can_plan = policies.can_plan_roadmap(request.user, company)
    context: dict[str, object] = {
        "company": company,
        "roadmap": roadmap,
        "version": version,
        "can_plan": can_plan,
        "can_update": policies.can_update_progress(request.user, company),
        "can_apply": can_apply_for(request.user, company.pk, company.programme_id),
        "document": selectors.roadmap_document(roadmap, version) if roadmap and version else None,
        "phase_choices": [(i, p.title) for i, p in enumerate(planning_rules().phases)],
        "status_choices": Roadmap.ItemStatus.choices,
    }
    if can_plan:
        initial = RoadmapSettingsForm.initial_from(roadmap or Roadmap(company=company))
        first = roadmap is None
        if first:
            planning = planning_rules()
            budgets = selectors.starting_budgets_for(company, planning)
            initial |= dict(zip(("budget_now", "budget_next", "budget_later"), budgets, strict=True))
        settings_form = form or RoadmapSettingsForm(initial=initial)
        if first and form is None:
            settings_form.fields["budget_now"].help_text = (
                "A starting point: typical projects for a company of its size, less the grant the programme's scheme "
                "would pay. Change each phase to what the company can put in itself."
            )
        context["form"] = settings_form
    return context


@require_safe
@login_required
def roadmap_detail(request: HttpRequest, company_pk: int) -> HttpResponse:
    company = _company(request, company_pk)
    return render(request, "roadmaps/roadmap.html", _page_context(request, company))


def _after_change(request: HttpRequest, company: Company, status: int = 200) -> HttpResponse:
    """The re-planned roadmap: just the plan for htmx, else the whole page."""
    if request.headers.get("HX-Request"):
        return render(
            request, "roadmaps/_plan.html", {**_page_context(request, company), "partial": True}, status=status
        )
    return redirect("roadmaps:roadmap", company_pk=company.pk)


@login_required
@require_POST
def roadmap_plan(request: HttpRequest, company_pk: int) -> HttpResponse:
    company = _company(request, company_pk)
    actor = _staff(request, company)
    form = RoadmapSettingsForm(request.POST)
    if not form.is_valid():
        partial = bool(request.headers.get("HX-Request"))
        template = "roadmaps/_plan.html" if partial else "roadmaps/roadmap.html"
        return render(request, template, {**_page_context(request, company, form), "partial": partial}, status=422)
    roadmap = services.roadmap_of(company)
    services.roadmap_settings_update(roadmap, settings=form.settings(), actor=actor)
    return _replan(request, company, roadmap, actor, "Settings changed and re-planned")


def _replan(
    request: HttpRequest, company: Company, roadmap: Roadmap, actor: User, reason: str, *, keep: bool = False
) -> HttpResponse:
    moved: list[str] = []
    try:
        if keep:
            version, moved = services.roadmap_replan_keeping(roadmap, actor=actor, reason=reason)
        else:
            version = services.roadmap_replan(roadmap, actor=actor, reason=reason)
    except services.RoadmapError as error:
        messages.error(request, str(error))
        return _after_change(request, company, status=422)
    if version is not None:
        settled = f" {'; '.join(moved)}." if moved else " Nothing else moved." if keep else ""
        messages.success(request, f"Planned: version {version.number}, {version.items} items.{settled}")
    return _after_change(request, company)


ACTION_WORDS = {"pin": "Pinned", "unpin": "Unpinned", "exclude": "Dropped", "include": "Allowed again"}


@login_required
@require_POST
def roadmap_item(request: HttpRequest, company_pk: int, key: str) -> HttpResponse:
    company = _company(request, company_pk)
    actor = _staff(request, company)
    form = ItemActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose pin, unpin, drop or allow again.")
        return _after_change(request, company, status=422)
    roadmap = services.roadmap_of(company)
    action = form.cleaned_data["action"]
    try:
        name = catalogue().technology(key).name
    except KeyError:
        raise Http404("No such technology") from None
    try:
        if action == "pin":
            services.roadmap_item_pin(roadmap, key, form.phase_index(), actor=actor)
        elif action == "unpin":
            services.roadmap_item_unpin(roadmap, key, actor=actor)
        elif action == "exclude":
            services.roadmap_item_exclude(roadmap, key, actor=actor)
        else:
            services.roadmap_item_include(roadmap, key, actor=actor)
    except services.RoadmapError as error:
        messages.error(request, str(error))
        return _after_change(request, company, status=422)
    return _replan(request, company, roadmap, actor, f"{ACTION_WORDS[action]}: {name}", keep=True)


@login_required
@require_POST
def roadmap_progress(request: HttpRequest, company_pk: int, key: str) -> HttpResponse:
    company = _company(request, company_pk)
    if not policies.can_update_progress(request.user, company) or not isinstance(request.user, User):
        raise PermissionDenied
    roadmap = selectors.roadmap_for(company)
    form = ProgressForm(request.POST)
    if roadmap is None or not form.is_valid():
        messages.error(request, "Choose planned, in progress or done.")
        return _after_change(request, company, status=422)
    try:
        services.roadmap_item_status_set(roadmap, key, form.cleaned_data["status"], actor=request.user)
    except services.RoadmapError as error:
        raise Http404(str(error)) from None
    return _after_change(request, company)


@login_required
@require_POST
def roadmap_agree(request: HttpRequest, company_pk: int, number: int) -> HttpResponse:
    company = _company(request, company_pk)
    if not policies.can_agree_roadmap(request.user, company) or not isinstance(request.user, User):
        raise PermissionDenied
    roadmap = selectors.roadmap_for(company)
    if roadmap is None:
        raise Http404("No roadmap yet")
    version = get_object_or_404(roadmap.versions, number=number)
    form = AgreementForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("roadmaps:roadmap", company_pk=company.pk)
    try:
        services.roadmap_agree(
            roadmap,
            version,
            actor=request.user,
            for_company_by=form.cleaned_data["person"] or "",
            agreed_on=form.cleaned_data["agreed_on"],
        )
    except services.RoadmapError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Version {version.number} is agreed.")
    return redirect("roadmaps:roadmap", company_pk=company.pk)


@login_required
@require_POST
def roadmap_propose(request: HttpRequest, company_pk: int, number: int) -> HttpResponse:
    company = _company(request, company_pk)
    actor = _staff(request, company)
    roadmap = selectors.roadmap_for(company)
    if roadmap is None:
        raise Http404("No roadmap yet")
    version = get_object_or_404(roadmap.versions, number=number)
    try:
        services.roadmap_propose(roadmap, version, actor=actor)
    except services.RoadmapError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Version {version.number} is proposed: the company is asked to agree it.")
    return redirect("roadmaps:roadmap", company_pk=company.pk)


@require_safe
@login_required
def roadmap_versions(request: HttpRequest, company_pk: int) -> HttpResponse:
    company = _company(request, company_pk)
    roadmap = selectors.roadmap_for(company)
    versions = list(selectors.roadmap_versions(roadmap)) if roadmap else []
    by_number = {v.number: v for v in versions}
    differences = None
    before = after = None
    if len(versions) >= 2:
        try:
            after = by_number[int(request.GET.get("to", versions[0].number))]
            before = by_number[int(request.GET.get("from", after.number - 1))]
        except (KeyError, ValueError):
            return render(
                request, "roadmaps/versions.html", {"company": company, "versions": versions, "bad": True}, status=422
            )
        differences = plan_differences(before.inputs, before.plan, after.inputs, after.plan)
    context = {"company": company, "versions": versions, "differences": differences, "before": before, "after": after}
    return render(request, "roadmaps/versions.html", context)


@require_safe
@login_required
def roadmap_pdf_download(request: HttpRequest, company_pk: int) -> HttpResponse:
    company = _company(request, company_pk)
    roadmap = selectors.roadmap_for(company)
    version = selectors.latest_version(roadmap) if roadmap else None
    if roadmap is None or version is None:
        raise Http404("No roadmap has been planned yet")
    pdf = roadmap_pdf({"document": selectors.roadmap_document(roadmap, version)})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="roadmap-{company.pk}-v{version.number}.pdf"'
    return response


@require_safe
def technology_catalogue(request: HttpRequest) -> HttpResponse:
    chosen = catalogue()
    dimension_titles = services.dimension_titles(chosen.framework)
    names = {item.key: item.name for item in chosen.technologies}
    # Sources are numbered for the reader; their keys are the file's own.
    source_numbers = {key: number for number, key in enumerate(chosen.sources, start=1)}

    def row(item: Technology) -> dict[str, object]:
        needs = [names.get(key, key) for key in item.prerequisites.items] + [
            f"{dimension_titles.get(key, key)} at level {level} or above"
            for key, level in item.prerequisites.minimum_levels.items()
        ]
        raises = [f"{dimension_titles.get(key, key)} +{amount}" for key, amount in item.raises.items()]
        benefits = [
            f"{kind.replace('_', ' ').capitalize()} {benefit.low}–{benefit.high}% "
            f"(source {source_numbers.get(benefit.source, benefit.source)})"
            for kind, benefit in item.benefits.items()
        ]
        return {"item": item, "needs": needs, "raises": raises, "benefits": benefits}

    groups = [
        (title, [row(item) for item in chosen.technologies if item.category == key])
        for key, title in chosen.categories.items()
    ]
    context = {
        "catalogue": chosen,
        "groups": groups,
        "planning": planning_rules(),
        "can_publish": policies.can_publish_catalogue(request.user),
    }
    return render(request, "roadmaps/catalogue.html", context)
