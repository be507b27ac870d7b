"""Rate limits counted in the shared cache (the database by default), so they hold across every process.

Counts are keyed by what is being protected: the client's address (as the trusted proxies report it, the same
way sign-in throttling reads it), an account, or an email address.
"""

import hashlib
import time

from axes.helpers import get_client_ip_address
from django.core.cache import cache
from django.http import HttpRequest

HOUR = 3600


def client_address(request: HttpRequest) -> str:
    return get_client_ip_address(request) or "unknown"


def _key(form_name: str, subject: str) -> str:
    # Hashed, so an email address or a token never lies in the cache in the clear.
    digest = hashlib.sha256(subject.strip().lower().encode()).hexdigest()[:32]
    return f"rate:{form_name}:{digest}:{int(time.time() // HOUR)}"


def count_and_check(form_name: str, subject: str, per_hour: int) -> bool:
    """Count one more for the subject this hour; True when it is over the allowance."""
    key = _key(form_name, subject)
    cache.add(key, 0, timeout=HOUR)
    try:
        count = cache.incr(key)
    except ValueError:  # the entry expired between add and incr
        cache.set(key, 1, timeout=HOUR)
        count = 1
    return count > per_hour


def over_limit(request: HttpRequest, form_name: str, per_hour: int) -> bool:
    """Count this submission from the client's address and say whether it has gone over its hourly allowance."""
    return count_and_check(form_name, client_address(request), per_hour)


def is_over(form_name: str, subject: str, per_hour: int) -> bool:
    """Whether the subject is already over its allowance this hour, without counting."""
    return int(cache.get(_key(form_name, subject), 0)) >= per_hour


def first_use(name: str, value: str, lifetime_seconds: int) -> bool:
    """True the first time a value (a form token, say) is presented; False every time after, for its lifetime."""
    return bool(cache.add(f"once:{name}:{hashlib.sha256(value.encode()).hexdigest()}", 1, timeout=lifetime_seconds))
