"""API tokens: making one (the key is shown once and only its hash kept), finding the token a key belongs to, and
what a token may reach. The scopes name the API's areas; a token reads or writes only the areas it was given,
and never more than its owner could through the pages."""

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from adopt.accounts.models import ApiToken, User
from adopt.core.audit import Action, audit_record
from adopt.core.errors import DomainError

# The API's areas, each read or written with its own scope, e.g. "companies:read", "support:write".
API_AREAS = {
    "programmes": "Programmes and their targets",
    "companies": "Companies and their eligibility",
    "assessments": "Readiness assessments and scores",
    "roadmaps": "Roadmaps",
    "funding": "Grant applications, claims and payments",
    "support": "Support entries",
    "impact": "KPIs and follow-up reports",
    "onboarding": "Enquiries",
    "evaluation": "Evaluation estimates, comparison groups and funder indicators",
}
WRITABLE_AREAS = frozenset({"companies", "support", "onboarding"})
WRITE_ONLY_AREAS = frozenset({"onboarding"})  # enquiries are pushed in, and read on the pages
ALL_SCOPES = [f"{area}:read" for area in API_AREAS if area not in WRITE_ONLY_AREAS] + [
    f"{area}:write" for area in sorted(WRITABLE_AREAS)
]
KEY_PREFIX = "adopt_"
LAST_USED_EVERY = datetime.timedelta(minutes=1)  # how often a token's last use is written, at most


class TokenRefused(DomainError):
    """A token that cannot be made as asked."""


@dataclass(frozen=True)
class MadeToken:
    token: ApiToken
    key: str  # shown to the person once; Adopt keeps only its hash


def key_hash(key: str) -> str:
    # The key is 256 random bits, so a fast hash is as safe as a slow one and keeps each request cheap.
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *,
    user: User,
    name: str,
    scopes: list[str],
    actor: User,
    programme_id: int | None = None,
    expires_in_days: int | None = None,
    kind: str = ApiToken.Kind.PERSONAL,
) -> MadeToken:
    unknown = sorted(set(scopes) - set(ALL_SCOPES))
    if unknown:
        raise TokenRefused(f"Unknown scopes: {', '.join(unknown)}.")
    if not scopes:
        raise TokenRefused("Choose at least one thing the token may do.")
    prefix = secrets.token_hex(4)
    key = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100] or "API token",
        kind=kind,
        prefix=f"{KEY_PREFIX}{prefix}",
        key_hash=key_hash(key),
        scopes=[scope for scope in ALL_SCOPES if scope in scopes],
        programme_id=programme_id,
        created_by=actor,
        expires_at=timezone.now() + datetime.timedelta(days=expires_in_days) if expires_in_days else None,
    )
    audit_record(user, action=Action.CHANGED, actor=actor, comment=f"API token {token.prefix}… made: {token.name}")
    return MadeToken(token, key)


@transaction.atomic
def api_token_revoke(token: ApiToken, *, actor: User) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(token.user, action=Action.CHANGED, actor=actor, comment=f"API token {token.prefix}… revoked")


def api_token_for(key: str) -> ApiToken | None:
    """The live token a key belongs to, whose owner is active; its last use is noted (at most once a minute)."""
    if not key.startswith(KEY_PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=key_hash(key)).first()
    if token is None or not token.is_live or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def token_allows(token: ApiToken | None, area: str, *, write: bool = False) -> bool:
    """A session (no token) may use every area its policies allow; a token only the areas in its scopes."""
    if token is None:
        return True
    return f"{area}:{'write' if write else 'read'}" in token.scopes
