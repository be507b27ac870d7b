"""The rules of claiming a company: how long a code lives, how many tries a person and a company get."""

import datetime

from adopt.core.audit import Action

CLAIM_CODE_LIFETIME = datetime.timedelta(minutes=30)
CLAIM_CODE_TRIES = 5
# Counted over the last day from the audit trail, so the limits hold across every process.
CLAIM_WINDOW = datetime.timedelta(days=1)
CLAIMS_PER_PERSON = 5
CLAIMS_PER_COMPANY = 10

# What counts against a person's allowance: each request, each code sent, each wrong code. Against a company's,
# only codes sent and wrong codes: requests to the adviser cost the company nothing, so strangers cannot use
# them up to keep its real owner from getting a code.
COUNTED_ATTEMPTS = (Action.CLAIM_REQUESTED, Action.CLAIM_CODE_SENT, Action.CLAIM_CODE_WRONG)
COUNTED_FOR_THE_COMPANY = (Action.CLAIM_CODE_SENT, Action.CLAIM_CODE_WRONG)


def mask_email(email: str) -> str:
    """`jo•••@r•••.example`: enough for the owner of the address to know it, not enough to learn it."""
    local, _, domain = email.partition("@")
    if not domain:
        return "•••"
    name, dot, top = domain.rpartition(".")
    return f"{local[:2]}•••@{name[:1]}•••{dot}{top}" if dot else f"{local[:2]}•••@{domain[:1]}•••"
