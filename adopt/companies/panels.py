from django.http import HttpRequest
from django.template.loader import render_to_string

from adopt.companies import assignment
from adopt.companies.policies import can_see_queue, can_set_assignment_rule
from adopt.programmes.models import Programme


def programme_queue_panel(request: HttpRequest, programme: Programme) -> str:
    """How the programme's companies get an adviser, and how many wait for one."""
    if not can_see_queue(request.user, programme):
        return ""
    context = {
        "programme": programme,
        "rule": assignment.rule_of(programme),
        "waiting": assignment.unassigned_companies(programme).count(),
        "can_set_rule": can_set_assignment_rule(request.user, programme),
    }
    return render_to_string("companies/_programme_queue_panel.html", context, request=request)
