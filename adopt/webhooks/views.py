from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from adopt.accounts.requests import person_of
from adopt.webhooks import services
from adopt.webhooks.forms import EndpointForm
from adopt.webhooks.models import Delivery, Endpoint
from adopt.webhooks.policies import can_manage_webhooks, managed_endpoints

DELIVERIES_LISTED = 50


def _saved(request: HttpRequest, form: EndpointForm) -> Endpoint | None:
    if not form.is_valid():
        return None
    try:
        return services.endpoint_save(form.save(commit=False), actor=person_of(request))
    except ValidationError as error:
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
        return None


@login_required
def endpoint_list(request: HttpRequest) -> HttpResponse:
    if not can_manage_webhooks(request.user):
        raise PermissionDenied
    form = EndpointForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and (endpoint := _saved(request, form)):
        messages.success(request, f"{endpoint.name} will be sent the events chosen, signed with its secret.")
        return redirect("webhooks:endpoint-detail", pk=endpoint.pk)
    endpoints = managed_endpoints(request.user).select_related("programme")
    return render(request, "webhooks/endpoint_list.html", {"endpoints": endpoints, "form": form})


@login_required
def endpoint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = get_object_or_404(managed_endpoints(request.user), pk=pk)
    form = EndpointForm(request.POST if request.POST.get("action") == "save" else None, instance=endpoint)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "save" and _saved(request, form):
            messages.success(request, "The endpoint is saved.")
            return redirect("webhooks:endpoint-detail", pk=endpoint.pk)
        if action in {"pause", "resume"}:
            endpoint.is_active = action == "resume"
            endpoint.save(update_fields=["is_active", "updated_at"])
            messages.success(request, "Deliveries resumed." if endpoint.is_active else "Deliveries paused.")
            return redirect("webhooks:endpoint-detail", pk=endpoint.pk)
        if action == "ping":
            services.ping_send(endpoint)
            messages.success(request, "A test delivery is on its way.")
            return redirect("webhooks:endpoint-detail", pk=endpoint.pk)
    deliveries = endpoint.deliveries.order_by("-created_at", "-pk")[:DELIVERIES_LISTED]
    context = {"endpoint": endpoint, "form": form, "deliveries": deliveries, "listed": DELIVERIES_LISTED}
    return render(request, "webhooks/endpoint_detail.html", context)


@login_required
def delivery_detail(request: HttpRequest, pk: int, delivery_pk: int) -> HttpResponse:
    endpoint = get_object_or_404(managed_endpoints(request.user), pk=pk)
    delivery = get_object_or_404(Delivery.objects.select_related("replay_of"), endpoint=endpoint, pk=delivery_pk)
    if request.method == "POST":
        replay = services.delivery_replay(delivery, actor=person_of(request))
        messages.success(request, "The delivery is sent again, with the same event id.")
        return redirect("webhooks:delivery-detail", pk=endpoint.pk, delivery_pk=replay.pk)
    return render(request, "webhooks/delivery_detail.html", {"endpoint": endpoint, "delivery": delivery})
