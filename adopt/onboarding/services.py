"""Every write of onboarding: sign-up and confirmation, joining a company, invitations, enquiries, self-service."""

import datetime
import json
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from adopt.accounts.models import User
from adopt.companies.assignment import company_route
from adopt.companies.models import Company, CompanyMembership, FactSource
from adopt.companies.services import company_save
from adopt.core.audit import Action, audit_record
from adopt.core.errors import DomainError
from adopt.core.events import publish
from adopt.geography.postcodes import normalise_postcode
from adopt.onboarding.claims import (
    CLAIM_CODE_LIFETIME,
    CLAIM_CODE_TRIES,
    mask_email,
)
from adopt.onboarding.events import (
    AccountConfirmed,
    CompanyJoined,
    EnquiryReceived,
    InvitationSent,
    MembershipDecided,
    MembershipRequested,
)
from adopt.onboarding.models import (
    ClaimCode,
    DeletionRequest,
    Enquiry,
    Invitation,
    MembershipRequest,
    SignupRequest,
)
from adopt.onboarding.personal_data import erase_person, personal_data_export
from adopt.onboarding.policies import may_attempt_claim
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
    # Sign-ups never finished within their link's lifetime hold a password hash nobody needs.
    SignupRequest.objects.filter(
        confirmed_at__isnull=True, created_at__lt=timezone.now() - datetime.timedelta(days=settings.SIGNUP_LINK_DAYS)
    ).delete()
    pending = SignupRequest.objects.create(email=email, full_name=full_name, password=password_hash)
    link = base_url + reverse("onboarding:confirm", kwargs={"token": make_link_token(pending.pk, email, "signup")})
    _send(
        email,
        "Confirm your email address for Adopt",
        f"Hello {full_name},\n\nConfirm your address to finish signing up (the link works for "
        f"{settings.SIGNUP_LINK_DAYS} days):\n\n{link}\n\nIf you did not sign up, ignore this email.",
    )


class WrongPassword(Exception):
    """The password typed to finish a sign-up is not the one chosen on it."""


def signup_pending(token: str, *, lock: bool = False) -> SignupRequest:
    """The sign-up a confirmation link was sent for, while it can still be finished; else `LinkError`."""
    request_id, email = read_link_token(token, "signup")
    pending_signups = SignupRequest.objects.select_for_update() if lock else SignupRequest.objects.all()
    pending = pending_signups.filter(pk=request_id, email__iexact=email).first()
    if pending is None:
        raise LinkError("This link is not valid. Check that you copied all of it, or ask for a new one.")
    if pending.confirmed_at is not None or User.objects.filter(email__iexact=email).exists():
        raise LinkError("This address is already confirmed. Sign in to continue.")
    return pending


@transaction.atomic
def signup_confirm(token: str, password: str) -> User:
    """Make the account the link was sent for, once the person shows they chose its password.

    Following the link alone proves only that someone can read the mailbox (or that a mail scanner opened it);
    asking for the password chosen at sign-up means a stranger who signed up with someone else's address can
    never end up holding that person's account.
    """
    pending = signup_pending(token, lock=True)
    if not check_password(password, pending.password):
        raise WrongPassword
    user = User(email=pending.email.lower(), full_name=pending.full_name, password=pending.password, is_active=True)
    try:
        user.full_clean(exclude=["password"])
        with transaction.atomic():
            user.save()
    except (IntegrityError, ValidationError):  # another link for the same address was followed at the same moment
        raise LinkError("This address is already confirmed. Sign in to continue.") from None
    email = user.email
    pending.confirmed_at = timezone.now()
    pending.save(update_fields=["confirmed_at", "updated_at"])
    # Other sign-ups for the address hold password hashes nobody needs any more.
    SignupRequest.objects.filter(email__iexact=email, confirmed_at__isnull=True).delete()
    audit_record(user, action=Action.ACCOUNT_CONFIRMED, actor=user)
    _accept_open_invitations(user)
    publish(AccountConfirmed(actor_id=user.pk, user_id=user.pk))
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
        publish(CompanyJoined(actor_id=user.pk, company_id=invitation.company_id, user_id=user.pk, how="by invitation"))
    return joined


