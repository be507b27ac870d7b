"""Queueing, choosing, retrying and gathering messages, through the services and the pages people use."""

import datetime
import re

from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from adopt.companies.services import company_save
from adopt.notifications.catalogue import Topic
from adopt.notifications.models import Message
from adopt.notifications.services import (
    digests_send,
    message_queue,
    messages_due_send,
    preferences_update,
    unsubscribe_token,
)
from adopt.onboarding.services import enquiry_record


def casework_message(world, happening="one"):
    return message_queue("company_assigned", to=world.adviser, happening=happening, company=world.company, context={})


def test_the_same_happening_queues_one_message_per_person_however_often_it_is_heard(world):
    assert casework_message(world) is not None
    assert casework_message(world) is None
    assert Message.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_muted_topic_is_kept_as_not_sent_and_sends_nothing(world):
    preferences_update(world.adviser, daily_digest=False, muted_topics=[Topic.CASEWORK])
    message = casework_message(world)
    assert message.status == Message.Status.SUPPRESSED
    assert mail.outbox == []


def test_money_messages_are_sent_whatever_the_person_muted(world):
    preferences_update(world.sme_member, daily_digest=True, muted_topics=[t.value for t in Topic])
    message = message_queue(
        "grant_paid",
        to=world.sme_member,
        happening="paid",
        company=world.company,
        context={"application": world.application, "amount": "£10.00"},
    )
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert mail.outbox[0].subject == "£10.00 paid to Ribble Plastics Ltd"


def test_staff_on_the_daily_digest_get_one_email_gathering_what_was_held(world):
    preferences_update(world.adviser, daily_digest=True, muted_topics=[])
    held = [casework_message(world, happening=str(n)) for n in range(3)]
    assert {m.status for m in held} == {Message.Status.HELD}
    assert mail.outbox == []
    assert digests_send() == (1, 3)
    assert mail.outbox[0].subject == "Adopt: 3 updates since yesterday"
    assert mail.outbox[0].body.count("Ribble Plastics Ltd is now on your caseload") == 3
    assert set(Message.objects.filter(pk__in=[m.pk for m in held]).values_list("status", flat=True)) == {
        Message.Status.IN_DIGEST
    }
    assert digests_send() == (0, 0)


class Refusing:
    name = "refusing"

    def send(self, message, words):
        raise ConnectionRefusedError("the mail server is down")


def test_a_failed_send_is_kept_with_its_error_and_tried_again_later(world, monkeypatch):
    monkeypatch.setattr("adopt.notifications.services.channel_in_use", lambda: Refusing())
    message = casework_message(world)
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Message.Status.QUEUED, 1)
    assert message.error == "ConnectionRefusedError: the mail server is down"
    assert message.next_attempt_at > timezone.now()
    monkeypatch.undo()
    assert messages_due_send(timezone.now() + datetime.timedelta(minutes=2)) == (1, 0)
    message.refresh_from_db()
    assert (message.status, message.attempts, message.error) == (Message.Status.SENT, 2, "")


@override_settings(MESSAGE_ATTEMPTS=2)
def test_a_message_that_keeps_failing_stops_being_tried_and_says_why(world, monkeypatch):
    monkeypatch.setattr("adopt.notifications.services.channel_in_use", lambda: Refusing())
    message = casework_message(world)
    messages_due_send(timezone.now() + datetime.timedelta(minutes=2))
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Message.Status.FAILED, 2)
    assert messages_due_send(timezone.now() + datetime.timedelta(days=1)) == (0, 0)


def test_the_unsubscribe_link_asks_then_mutes_only_that_topic(client, world):
    url = reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(world.adviser, Topic.CASEWORK)})
    assert "Stop these emails?" in client.get(url).text
    assert "You are unsubscribed" in client.post(url).text
    assert world.adviser.message_preference.muted_topics == [Topic.CASEWORK]


def test_a_mail_client_s_one_click_unsubscribe_works_without_a_form_token(world):
    from django.test import Client

    url = reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(world.adviser, Topic.REMINDERS)})
    response = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert world.adviser.message_preference.muted_topics == [Topic.REMINDERS]


def test_an_unsubscribe_link_cannot_be_made_for_money_messages(client, world):
    url = reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(world.sme_member, Topic.MONEY)})
    assert client.post(url).status_code == 404


def test_people_choose_what_they_hear_on_their_email_settings(client, world):
    client.force_login(world.sme_member)
    url = reverse("notifications:preferences")
    client.post(url, {"heard_topics": [Topic.PROGRESS], "daily_digest": "on"})
    preference = world.sme_member.message_preference
    assert preference.daily_digest
    assert preference.muted_topics == [Topic.REMINDERS, Topic.CASEWORK]
    page = client.get(url).text
    assert "Grant decisions, offers, claims and payments" in page  # always sent, and said so


