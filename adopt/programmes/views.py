from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from adopt.core.panels import programme_page_panels
from adopt.programmes import selectors
from adopt.programmes.policies import can_list_programmes, can_view_programme_staff, visible_programmes


@require_safe
@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    if not can_list_programmes(request.user):
        raise PermissionDenied
    programmes = selectors.programmes_with_counts(visible_programmes(request.user))
    return render(request, "programmes/programme_list.html", {"programmes": programmes})


@require_safe
@login_required
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(selectors.programmes_with_counts(visible_programmes(request.user)), slug=slug)
    show_staff = can_view_programme_staff(request.user, programme)
    context = {
        "programme": programme,
        "targets": selectors.programme_targets(programme),
        "staff": selectors.programme_staff(programme) if show_staff else None,
        "panels": programme_page_panels.render_all(request, programme),
    }
    return render(request, "programmes/programme_detail.html", context)
