import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.crypto import constant_time_compare
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from adopt.accounts.requests import person_of
from adopt.companies.policies import visible_companies
from adopt.notifications import selectors, services
from adopt.notifications.catalogue import ESSENTIAL_TOPICS, MUTABLE_TOPICS, Topic
from adopt.notifications.forms import PreferencesForm
from adopt.notifications.policies import can_see_company_messages, messages_about

PER_PAGE = 50


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    preference = services.preference_of(person)
    heard = [topic.value for topic in MUTABLE_TOPICS if topic.value not in preference.muted_topics]
    form = PreferencesForm(
        request.POST if request.method == "POST" else None,
        initial={"heard_topics": heard, "daily_digest": preference.daily_digest},
    )
    if request.method == "POST" and form.is_valid():
        services.preferences_update(
            person, daily_digest=form.cleaned_data["daily_digest"], muted_topics=form.muted_topics()
        )
        messages.success(request, "Your email settings are saved.")
        return redirect("notifications:preferences")
    always = [Topic(topic).label for topic in sorted(ESSENTIAL_TOPICS)]
    return render(request, "notifications/preferences.html", {"form": form, "always": always})


@csrf_exempt  # the signed link is the authority, and mail clients' one-click unsubscribe (RFC 8058) posts no token
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user, topic = services.unsubscribe_read(token)
    except services.BadUnsubscribeLink as error:
        return render(request, "notifications/unsubscribe.html", {"error": str(error)}, status=404)
    if request.method == "POST":
        services.topic_mute(user, topic)
        return render(request, "notifications/unsubscribe.html", {"done": True, "topic": topic})
    return render(request, "notifications/unsubscribe.html", {"topic": topic, "email": user.email})


@require_safe
@login_required
def company_messages(request: HttpRequest, company_pk: int) -> HttpResponse:
    company = get_object_or_404(visible_companies(request.user).select_related("programme"), pk=company_pk)
    if not can_see_company_messages(request.user, company):
        raise PermissionDenied
    page = Paginator(selectors.company_messages(messages_about(request.user, company)), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/company_messages.html", {"company": company, "page": page})


@require_safe
@login_required
def message_detail(request: HttpRequest, company_pk: int, pk: int) -> HttpResponse:
    company = get_object_or_404(visible_companies(request.user), pk=company_pk)
    message = get_object_or_404(messages_about(request.user, company), pk=pk)
    return render(request, "notifications/message_detail.html", {"company": company, "message": message})


@csrf_exempt  # called by GOV.UK Notify, which proves itself with the bearer token set for its callbacks
@require_POST
def notify_receipt(request: HttpRequest) -> HttpResponse:
    expected = settings.NOTIFY_CALLBACK_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not expected or not constant_time_compare(given, expected):
        return JsonResponse({"detail": "Not authorised."}, status=401)
    try:
        receipt = json.loads(request.body)
        provider_id, status = str(receipt["id"]), str(receipt["status"])
        reference = str(receipt.get("reference") or "")
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"detail": "Expected JSON with id and status."}, status=400)
    message = services.delivery_receipt_record(provider_id=provider_id, status=status, reference=reference)
    return JsonResponse({"recorded": message is not None})
