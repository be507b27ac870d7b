"""Every write of onboarding: sign-up and confirmation, joining a company, invitations, enquiries, self-service."""

import datetime
import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from adopt.accounts.models import User
from adopt.companies.models import Company, CompanyMembership
from adopt.companies.services import company_save
from adopt.geography.postcodes import normalise_postcode
from adopt.onboarding.models import DeletionRequest, Enquiry, Invitation, MembershipRequest, SignupRequest
from adopt.onboarding.tokens import LinkError, make_link_token, read_link_token
from adopt.programmes.models import Programme


def _send(to: str, subject: str, body: str) -> None:
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to]))


@transaction.atomic
def signup_register(*, full_name: str, email: str, password: str, base_url: str) -> None:
    """Send a confirmation link for a new address; an address already registered gets a sign-in hint instead.

    Nothing about an existing account changes here, and the page says the same thing in every case, so a
    sign-up neither takes over nor reveals an account. The password is hashed in both cases so that the
    answer takes as long for a registered address as for a new one.
    """
    email = email.strip().lower()
    password_hash = make_password(password)
    if User.objects.filter(email__iexact=email).exists():
        _send(
            email,
            "You already have an Adopt account",
            "Someone tried to register with this address. If it was you, sign in at "
            f"{base_url}{reverse('accounts:login')} or reset your password at "
            f"{base_url}{reverse('accounts:password-reset')}.\n\nIf it was not you, you need do nothing: "
            "your account has not changed.",
        )
        return
    pending = SignupRequest.objects.create(email=email, full_name=full_name, password=password_hash)
    link = base_url + reverse("onboarding:confirm", kwargs={"token": make_link_token(pending.pk, email, "signup")})
    _send(
        email,
        "Confirm your email address for Adopt",
        f"Hello {full_name},\n\nConfirm your address to finish signing up (the link works for "
        f"{settings.SIGNUP_LINK_DAYS} days):\n\n{link}\n\nIf you did not sign up, ignore this email.",
    )


@transaction.atomic
def signup_confirm(token: str) -> User:
    """Make the account the link was sent for, with the name and password typed on that sign-up."""
    request_id, email = read_link_token(token, "signup")
    pending = SignupRequest.objects.select_for_update().filter(pk=request_id, email__iexact=email).first()
    if pending is None:
        raise LinkError("This link is not valid. Check that you copied all of it, or ask for a new one.")
    if pending.confirmed_at is not None or User.objects.filter(email__iexact=email).exists():
        raise LinkError("This address is already confirmed. Sign in to continue.")
    user = User(email=email, full_name=pending.full_name, password=pending.password, is_active=True)
    user.full_clean(exclude=["password"])
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:  # another link for the same address was followed at the same moment
        raise LinkError("This address is already confirmed. Sign in to continue.") from None
    pending.confirmed_at = timezone.now()
    pending.save(update_fields=["confirmed_at", "updated_at"])
    # Other sign-ups for the address hold password hashes nobody needs any more.
    SignupRequest.objects.filter(email__iexact=email, confirmed_at__isnull=True).delete()
    _accept_open_invitations(user)
    return user


def _accept_open_invitations(user: User) -> list[Company]:
    joined = []
    now = timezone.now()
    for invitation in Invitation.objects.filter(
        email__iexact=user.email, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    ).select_related("company"):
        CompanyMembership.objects.get_or_create(company=invitation.company, user=user)
        invitation.accepted_at = now
        invitation.save(update_fields=["accepted_at", "updated_at"])
        joined.append(invitation.company)
    return joined


@dataclass(frozen=True)
class ClaimOutcome:
    company: Company
    joined: bool  # False: an adviser will confirm


@transaction.atomic
def company_claim(*, user: User, company: Company, registered_postcode: str, role_at_company: str) -> ClaimOutcome:
    """Join straight away when the company has no members yet and the registered postcode matches; else ask."""
    if CompanyMembership.objects.filter(company=company, user=user).exists():
        return ClaimOutcome(company, True)
    locked = Company.objects.select_for_update().get(pk=company.pk)
    matches = normalise_postcode(registered_postcode) == locked.postcode and bool(locked.postcode)
    if matches and not locked.memberships.exists():
        CompanyMembership.objects.create(company=locked, user=user, role=CompanyMembership.Role.OWNER)
        return ClaimOutcome(locked, True)
    MembershipRequest.objects.get_or_create(
        company=locked,
        user=user,
        status=MembershipRequest.Status.PENDING,
        defaults={"role_at_company": role_at_company},
    )
    return ClaimOutcome(locked, False)


@transaction.atomic
def company_register(*, user: User, programme: Programme, **fields: Any) -> Company:
    """A company that is not yet in the programme's records, entered by the person who acts for it."""
    company = company_save(Company(programme=programme), **fields)
    CompanyMembership.objects.create(company=company, user=user, role=CompanyMembership.Role.OWNER)
    return company


@transaction.atomic
def membership_request_decide(request: MembershipRequest, *, approve: bool, actor: User) -> None:
    request.status = MembershipRequest.Status.APPROVED if approve else MembershipRequest.Status.REFUSED
    request.decided_by = actor
    request.save(update_fields=["status", "decided_by", "updated_at"])
    if approve:
        CompanyMembership.objects.get_or_create(company=request.company, user=request.user)


