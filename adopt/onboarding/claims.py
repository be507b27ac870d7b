"""The rules of claiming a company: how long a code lives, how many tries a person and a company get."""

import datetime

CLAIM_CODE_LIFETIME = datetime.timedelta(minutes=30)
CLAIM_CODE_TRIES = 5
# Counted over the last day from the audit trail, so the limits hold across every process.
CLAIM_WINDOW = datetime.timedelta(days=1)
CLAIMS_PER_PERSON = 5
CLAIMS_PER_COMPANY = 10

CLAIM_REQUESTED = "claim requested"
CLAIM_CODE_SENT = "claim code sent"
CLAIM_CODE_WRONG = "claim code wrong"
CLAIM_JOINED = "claim joined with code"
CLAIM_APPROVED = "claim approved"
CLAIM_REFUSED = "claim refused"
# What counts against the allowance: each request, each code sent, each wrong code.
COUNTED_ATTEMPTS = (CLAIM_REQUESTED, CLAIM_CODE_SENT, CLAIM_CODE_WRONG)


def mask_email(email: str) -> str:
    """`jo•••@ribble.example`: enough for the owner of the address to know it, not enough to learn it."""
    local, _, domain = email.partition("@")
    return f"{local[:2]}•••@{domain}" if domain else "•••"
