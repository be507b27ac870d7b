"""Keeping automated submissions out of public forms without third-party services.

A form carries a hidden honeypot field people leave empty, and a signed timestamp: a form posted within
a few seconds of being shown, or long after, is refused. Submissions are also counted per address in
the cache and limited per hour.
"""

import time

from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest

SALT = "adopt.onboarding.form-time"
FASTEST_HUMAN_SECONDS = 3
SLOWEST_SECONDS = 2 * 3600


def form_started_token() -> str:
    return signing.dumps(time.time(), salt=SALT)


def looks_automated(posted_token: str, honeypot: str) -> bool:
    if honeypot.strip():
        return True
    try:
        started = float(signing.loads(posted_token, salt=SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return True
    elapsed = time.time() - started
    return not FASTEST_HUMAN_SECONDS <= elapsed <= SLOWEST_SECONDS


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def over_limit(request: HttpRequest, form_name: str, per_hour: int) -> bool:
    """Count this submission and say whether the address has gone over its hourly allowance."""
    key = f"rate:{form_name}:{client_address(request)}:{int(time.time() // 3600)}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)
        count = 1
    return count > per_hour