@transaction.atomic
def invitation_send(*, company: Company, email: str, actor: User, base_url: str) -> Invitation:
    email = email.strip().lower()
    invitation = Invitation.objects.create(
        company=company,
        email=email,
        invited_by=actor,
        expires_at=timezone.now() + datetime.timedelta(days=settings.INVITATION_DAYS),
    )
    link = base_url + reverse(
        "onboarding:invitation", kwargs={"token": make_link_token(invitation.pk, email, "invite")}
    )
    _send(
        email,
        f"{actor.full_name} invites you to join {company.name} on Adopt",
        f"{actor.full_name} has invited you to act for {company.name} in its digital adoption programme.\n\n"
        f"Accept within {settings.INVITATION_DAYS} days: {link}",
    )
    return invitation


@transaction.atomic
def invitation_revoke(invitation: Invitation) -> None:
    if invitation.accepted_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at", "updated_at"])


def invitation_open(token: str) -> Invitation:
    invitation_id, email = read_link_token(token, "invite")
    invitation = Invitation.objects.select_related("company").filter(pk=invitation_id, email__iexact=email).first()
    if invitation is None or invitation.revoked_at is not None:
        raise LinkError("This invitation is no longer valid. Ask the person who invited you for a new one.")
    if invitation.accepted_at is not None:
        raise LinkError("This invitation has already been accepted. Sign in to continue.")
    if invitation.expires_at <= timezone.now():
        raise LinkError("This invitation has expired. Ask the person who invited you for a new one.")
    return invitation


@transaction.atomic
def invitation_accept(invitation: Invitation, user: User) -> Company:
    if user.email.lower() != invitation.email.lower():
        raise LinkError("This invitation was sent to another address. Sign in with that address to accept it.")
    CompanyMembership.objects.get_or_create(company=invitation.company, user=user)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at", "updated_at"])
    return invitation.company


@transaction.atomic
def enquiry_record(*, programme: Programme | None, **fields: Any) -> Enquiry:
    """Record a lead, linking it to an earlier enquiry or a known company with the same number, email or name."""
    enquiry = Enquiry(programme=programme, **fields)
    number = enquiry.companies_house_number
    same = Q(email__iexact=enquiry.email) | Q(company_name__iexact=enquiry.company_name)
    if number:
        same |= Q(companies_house_number=number)
    enquiry.duplicate_of = Enquiry.objects.filter(same, duplicate_of__isnull=True).order_by("created_at").first()
    company_match = Q(name__iexact=enquiry.company_name)
    if number:
        company_match |= Q(companies_house_number=number)
    enquiry.matched_company = Company.objects.filter(company_match).order_by("pk").first()
    enquiry.full_clean()
    enquiry.save()
    return enquiry


def personal_data(user: User) -> str:
    """Everything Adopt holds about the person, as JSON they can download."""
    data = {
        "exported_at": timezone.now().isoformat(),
        "account": {"email": user.email, "full_name": user.full_name, "joined": user.date_joined.isoformat()},
        "companies": [
            {"company": m.company.name, "companies_house_number": m.company.companies_house_number, "role": m.role}
            for m in user.company_memberships.select_related("company")
        ],
        "programme_roles": [
            {"programme": r.programme.name, "role": r.role} for r in user.programme_roles.select_related("programme")
        ],
        "membership_requests": [
            {"company": r.company.name, "status": r.status, "at": r.created_at.isoformat()}
            for r in user.membership_requests.select_related("company")
        ],
        "deletion_requests": [
            {"status": r.status, "at": r.created_at.isoformat()} for r in user.deletion_requests.all()
        ],
    }
    return json.dumps(data, indent=1, ensure_ascii=False)


@transaction.atomic
def deletion_request(user: User, reason: str) -> DeletionRequest:
    existing = user.deletion_requests.filter(status=DeletionRequest.Status.PENDING).first()
    return existing or DeletionRequest.objects.create(user=user, email_at_request=user.email, reason=reason)


@transaction.atomic
def email_change_request(user: User, new_email: str, base_url: str) -> None:
    """Send a confirmation to the new address; the change happens only when it is confirmed."""
    new_email = new_email.strip().lower()
    if User.objects.filter(email__iexact=new_email).exists():
        return  # the page says "check the new address" either way
    link = base_url + reverse(
        "onboarding:email-confirm", kwargs={"token": make_link_token(user.pk, new_email, "email")}
    )
    _send(new_email, "Confirm your new email address for Adopt", f"Confirm the change of your Adopt address: {link}")


@transaction.atomic
def email_change_confirm(token: str, user: User) -> None:
    user_id, new_email = read_link_token(token, "email")
    if user_id != user.pk:
        raise LinkError("This link is for another account. Sign in with the account that asked for the change.")
    if User.objects.filter(email__iexact=new_email).exclude(pk=user.pk).exists():
        raise LinkError("That address is no longer available.")
    if user.email == new_email:
        raise LinkError("This link was already used: your address is changed.")
    user.email = new_email
    user.save(update_fields=["email"])


@transaction.atomic
def deletion_process(request: DeletionRequest) -> None:
    """Anonymise the person: records the programme must keep (audit trail, grants) stay, without who they were."""
    user = request.user
    if user is not None:
        user.email = f"deleted-{user.pk}@deleted.invalid"
        user.full_name = "Deleted user"
        user.is_active = False
        user.global_role = User.GlobalRole.NONE
        user.set_unusable_password()
        user.save()
        user.company_memberships.all().delete()
        user.programme_roles.all().delete()
        user.membership_requests.all().delete()
    request.email_at_request = f"deleted-{request.pk}@deleted.invalid"
    request.status = DeletionRequest.Status.DONE
    request.processed_at = timezone.now()
    request.save()
