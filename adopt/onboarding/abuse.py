"""Keeping automated submissions out of public forms without third-party services.

A form carries a hidden honeypot field people leave empty, and a signed timestamp that works once: a form
posted within a few seconds of being shown, long after, with a token already used, or with the honeypot
filled is shown again with a note asking the person to check and send it again (a bot rarely does; a person
with a password manager that fills forms at once can). Submissions are also counted per address in the
shared cache and limited per hour (`core/limits.py`).
"""

import time

from django.core import signing

from adopt.core.limits import first_use

SALT = "adopt.onboarding.form-time"
FASTEST_HUMAN_SECONDS = 3
SLOWEST_SECONDS = 2 * 3600
SECOND_STEP = (
    "To keep automated messages out, we ask you to check your details and send the form again. "
    "Nothing has been sent yet."
)


def form_started_token() -> str:
    return signing.dumps(time.time(), salt=SALT)


def looks_automated(posted_token: str, honeypot: str) -> bool:
    """Whether the submission needs the visible second step; a token that passes is spent."""
    if honeypot.strip():
        return True
    try:
        started = float(signing.loads(posted_token, salt=SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return True
    elapsed = time.time() - started
    if not FASTEST_HUMAN_SECONDS <= elapsed <= SLOWEST_SECONDS:
        return True
    return not first_use("form-token", posted_token, SLOWEST_SECONDS)