class ClaimRefused(DomainError):
    """A claim on a company that may not go ahead (a code that is wrong or spent, someone already in)."""


class TooManyClaims(ClaimRefused):
    """The person or the company has used up the day's attempts."""


def _check_claim_allowance(user: User, company: Company) -> None:
    if not may_attempt_claim(user, company):
        raise TooManyClaims(
            "There have been too many attempts to join this company today. Try again tomorrow, or ask your "
            "programme adviser to add you."
        )


@dataclass(frozen=True)
class ClaimOutcome:
    company: Company
    joined: bool  # False: an adviser will confirm


@transaction.atomic
def company_claim(*, user: User, company: Company, registered_postcode: str, role_at_company: str) -> ClaimOutcome:
    """Ask the programme's adviser to confirm that the person acts for the company.

    The registered postcode is public, so it proves nothing: it is recorded for the adviser, with whether it
    matched, and nobody joins on it. A person joins straight away only with a code sent to the company's own
    address (`claim_code_send`) or an invitation from someone already in.
    """
    if CompanyMembership.objects.filter(company=company, user=user).exists():
        return ClaimOutcome(company, True)
    locked = Company.objects.select_for_update().get(pk=company.pk)
    _check_claim_allowance(user, locked)
    given = normalise_postcode(registered_postcode) or registered_postcode.strip().upper()[:10]
    matches = bool(locked.postcode) and given == locked.postcode
    request, created = MembershipRequest.objects.get_or_create(
        company=locked,
        user=user,
        status=MembershipRequest.Status.PENDING,
        defaults={"role_at_company": role_at_company, "postcode_given": given, "postcode_matches": matches},
    )
    if not created:
        request.role_at_company, request.postcode_given, request.postcode_matches = role_at_company, given, matches
        request.save(update_fields=["role_at_company", "postcode_given", "postcode_matches", "updated_at"])
    audit_record(
        locked,
        actor=user,
        action=Action.CLAIM_REQUESTED,
        comment=f"Registered postcode given: {given or 'none'} "
        f"({'matches' if matches else 'does not match'} the record)",
    )
    if created:
        publish(MembershipRequested(actor_id=user.pk, request_id=request.pk, company_id=locked.pk))
    return ClaimOutcome(locked, False)


def _code_hash(code: str) -> str:
    return salted_hmac("adopt.onboarding.claim-code", code.strip()).hexdigest()


