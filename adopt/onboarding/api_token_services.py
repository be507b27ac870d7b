"""Service accounts: a user who never signs in, holding one programme role, whose token another system uses."""

import secrets

from django.db import transaction

from adopt.accounts.api_tokens import MadeToken, api_token_create
from adopt.accounts.models import ApiToken, User
from adopt.programmes.models import Programme, ProgrammeStaff


@transaction.atomic
def service_token_create(
    *, name: str, programme: Programme, role: str, scopes: list[str], actor: User, expires_in_days: int | None
) -> MadeToken:
    account = User(
        email=f"service-{secrets.token_hex(6)}@service.invalid",
        full_name=f"{name} (service)",
        is_service_account=True,
    )
    account.set_unusable_password()
    account.save()
    ProgrammeStaff.objects.create(programme=programme, user=account, role=role)
    return api_token_create(
        user=account,
        name=name,
        scopes=scopes,
        actor=actor,
        programme_id=programme.pk,
        expires_in_days=expires_in_days,
        kind=ApiToken.Kind.SERVICE,
    )
