"""Signed, expiring links for confirming an email address. Nothing secret is in them, only who and what."""

from django.conf import settings
from django.core import signing

from adopt.core.errors import DomainError

SALT = "adopt.onboarding.email"


class LinkError(DomainError):
    """A link that has expired, was changed, or was already used; the message says which, politely."""


def make_link_token(user_id: int, email: str, purpose: str) -> str:
    return signing.dumps({"u": user_id, "e": email, "p": purpose}, salt=SALT, compress=True)


def link_lifetime_days(purpose: str) -> int:
    """An invitation's link lives as long as the invitation; confirmation links as long as a sign-up's."""
    return int(settings.INVITATION_DAYS if purpose in {"invite", "staff"} else settings.SIGNUP_LINK_DAYS)


def read_link_token(token: str, purpose: str) -> tuple[int, str]:
    try:
        data = signing.loads(token, salt=SALT, max_age=link_lifetime_days(purpose) * 24 * 3600)
    except signing.SignatureExpired:
        raise LinkError("This link has expired. Ask for a new one.") from None
    except signing.BadSignature:
        raise LinkError("This link is not valid. Check that you copied all of it, or ask for a new one.") from None
    if data.get("p") != purpose:
        raise LinkError("This link is not valid. Check that you copied all of it, or ask for a new one.")
    return int(data["u"]), str(data["e"])
