from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from adopt.accounts.requests import person_of
from adopt.core.panels import programme_page_panels
from adopt.programmes import selectors, setup
from adopt.programmes.forms import AreasForm, ProgrammeForm, TargetsForm
from adopt.programmes.models import Programme
from adopt.programmes.policies import (
    can_create_programme,
    can_list_programmes,
    can_set_up_programme,
    can_view_programme_staff,
    visible_programmes,
)


@require_safe
@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    if not can_list_programmes(request.user):
        raise PermissionDenied
    programmes = selectors.programmes_with_counts(visible_programmes(request.user))
    context = {"programmes": programmes, "can_create": can_create_programme(request.user)}
    return render(request, "programmes/programme_list.html", context)


@require_safe
@login_required
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(selectors.programmes_with_counts(visible_programmes(request.user)), slug=slug)
    show_staff = can_view_programme_staff(request.user, programme)
    context = {
        "programme": programme,
        "targets": selectors.programme_targets(programme),
        "year_targets": selectors.programme_year_targets(programme),
        "staff": selectors.programme_staff(programme) if show_staff else None,
        "panels": programme_page_panels.render_all(request, programme),
        "can_set_up": can_set_up_programme(request.user, programme),
    }
    return render(request, "programmes/programme_detail.html", context)


@login_required
def programme_new(request: HttpRequest) -> HttpResponse:
    if not can_create_programme(request.user):
        raise PermissionDenied
    form = ProgrammeForm(request.POST or None, creating=True)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            programme = setup.programme_create(actor=person_of(request), **data)
        except setup.SetupRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{programme.name} is set up. Choose the areas it serves.")
            return redirect("programmes:programme-areas", slug=programme.slug)
    return render(request, "programmes/programme_form.html", {"form": form, "programme": None})


def _programme_to_set_up(request: HttpRequest, slug: str) -> Programme:
    programme = get_object_or_404(Programme.objects.select_related("region"), slug=slug)
    if not can_set_up_programme(request.user, programme):
        raise PermissionDenied
    return programme


@login_required
def programme_edit(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _programme_to_set_up(request, slug)
    form = ProgrammeForm(request.POST or None, instance=Programme.objects.get(pk=programme.pk), creating=False)
    if request.method == "POST" and form.is_valid():
        try:
            changed = setup.programme_update(programme, actor=person_of(request), **form.cleaned_data)
        except setup.SetupRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Changed: {', '.join(changed)}." if changed else "Nothing needed changing.")
            return redirect("programmes:programme-detail", slug=programme.slug)
    return render(request, "programmes/programme_form.html", {"form": form, "programme": programme})


@login_required
def programme_areas(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _programme_to_set_up(request, slug)
    choices = setup.choosable_areas(programme)
    form = AreasForm(
        request.POST or None,
        choices=choices,
        initial={"areas": [str(pk) for pk in programme.areas.values_list("pk", flat=True)]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            setup.programme_areas_set(programme, form.chosen_areas(), actor=person_of(request))
        except setup.SetupRefused as error:
            form.add_error("areas", str(error))
        else:
            messages.success(request, "The areas the programme serves are saved.")
            return redirect("programmes:programme-detail", slug=programme.slug)
    return render(request, "programmes/programme_areas.html", {"form": form, "programme": programme})


@login_required
def programme_targets(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _programme_to_set_up(request, slug)
    current = {f"{t.metric}__{t.year or 'all'}": t.value for t in programme.targets.all()}
    form = TargetsForm(request.POST or None, initial=current, years=setup.programme_years(programme))
    if request.method == "POST" and form.is_valid():
        setup.programme_targets_set(programme, form.targets(), actor=person_of(request))
        messages.success(request, "The programme's targets are saved.")
        return redirect("programmes:programme-detail", slug=programme.slug)
    return render(request, "programmes/programme_targets.html", {"form": form, "programme": programme})
