from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from adopt.accounts.api_tokens import TokenRefused, api_token_create, api_token_revoke
from adopt.accounts.models import ApiToken, User
from adopt.accounts.requests import person_of
from adopt.onboarding.api_token_forms import ApiTokenForm, ServiceTokenForm
from adopt.onboarding.api_token_services import service_token_create
from adopt.onboarding.policies import service_token_programmes, token_programmes


def _tokens_of(person: User) -> QuerySet[ApiToken]:
    """A person's own tokens, and the service tokens of the programmes they manage (of every one, nationally)."""
    managed = service_token_programmes(person).values("pk")
    return ApiToken.objects.filter(Q(user=person) | Q(kind=ApiToken.Kind.SERVICE, programme_id__in=managed))


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    """A person's own API tokens, and the service tokens of programmes they manage."""
    person = person_of(request)
    action = request.POST.get("action")
    form = ApiTokenForm(request.POST if action == "personal" else None, programmes=token_programmes(person))
    managed = service_token_programmes(person)
    service_form = ServiceTokenForm(request.POST if action == "service" else None, programmes=managed)
    made = None
    if request.method == "POST" and action == "personal" and form.is_valid():
        programme = form.cleaned_data["programme"]
        try:
            made = api_token_create(
                user=person,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                actor=person,
                programme_id=programme.pk if programme else None,
                expires_in_days=form.cleaned_data["expires_in_days"],
            )
        except TokenRefused as error:
            form.add_error(None, str(error))
    if request.method == "POST" and action == "service" and service_form.is_valid():
        made = service_token_create(
            name=service_form.cleaned_data["name"],
            programme=service_form.cleaned_data["programme"],
            role=service_form.cleaned_data["role"],
            scopes=service_form.cleaned_data["scopes"],
            actor=person,
            expires_in_days=service_form.cleaned_data["expires_in_days"],
        )
    tokens = _tokens_of(person).select_related("user")
    context = {
        "tokens": tokens,
        "form": form if made is None else ApiTokenForm(programmes=token_programmes(person)),
        "service_form": service_form if made is None else ServiceTokenForm(programmes=managed),
        "can_make_service_tokens": managed.exists(),
        "made": made,
    }
    return render(request, "onboarding/api_tokens.html", context)


@require_POST
@login_required
def api_token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_of(request)
    token = get_object_or_404(_tokens_of(person), pk=pk)
    api_token_revoke(token, actor=person)
    messages.success(request, f"The token {token.prefix}… no longer works.")
    return redirect("onboarding:api-tokens")
