"""A programme's staff: invited by email to a role, their role changed, or removed, each step audited.

The invitation's link proves the address, so someone without an account makes one on the invitation's page and is
signed in; someone with an account signs in with the invited address and accepts. An adviser who leaves takes no
companies along: theirs go back to the programme's unassigned queue. A programme always keeps one manager once it
has one, so nobody locks the programme's own managers out of it."""

import datetime

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from adopt.accounts.models import User
from adopt.companies.models import Company
from adopt.core.audit import Action, audit_record
from adopt.core.errors import DomainError
from adopt.core.events import publish
from adopt.onboarding.events import StaffInvited, StaffJoined
from adopt.onboarding.models import StaffInvitation
from adopt.onboarding.tokens import LinkError, make_link_token, read_link_token
from adopt.programmes.models import Programme, ProgrammeStaff

Role = ProgrammeStaff.Role
PURPOSE = "staff"


class StaffRefused(DomainError):
    """A change to a programme's staff that cannot be made as asked."""


@transaction.atomic
def staff_invite(*, programme: Programme, email: str, role: str, actor: User) -> StaffInvitation:
    email = email.strip().lower()
    if ProgrammeStaff.objects.filter(programme=programme, user__email__iexact=email, role=role).exists():
        raise StaffRefused(f"{email} is already {Role(role).label.lower()} in {programme.name}.")
    waiting = StaffInvitation.objects.filter(
        programme=programme, email=email, role=role, accepted_at=None, revoked_at=None, expires_at__gt=timezone.now()
    )
    if waiting.exists():
        raise StaffRefused(f"{email} already has an invitation to this role waiting. Revoke it to send a new one.")
    invitation = StaffInvitation.objects.create(
        programme=programme,
        email=email,
        role=role,
        invited_by=actor,
        expires_at=timezone.now() + datetime.timedelta(days=settings.INVITATION_DAYS),
    )
    audit_record(programme, action=Action.STAFF_INVITED, actor=actor, comment=f"{email} as {Role(role).label.lower()}")
    publish(StaffInvited(actor_id=actor.pk, invitation_id=invitation.pk, programme_id=programme.pk))
    return invitation


def staff_invitation_link(invitation: StaffInvitation) -> str:
    return reverse(
        "onboarding:staff-invitation", kwargs={"token": make_link_token(invitation.pk, invitation.email, PURPOSE)}
    )


def staff_invitation_open(token: str) -> StaffInvitation:
    invitation_id, email = read_link_token(token, PURPOSE)
    invitation = (
        StaffInvitation.objects.select_related("programme", "invited_by")
        .filter(pk=invitation_id, email__iexact=email)
        .first()
    )
    if invitation is None or invitation.revoked_at is not None:
        raise LinkError("This invitation is no longer valid. Ask the person who invited you for a new one.")
    if invitation.accepted_at is not None:
        raise LinkError("This invitation has already been accepted. Sign in to continue.")
    if invitation.expires_at <= timezone.now():
        raise LinkError("This invitation has expired. Ask the person who invited you for a new one.")
    return invitation


@transaction.atomic
def staff_invitation_accept(invitation: StaffInvitation, user: User) -> ProgrammeStaff:
    if user.email.lower() != invitation.email.lower():
        raise LinkError("This invitation was sent to another address. Sign in with that address to accept it.")
    locked = StaffInvitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.accepted_at is not None or locked.revoked_at is not None:
        raise LinkError("This invitation is no longer waiting. Sign in to continue.")
    member, _ = ProgrammeStaff.objects.get_or_create(programme=invitation.programme, user=user, role=invitation.role)
    locked.accepted_at = timezone.now()
    locked.accepted_by = user
    locked.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    audit_record(
        invitation.programme,
        action=Action.STAFF_JOINED,
        actor=user,
        comment=f"{user.email} as {member.get_role_display().lower()}",
    )
    publish(StaffJoined(actor_id=user.pk, programme_id=invitation.programme_id, user_id=user.pk, role=member.role))
    return member


@transaction.atomic
def staff_account_create(invitation: StaffInvitation, *, full_name: str, password: str) -> User:
    """An account for the invited address, which the link has just proved, with the invitation accepted."""
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise LinkError("An account already has this address. Sign in with it, then open the link again.")
    user = User(email=invitation.email, full_name=full_name.strip())
    validate_password(password, user)
    user = User.objects.create_user(invitation.email, password, full_name=full_name.strip())
    audit_record(user, action=Action.ACCOUNT_CONFIRMED, actor=user, comment="Made from a staff invitation")
    staff_invitation_accept(invitation, user)
    return user


@transaction.atomic
def staff_invitation_revoke(invitation: StaffInvitation, *, actor: User) -> None:
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at", "updated_at"])
        audit_record(
            invitation.programme, action=Action.STAFF_INVITED, actor=actor, comment=f"Revoked: {invitation.email}"
        )


def _keeps_a_manager(member: ProgrammeStaff) -> None:
    # Two managers removing each other at once would both see the other still there: one waits for the other.
    Programme.objects.select_for_update().filter(pk=member.programme_id).first()
    others = ProgrammeStaff.objects.filter(programme_id=member.programme_id, role=Role.MANAGER).exclude(pk=member.pk)
    if member.role == Role.MANAGER and not others.exists():
        raise StaffRefused(
            f"{member.user} is the programme's only manager. Invite another manager before changing this role."
        )


def _release_companies(member: ProgrammeStaff, actor: User) -> int:
    """The adviser's companies in this programme go back to the unassigned queue."""
    if member.role != Role.ADVISER:
        return 0
    companies = list(Company.objects.filter(programme_id=member.programme_id, adviser_id=member.user_id))
    for company in companies:
        audit_record(
            company,
            action=Action.ADVISER_ASSIGNED,
            actor=actor,
            from_state=str(member.user_id),
            to_state="",
            comment=f"{member.user} no longer advises in the programme",
        )
    Company.objects.filter(pk__in=[c.pk for c in companies]).update(adviser=None, updated_at=timezone.now())
    return len(companies)


@transaction.atomic
def staff_role_change(member: ProgrammeStaff, *, role: str, actor: User) -> int:
    """Give the person `role` in place of the one they hold; returns how many companies went back to the queue."""
    if role == member.role:
        return 0
    if ProgrammeStaff.objects.filter(programme_id=member.programme_id, user_id=member.user_id, role=role).exists():
        raise StaffRefused(f"{member.user} already holds that role here. Remove this one instead.")
    _keeps_a_manager(member)
    released = _release_companies(member, actor)
    before = member.get_role_display()
    member.role = role
    member.save(update_fields=["role"])
    audit_record(
        member.programme,
        action=Action.STAFF_ROLE_CHANGED,
        actor=actor,
        from_state=before,
        to_state=member.get_role_display(),
        comment=str(member.user),
    )
    return released


@transaction.atomic
def staff_remove(member: ProgrammeStaff, *, actor: User) -> int:
    """Take the role away; returns how many companies went back to the unassigned queue."""
    _keeps_a_manager(member)
    released = _release_companies(member, actor)
    audit_record(
        member.programme,
        action=Action.STAFF_REMOVED,
        actor=actor,
        comment=f"{member.user} as {member.get_role_display().lower()}",
    )
    member.delete()
    return released
