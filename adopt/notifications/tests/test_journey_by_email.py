"""From sign-up to payment, through a real SMTP server: one email per step, to the right people, with working links,
and every message kept as sent."""

import re
import time
from decimal import Decimal

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from adopt.accounts.models import User
from adopt.core.testing import tiny_pdf
from adopt.funding.models import GrantApplication
from adopt.funding.services import application_transition, claim_submit, review_add
from adopt.funding.tests.factories import (
    FundYearFactory,
    SchemeFactory,
    accept_offer,
    make_eligible,
    ready_application,
    submit_application,
)
from adopt.notifications.models import Message
from adopt.notifications.tests.smtp import smtp_server, text_of
from adopt.onboarding.abuse import SALT
from adopt.onboarding.models import MembershipRequest
from adopt.onboarding.services import company_claim, membership_request_decide

S = GrantApplication.Status
OWNER = "owner@pennine.example"


def pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, tiny_pdf(), content_type="application/pdf")


def path_of(link_text: str) -> str:
    return re.search(r"https?://[^/\s]+(/\S*)", link_text).group(1)


def sign_up_and_confirm(client, mailbox) -> User:
    client.post(
        reverse("onboarding:signup"),
        {
            "full_name": "Olu Owner",
            "email": OWNER,
            "password1": "a-long-passphrase-9",
            "password2": "a-long-passphrase-9",
            "started": signing.dumps(time.time() - 10, salt=SALT),
            "website": "",
        },
    )
    client.post(path_of(text_of(mailbox.to(OWNER)[0])), {"password": "a-long-passphrase-9"})
    return User.objects.get(email=OWNER)


def walk_the_grant(world, owner: User) -> GrantApplication:
    year = FundYearFactory(fund__programme=world.programme)
    scheme = SchemeFactory(fund=year.fund)
    make_eligible(world.company, world.programme)
    application = ready_application(world.company, scheme, created_by=owner, title="Machine monitoring")
    submit_application(application.pk, actor=owner)
    application_transition(application.pk, S.IN_REVIEW, actor=world.adviser)
    application_transition(application.pk, S.RETURNED, actor=world.adviser, comment="Add the second quote.")
    submit_application(application.pk, actor=owner)
    application_transition(application.pk, S.IN_REVIEW, actor=world.adviser)
    review_add(
        GrantApplication.objects.get(pk=application.pk),
        reviewer=world.adviser,
        scores={"fit": 4, "value": 3},
        comment="",
    )
    application_transition(application.pk, S.RECOMMENDED, actor=world.adviser)
    application_transition(application.pk, S.APPROVED, actor=world.manager)
    accept_offer(application.pk, actor=owner)
    claim_submit(
        GrantApplication.objects.get(pk=application.pk),
        actor=owner,
        amount=Decimal("6000"),
        invoice_date=timezone.localdate(),
        invoice=pdf("invoice.pdf"),
        proof=pdf("proof.pdf"),
    )
    application_transition(application.pk, S.CLAIM_APPROVED, actor=world.adviser)
    application_transition(application.pk, S.PAID, actor=world.manager)
    return application


@pytest.fixture
def journey(client, world):
    """An owner signs up, asks to act for the world's company, is approved, applies, is returned, resubmits, is
    offered a grant, accepts, claims and is paid; every email goes through SMTP to a local server."""
    with smtp_server() as mailbox:
        owner = sign_up_and_confirm(client, mailbox)
        company_claim(user=owner, company=world.company, registered_postcode="BB4 5AB", role_at_company="Director")
        request = MembershipRequest.objects.get(user=owner)
        membership_request_decide(request, approve=True, actor=world.adviser)
        application = walk_the_grant(world, owner)
    return mailbox, owner, application


def test_the_owner_gets_one_email_per_step_from_sign_up_to_payment(journey):
    mailbox, _, _ = journey
    assert mailbox.subjects_to(OWNER) == [
        "Confirm your email address for Adopt",
        "Your Adopt account is ready",
        "You can now act for Ribble Plastics Ltd",
        'Your application "Machine monitoring" is submitted',
        'Changes needed to your application "Machine monitoring"',
        'Your application "Machine monitoring" is submitted',
        'Grant offer: £7,500.00 for "Machine monitoring"',
        'We have your claim for "Machine monitoring"',
        'Your claim for "Machine monitoring" is approved',
        "£6,000.00 paid to Ribble Plastics Ltd",
    ]
    assert "Add the second quote." in text_of(mailbox.to(OWNER)[4])


def test_the_adviser_hears_of_each_step_that_needs_them(journey, world):
    mailbox, _, _ = journey
    assert mailbox.subjects_to(world.adviser.email) == [
        "Olu Owner asks to act for Ribble Plastics Ltd",
        "Application to review: Ribble Plastics Ltd",
        "Application to review: Ribble Plastics Ltd",
        "Ribble Plastics Ltd accepted its grant offer",
        "Claim to check: Ribble Plastics Ltd",
    ]


def test_every_message_of_the_journey_is_kept_as_sent_by_email(journey):
    mailbox, _, _ = journey
    kept = Message.objects.all()
    assert kept.count() == len(mailbox.received) - 1  # the sign-up link is sent at once, never kept
    assert set(kept.values_list("status", "channel", "attempts")) == {(Message.Status.SENT, "email", 1)}
    assert {str(m["Message-ID"]) for m in mailbox.received} >= set(kept.values_list("provider_id", flat=True))


def test_the_links_in_the_owner_s_emails_open_for_the_owner(client, journey):
    mailbox, owner, _ = journey
    client.force_login(owner)
    for message in mailbox.to(OWNER)[1:]:
        links = re.findall(r"https?://\S+", text_of(message).split("\n-- \n")[0])
        for link in links:
            assert client.get(path_of(link)).status_code == 200, (message["Subject"], link)


def test_non_essential_emails_carry_a_one_click_unsubscribe_and_money_ones_do_not(journey, world):
    mailbox, _, _ = journey
    to_adviser = mailbox.to(world.adviser.email)[0]
    assert to_adviser["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert all(message["List-Unsubscribe"] is None for message in mailbox.to(OWNER))
