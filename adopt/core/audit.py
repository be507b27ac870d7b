"""The one way a state change is recorded: who did what to which record, when, from which state to which, and why.

Every service that changes a company, assessment, roadmap, application, claim, payment, membership or account
calls `audit_record` inside its own transaction, so the record and the change stand or fall together.
"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Model, QuerySet

from adopt.core.models import AuditEvent


class Action(models.TextChoices):
    """What was done. The stored value never changes once written; the label is what a reader sees."""

    # any record
    CREATED = "created", "Created"
    CHANGED = "changed", "Changed"
    # companies
    MOVED = "moved", "Moved to another programme"
    ADVISER_ASSIGNED = "adviser assigned", "Adviser assigned"
    FACTS_CONFIRMED = "facts confirmed", "Facts confirmed"
    SUPPORT_RECORDED = "support recorded", "Support recorded"
    # joining a company
    CLAIM_REQUESTED = "claim requested", "Asked to join"
    CLAIM_CODE_SENT = "claim code sent", "Joining code sent"
    CLAIM_CODE_WRONG = "claim code wrong", "Wrong joining code"
    CLAIM_JOINED = "claim joined with code", "Joined with a code"
    CLAIM_APPROVED = "claim approved", "Request to join approved"
    CLAIM_REFUSED = "claim refused", "Request to join refused"
    INVITED = "invited", "Invited"
    # programme staff
    STAFF_INVITED = "staff invited", "Invited to the programme's staff"
    STAFF_JOINED = "staff joined", "Joined the programme's staff"
    STAFF_ROLE_CHANGED = "staff role changed", "Role changed"
    STAFF_REMOVED = "staff removed", "Removed from the programme's staff"
    # bookings
    BOOKED = "booked", "Visit booked"
    BOOKING_CHANGED = "booking changed", "Visit changed"
    BOOKING_CANCELLED = "booking cancelled", "Visit cancelled"
    # assessments
    ASSESSMENT_STARTED = "assessment started", "Assessment started"
    ASSESSMENT_SUBMITTED = "assessment submitted", "Assessment submitted"
    # roadmaps
    PLANNED = "planned", "Planned"
    SETTINGS_CHANGED = "settings changed", "Settings changed"
    PINNED = "pinned", "Pinned"
    UNPINNED = "unpinned", "Unpinned"
    EXCLUDED = "excluded", "Dropped"
    INCLUDED = "included", "Allowed again"
    PROGRESS = "progress", "Progress"
    PROPOSED = "proposed", "Proposed to the company"
    AGREED = "agreed", "Agreed"
    # grant applications, their claims and payments
    SUBMITTED = "submitted", "Submitted"
    RESUBMITTED = "resubmitted", "Resubmitted"
    REVIEW_STARTED = "review started", "Review started"
    REVIEWED = "reviewed", "Reviewed"
    RETURNED = "returned", "Returned for changes"
    RECOMMENDED = "recommended", "Recommended for approval"
    APPROVED = "approved", "Approved and grant committed"
    REJECTED = "rejected", "Rejected"
    OFFER_ISSUED = "offer issued", "Offer issued"
    OFFER_VARIED = "offer varied", "Offer varied"
    OFFER_ACCEPTED = "offer accepted", "Offer accepted"
    SUBSIDY_NOTICE_GIVEN = "subsidy notice given", "Minimal Financial Assistance notice given"
    SUBSIDY_HEADROOM_CONFIRMED = "subsidy headroom confirmed", "Subsidy headroom confirmed"
    DECLARED = "declared", "Declarations made"
    CLAIM_SUBMITTED = "claim submitted", "Claim submitted"
    CLAIM_PAYMENT_APPROVED = "claim payment approved", "Claim approved"
    CLAIM_PAYMENT_REJECTED = "claim payment rejected", "Claim rejected"
    PAID = "paid", "Payment recorded"
    CLOSED = "closed", "Closed"
    RECOVERED = "recovered", "Money recovered"
    WITHDRAWN = "withdrawn", "Withdrawn"
    DOCUMENT_UPLOADED = "document uploaded", "Document uploaded"
    COST_CHANGED = "cost changed", "Cost changed"
    COST_REMOVED = "cost removed", "Cost removed"
    # accounts
    ACCOUNT_CONFIRMED = "account confirmed", "Account confirmed"
    PASSWORD_CHANGED = "password changed", "Password changed"
    SECOND_FACTOR_SET = "second factor set", "Second factor set up"
    SECOND_FACTOR_REMOVED = "second factor removed", "Second factor removed"


def audit_record(
    subject: Model,
    *,
    action: Action,
    actor: AbstractBaseUser | None,
    from_state: str = "",
    to_state: str = "",
    comment: str = "",
) -> AuditEvent:
    """Record one change to `subject`, by `actor` (None for the system), now."""
    return AuditEvent.objects.create(  # type: ignore[misc]  # the project's user model is an AbstractBaseUser
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        actor=actor,
        action=action,
        from_state=from_state,
        to_state=to_state,
        comment=comment,
    )


def audit_trail(model: type[Model], object_id: int) -> QuerySet[AuditEvent]:
    """Every change recorded against one record, oldest first, with who made it."""
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id=object_id
    ).select_related("actor")


def audit_record_many(
    model: type[Model],
    object_ids: list[int],
    *,
    action: Action,
    actor: AbstractBaseUser | None,
    from_state: str = "",
    to_state: str = "",
    comment: str = "",
) -> int:
    """Record the same change to many records of one model in one statement, for bulk work."""
    content_type = ContentType.objects.get_for_model(model)
    events = [
        AuditEvent(  # type: ignore[misc]  # the project's user model is an AbstractBaseUser
            content_type=content_type,
            object_id=object_id,
            actor=actor,
            action=action,
            from_state=from_state,
            to_state=to_state,
            comment=comment,
        )
        for object_id in object_ids
    ]
    AuditEvent.objects.bulk_create(events, batch_size=1000)
    return len(events)