def test_an_enquiry_is_acknowledged_and_the_programme_s_managers_are_told(world):
    enquiry_record(
        programme=world.programme, name="Jo Bloggs", email="jo@example.test", company_name="Bloggs Ltd", message="Hi"
    )
    to = {message.to[0]: message.subject for message in mail.outbox}
    assert to["jo@example.test"] == f"We have your enquiry about {world.programme.name}"
    assert to[world.manager.email] == "New enquiry from Bloggs Ltd"


def test_assigning_an_adviser_tells_the_company_and_the_adviser(world):
    company_save(world.company, changes={"adviser": world.manager}, actor=world.manager)
    to = {message.to[0]: message.subject for message in mail.outbox}
    assert to[world.sme_member.email] == f"{world.manager.full_name} is your technology adviser"
    assert to[world.manager.email] == "Ribble Plastics Ltd is now on your caseload"


def test_staff_see_what_was_sent_about_a_company_without_the_recipient_s_own_links(client, world):
    message = casework_message(world)
    client.force_login(world.manager)
    listing = client.get(reverse("notifications:company-messages", kwargs={"company_pk": world.company.pk})).text
    assert "Ribble Plastics Ltd is now on your caseload" in listing
    assert "Sent" in listing
    detail = client.get(
        reverse("notifications:message-detail", kwargs={"company_pk": world.company.pk, "pk": message.pk})
    ).text
    assert world.adviser.email in detail
    assert "unsubscribe" not in detail.lower()


def test_follow_up_reminders_run_twice_in_a_day_send_nothing_twice(world):
    from adopt.funding.models import FundYear, LedgerEntry

    entry = LedgerEntry.objects.create(
        fund_year=FundYear.objects.filter(fund__programme=world.programme).get(),
        application=world.application,
        kind=LedgerEntry.Kind.PAYMENT,
        amount=5000,
        actor=world.manager,
    )
    LedgerEntry.objects.filter(pk=entry.pk).update(at=timezone.now() - datetime.timedelta(days=200))
    call_command("remind_follow_ups", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = len(mail.outbox)
    call_command("remind_follow_ups", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == first
    to = {message.to[0]: message for message in mail.outbox}
    assert "6-month follow-up due" in to[world.adviser.email].body
    assert re.search(r"6-month follow-up \(overdue\)|6-month follow-up$", to[world.sme_member.email].subject)


def test_someone_joining_with_the_company_s_code_is_told_to_the_adviser(world):
    from adopt.onboarding.services import company_register

    owner = world.sme_outsider
    company = company_register(
        user=owner,
        programme=world.programme,
        name="Pennine Castings Ltd",
        companies_house_number="",
        postcode="BB4 5AB",
        sic_codes=["25620"],
        staff_headcount=12,
    )
    to = {message.to[0]: message for message in mail.outbox}
    told = to[world.manager.email]  # the company has no adviser yet, so its programme's managers hear
    assert told.subject == f"{owner.full_name} now acts for Pennine Castings Ltd"
    assert "has no adviser yet" in told.body
    assert company.messages.get().kind == "company_joined"


def test_a_person_whose_account_is_deleted_is_told_and_no_copy_is_kept(world):
    from adopt.onboarding.services import deletion_process, deletion_request

    email = world.sme_member.email
    deletion_process(deletion_request(world.sme_member, "leaving"))
    assert [message.subject for message in mail.outbox if message.to == [email]] == ["Your Adopt account is deleted"]
    assert not Message.objects.filter(to_email=email).exists()


def test_a_send_whose_worker_died_is_taken_again_after_a_while(world, monkeypatch):
    monkeypatch.setattr("adopt.notifications.services.message_enqueue", lambda *args, **kwargs: None)
    message = casework_message(world)
    Message.objects.filter(pk=message.pk).update(status=Message.Status.SENDING, claimed_at=timezone.now())
    assert messages_due_send() == (0, 0)  # still being sent by someone
    assert messages_due_send(timezone.now() + datetime.timedelta(minutes=11)) == (1, 0)
    message.refresh_from_db()
    assert message.status == Message.Status.SENT


def test_the_unsubscribe_link_is_added_as_the_message_leaves_and_never_kept(world):
    message = casework_message(world)
    sent = mail.outbox[0]
    assert "/messages/unsubscribe/" in sent.body
    assert "/messages/unsubscribe/" not in Message.objects.get(pk=message.pk).body_text


def test_a_person_s_data_holds_messages_naming_them_but_not_another_address_containing_theirs(world):
    from adopt.accounts.tests.factories import UserFactory
    from adopt.onboarding.personal_data import REGISTER

    place = next(p for p in REGISTER if p.model == "notifications.Message")
    an = UserFactory(email="an@example.test")
    message_queue("company_assigned", to=world.adviser, happening="x", company=world.company, context={})
    Message.objects.update(body_text="joan@example.test asked; an@example.test too.")
    assert place.rows(an).count() == 1
    Message.objects.update(body_text="joan@example.test asked.")
    assert place.rows(an).count() == 0