@transaction.atomic
def claim_code_send(*, user: User, company: Company, contact_id: int) -> ClaimCode:
    """Email a one-time code to an address on the company's record, for a company nobody acts for yet."""
    locked = Company.objects.select_for_update().get(pk=company.pk)
    if locked.memberships.exists():
        raise ClaimRefused("Someone already acts for this company: ask them to invite you, or ask your adviser.")
    _check_claim_allowance(user, locked)
    contact = locked.contacts.exclude(email="").filter(pk=contact_id, from_enquiry=False).first()
    if contact is None:
        raise ClaimRefused("Choose one of the addresses shown.")
    code = f"{secrets.randbelow(1_000_000):06d}"
    claim = ClaimCode.objects.create(
        company=locked,
        user=user,
        sent_to=contact.email,
        code_hash=_code_hash(code),
        expires_at=timezone.now() + CLAIM_CODE_LIFETIME,
    )
    minutes = int(CLAIM_CODE_LIFETIME.total_seconds() // 60)
    _send(
        contact.email,
        f"Your code to act for {locked.name} on Adopt",
        f"The Adopt account {user.email} asked to act for {locked.name} in its digital adoption programme.\n\n"
        f"If you know the person behind that address and they should act for the company, give them this code: "
        f"{code}\n\nIt works once, for {minutes} minutes. If you do not know the address, do not share the "
        "code and tell your programme team.",
    )
    audit_record(locked, actor=user, action=Action.CLAIM_CODE_SENT, comment=f"Code sent to {mask_email(contact.email)}")
    return claim


def claim_code_check(*, user: User, company: Company, code: str) -> Company:
    """Join as the company's owner with the code sent to its address; five wrong tries spend the code."""
    refusal = _claim_code_try(user, company, code)
    if refusal:
        raise ClaimRefused(refusal)
    return company


@transaction.atomic
def _claim_code_try(user: User, company: Company, code: str) -> str:
    # Returns the refusal rather than raising it, so that a wrong try is counted and audited, not rolled back.
    locked = Company.objects.select_for_update().get(pk=company.pk)
    claim = (
        ClaimCode.objects.select_for_update()
        .filter(company=locked, user=user, used_at__isnull=True)
        .order_by("-created_at")
        .first()
    )
    if claim is None or claim.expires_at <= timezone.now() or claim.wrong_tries >= CLAIM_CODE_TRIES:
        return "This code has expired or been used up. Ask for a new one."
    if not constant_time_compare(claim.code_hash, _code_hash(code)):
        claim.wrong_tries += 1
        claim.save(update_fields=["wrong_tries", "updated_at"])
        audit_record(
            locked,
            actor=user,
            action=Action.CLAIM_CODE_WRONG,
            comment=f"Wrong code, try {claim.wrong_tries} of {CLAIM_CODE_TRIES}",
        )
        left = CLAIM_CODE_TRIES - claim.wrong_tries
        if left:
            return f"That code is not right. You have {left} more {'try' if left == 1 else 'tries'}."
        return "That code is not right, and it is now used up. Ask for a new one."
    if locked.memberships.exists():
        return "Someone already acts for this company: ask them to invite you, or ask your adviser."
    claim.used_at = timezone.now()
    claim.save(update_fields=["used_at", "updated_at"])
    CompanyMembership.objects.create(company=locked, user=user, role=CompanyMembership.Role.OWNER)
    MembershipRequest.objects.filter(company=locked, user=user, status=MembershipRequest.Status.PENDING).update(
        status=MembershipRequest.Status.APPROVED, updated_at=timezone.now()
    )
    audit_record(
        locked,
        actor=user,
        action=Action.CLAIM_JOINED,
        comment=f"Joined as owner with the code sent to {mask_email(claim.sent_to)}",
    )
    publish(CompanyJoined(actor_id=user.pk, company_id=locked.pk, user_id=user.pk, how="with the code sent to it"))
    company_route(locked, how="claimed by the business", actor=user, told=True)
    return ""


@transaction.atomic
def company_register(
    *,
    user: User,
    programme: Programme,
    name: str,
    companies_house_number: str,
    postcode: str,
    sic_codes: list[str],
    staff_headcount: int | None,
) -> Company:
    """A company that is not yet in the programme's records, entered by the person who acts for it."""
    company = company_save(
        Company(programme=programme),
        changes={
            "name": name,
            "companies_house_number": companies_house_number,
            "postcode": postcode,
            "sic_codes": sic_codes,
            "staff_headcount": staff_headcount,
            "status": Company.Status.ACTIVE,
        },
        source=FactSource.BUSINESS,
        actor=user,
    )
    CompanyMembership.objects.create(company=company, user=user, role=CompanyMembership.Role.OWNER)
    publish(CompanyJoined(actor_id=user.pk, company_id=company.pk, user_id=user.pk, how="by registering it"))
    company_route(company, how="registered by the business", actor=user, told=True)
    return company


@transaction.atomic
def membership_request_decide(request: MembershipRequest, *, approve: bool, actor: User) -> None:
    request.status = MembershipRequest.Status.APPROVED if approve else MembershipRequest.Status.REFUSED
    request.decided_by = actor
    request.save(update_fields=["status", "decided_by", "updated_at"])
    if approve:
        # They asked to act for the company and staff checked them: they act for it, as one who has its code does.
        CompanyMembership.objects.get_or_create(
            company=request.company, user=request.user, defaults={"role": CompanyMembership.Role.OWNER}
        )
    audit_record(
        request.company,
        actor=actor,
        action=Action.CLAIM_APPROVED if approve else Action.CLAIM_REFUSED,
        comment=f"Request from {request.user.email} {'approved' if approve else 'refused'}",
    )
    publish(
        MembershipDecided(actor_id=actor.pk, request_id=request.pk, company_id=request.company_id, approved=approve)
    )
    if approve:
        company_route(request.company, how="claimed by the business", actor=actor, told=True)


@transaction.atomic
def invitation_send(*, company: Company, email: str, actor: User) -> Invitation:
    email = email.strip().lower()
    invitation = Invitation.objects.create(
        company=company,
        email=email,
        invited_by=actor,
        expires_at=timezone.now() + datetime.timedelta(days=settings.INVITATION_DAYS),
    )
    publish(InvitationSent(actor_id=actor.pk, invitation_id=invitation.pk, company_id=company.pk))
    return invitation


def invitation_link(invitation: Invitation) -> str:
    """The path that opens the invitation; it lets in only someone signed in with the invited address."""
    return reverse(
        "onboarding:invitation", kwargs={"token": make_link_token(invitation.pk, invitation.email, "invite")}
    )


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
    audit_record(invitation.company, action=Action.INVITED, actor=user, comment=f"{user.email} accepted an invitation")
    publish(CompanyJoined(actor_id=user.pk, company_id=invitation.company_id, user_id=user.pk, how="by invitation"))
    return invitation.company


@transaction.atomic
def enquiry_record(
    *,
    programme: Programme | None,
    name: str,
    email: str,
    company_name: str,
    phone: str = "",
    companies_house_number: str = "",
    postcode: str = "",
    message: str = "",
) -> Enquiry:
    """Record a lead, linking it to an earlier enquiry or a known company with the same number, email or name."""
    enquiry = Enquiry(
        programme=programme,
        name=name,
        email=email,
        company_name=company_name,
        phone=phone,
        companies_house_number=companies_house_number,
        postcode=postcode,
        message=message,
    )
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
    publish(EnquiryReceived(actor_id=None, enquiry_id=enquiry.pk))
    return enquiry


def personal_data(user: User) -> str:
    """Everything Adopt holds about the person, found through the personal-data register, as JSON."""
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
        "held_about_you": personal_data_export(user),
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
    old_email, user.email = user.email, new_email
    user.save(update_fields=["email"])
    audit_record(user, action=Action.CHANGED, actor=user, from_state=old_email[:40], to_state=new_email[:40])


@transaction.atomic
def deletion_process(request: DeletionRequest) -> dict[str, int]:
    """Erase the person as the personal-data register says, place by place; returns the rows touched per place.

    Records the programme must keep (the audit trail, grant evidence) stay, without who the person was.
    """
    address = request.user.email if request.user is not None else request.email_at_request
    touched = erase_person(request.user) if request.user is not None else {}
    # Sent at once and not kept: a kept copy would hold the address just erased.
    _send(
        address,
        "Your Adopt account is deleted",
        "Your Adopt account and the personal data it held are deleted, as you asked. Records the programme must keep "
        "for public money (grant decisions, payments) stay, without your name or address.\n\nIf you did not ask "
        "for this, tell your programme team.",
    )
    request.refresh_from_db()
    request.email_at_request = f"deleted-{request.pk}@deleted.invalid"
    request.reason = ""
    request.status = DeletionRequest.Status.DONE
    request.processed_at = timezone.now()
    request.save()
    return touched
