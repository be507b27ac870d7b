"""Every write of notifications: queueing a message, sending it, the daily digests, and what people choose to hear.

A message is queued inside the transaction of whatever made it worth sending, and sent once that commits, by the
task queue: a send that fails waits 1, 4, 16... minutes and is tried again, and every try is kept on the message.
"""

import datetime
import hashlib
import logging
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from adopt.accounts.models import User
from adopt.companies.models import Company
from adopt.core.retries import CLAIM_EXPIRES, retry_delay, task_enqueue
from adopt.notifications.catalogue import MUTABLE_TOPICS, Topic, kind_of
from adopt.notifications.channels import channel_in_use
from adopt.notifications.models import Message, Preference
from adopt.notifications.rendering import Words, absolute, message_render, words_of
from adopt.programmes.models import Programme

log = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "adopt.notifications.unsubscribe"


def preference_of(user: User) -> Preference:
    return Preference.objects.filter(user=user).first() or Preference(user=user)


def unsubscribe_token(user: User, topic: str) -> str:
    return signing.dumps({"u": user.pk, "t": topic}, salt=UNSUBSCRIBE_SALT)


class BadUnsubscribeLink(ValueError):
    """An unsubscribe link that was changed, cut short, or names a topic that cannot be muted."""


def unsubscribe_read(token: str) -> tuple[User, Topic]:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        user = User.objects.get(pk=data["u"], is_active=True)
        topic = Topic(data["t"])
    except (signing.BadSignature, User.DoesNotExist, KeyError, ValueError, TypeError):
        raise BadUnsubscribeLink("This unsubscribe link is not valid. Check that you copied all of it.") from None
    if topic not in MUTABLE_TOPICS:
        raise BadUnsubscribeLink("Messages about your account and about money are always sent.")
    return user, topic


@transaction.atomic
def preferences_update(user: User, *, daily_digest: bool, muted_topics: list[str]) -> Preference:
    chosen = {Topic(topic) for topic in muted_topics}
    muted = [topic.value for topic in MUTABLE_TOPICS if topic in chosen]
    preference, _ = Preference.objects.update_or_create(
        user=user, defaults={"daily_digest": daily_digest, "muted_topics": muted}
    )
    return preference


@transaction.atomic
def topic_mute(user: User, topic: Topic) -> Preference:
    preference = preference_of(user)
    return preferences_update(
        user, daily_digest=preference.daily_digest, muted_topics=[*preference.muted_topics, topic]
    )


def _footer(user: User | None, topic: Topic, essential: bool) -> tuple[str, str]:
    """The words under the message and the link that unsubscribes from it (none for essential ones)."""
    if user is None:
        return "", ""
    settings_link = absolute(reverse("notifications:preferences"))
    if essential:
        return f"This is about your account or a grant, so it is always sent. Your email settings: {settings_link}", ""
    link = absolute(reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(user, topic)}))
    return (
        f"You get these because you hear about: {topic.label.lower()}.\n"
        f"Stop these emails: {link}\nYour email settings: {settings_link}",
        link,
    )


def message_queue(
    kind_key: str,
    *,
    to: User | str,
    happening: str,
    context: dict[str, Any],
    link: str = "",
    company: Company | None = None,
    programme: Programme | None = None,
    event_type: str = "",
    calendar: str = "",
) -> Message | None:
    """Keep a message for one person about one happening, and send it once the transaction commits.

    `happening` names what it is about (an event, a day's reminders...): the same happening queues one message per
    person and kind however often it is heard. Returns None when there is nobody to send to or it was queued before.
    """
    kind = kind_of(kind_key)
    user = to if isinstance(to, User) else None
    email = (user.email if user else str(to)).strip()
    if not email or (user is not None and (not user.is_active or user.is_service_account)):
        return None
    dedupe_key = hashlib.sha256(f"{happening}|{kind.key}|{email.lower()}".encode()).hexdigest()
    if Message.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    programme = programme or (company.programme if company else None)
    rendered = message_render(
        kind,
        {
            **context,
            "name": (user.full_name if user else context.get("name", "")) or "there",
            "programme_name": programme.name if programme else "Adopt",
            "company_name": company.name if company else context.get("company_name", ""),
            "link": absolute(link) if link else "",
        },
    )
    message = Message(
        kind=kind.key,
        topic=kind.topic,
        essential=kind.essential,
        user=user,
        to_email=email,
        company=company,
        programme=programme,
        event_type=event_type,
        dedupe_key=dedupe_key,
        subject=rendered.subject[:250],
        body_text=rendered.text,
        link=absolute(link) if link else "",
        calendar=calendar,
        status=_first_status(user, kind.key),
    )
    try:
        with transaction.atomic():
            message.save()
    except IntegrityError:  # the same happening heard twice at once
        return None
    if message.status == Message.Status.QUEUED:
        transaction.on_commit(lambda: message_enqueue(message.pk))
    return message


def _first_status(user: User | None, kind_key: str) -> str:
    kind = kind_of(kind_key)
    if user is None or kind.essential or kind.key == "digest":
        return Message.Status.QUEUED
    preference = preference_of(user)
    if kind.topic in preference.muted_topics:
        return Message.Status.SUPPRESSED
    return Message.Status.HELD if preference.daily_digest else Message.Status.QUEUED


@task()
def send_message(message_id: int) -> str:
    return message_send(message_id)


def message_enqueue(message_id: int, *, delay: datetime.timedelta | None = None) -> None:
    task_enqueue(send_message, message_id, delay=delay)


def message_send(message_id: int, now: datetime.datetime | None = None) -> str:
    """Send the message if it is due and nobody else is sending it; says what happened.

    The row is taken in one short transaction and the outcome recorded in another, so no lock is held while the
    mail server or Notify answers. A worker that dies in between leaves the message taken; after `CLAIM_EXPIRES` it
    is sent again (at least once, rather than perhaps never).
    """
    now = now or timezone.now()
    message = _message_claim(message_id, now)
    if isinstance(message, str):
        return message
    try:
        channel = channel_in_use()
        provider_id = channel.send(message, message_words(message))
    except Exception as error:
        log.warning("Message %s could not be sent: %s", message.pk, error)
        return _message_failed(message, f"{type(error).__name__}: {error}", now)
    Message.objects.filter(pk=message.pk, status=Message.Status.SENDING).update(
        status=Message.Status.SENT,
        channel=channel.name,
        provider_id=provider_id[:100],
        sent_at=now,
        next_attempt_at=None,
        error="",
    )
    return Message.Status.SENT.label


def _message_claim(message_id: int, now: datetime.datetime) -> Message | str:
    with transaction.atomic():
        message = (
            Message.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("user", "programme")
            .filter(pk=message_id, status=Message.Status.QUEUED)
            .first()
        )
        if message is None:
            return "not waiting"
        if message.next_attempt_at and message.next_attempt_at > now:
            return "not due yet"
        message.status = Message.Status.SENDING
        message.attempts += 1
        message.claimed_at = now
        message.save(update_fields=["status", "attempts", "claimed_at"])
    return message


def _message_failed(message: Message, error: str, now: datetime.datetime) -> str:
    if message.attempts >= settings.MESSAGE_ATTEMPTS:
        status, next_at = Message.Status.FAILED, None
    else:
        status, next_at = Message.Status.QUEUED, now + retry_delay(message.attempts)
    Message.objects.filter(pk=message.pk, status=Message.Status.SENDING).update(
        status=status, next_attempt_at=next_at, error=error[:2000]
    )
    if next_at is not None:
        transaction.on_commit(lambda: message_enqueue(message.pk, delay=retry_delay(message.attempts)))
    return Message.Status(status).label


def message_words(message: Message) -> Words:
    """The message as it leaves, with the footer and unsubscribe link made for its person now (never stored)."""
    footer, unsubscribe_url = _footer(message.user, Topic(message.topic), message.essential)
    return words_of(
        message.subject,
        message.body_text,
        programme_name=message.programme.name if message.programme else "Adopt",
        footer=footer,
        unsubscribe_url=unsubscribe_url,
    )


def messages_due_send(now: datetime.datetime | None = None) -> tuple[int, int]:
    """Send every queued message whose time has come (retries, and sends whose task was lost); (sent, failing)."""
    now = now or timezone.now()
    Message.objects.filter(status=Message.Status.SENDING, claimed_at__lt=now - CLAIM_EXPIRES).update(
        status=Message.Status.QUEUED, next_attempt_at=None
    )
    queued = Message.objects.filter(status=Message.Status.QUEUED)
    lost = now - datetime.timedelta(minutes=5)
    due = queued.filter(next_attempt_at__lte=now) | queued.filter(next_attempt_at__isnull=True, created_at__lte=lost)
    sent = failing = 0
    for message_id in due.order_by("pk").values_list("pk", flat=True):
        outcome = message_send(message_id, now)
        if outcome == Message.Status.SENT.label:
            sent += 1
        elif outcome not in {"not waiting", "not due yet"}:
            failing += 1
    return sent, failing


@transaction.atomic
def digests_send(now: datetime.datetime | None = None) -> tuple[int, int]:
    """Gather each person's held messages into one; returns (digests queued, messages gathered)."""
    now = now or timezone.now()
    held = Message.objects.filter(status=Message.Status.HELD).select_related("user").order_by("created_at", "pk")
    by_user: dict[User, list[Message]] = defaultdict(list)
    for message in held.select_for_update(of=("self",)):
        if message.user is not None and message.user.is_active:
            by_user[message.user].append(message)
        else:  # the person left before the morning: nobody to gather it for
            Message.objects.filter(pk=message.pk).update(status=Message.Status.SUPPRESSED)
    digests = gathered = 0
    day = timezone.localdate(now).isoformat()
    for user, messages in by_user.items():
        digest = message_queue(
            "digest",
            to=user,
            happening=f"digest:{day}:{messages[-1].pk}",
            context={"messages": messages, "count": len(messages)},
            link=reverse("dashboards:home"),
        )
        if digest is None:
            continue
        Message.objects.filter(pk__in=[m.pk for m in messages]).update(status=Message.Status.IN_DIGEST, digest=digest)
        digests += 1
        gathered += len(messages)
    return digests, gathered


NOTIFY_STATUSES = {
    "delivered": Message.Status.DELIVERED,
    "permanent-failure": Message.Status.FAILED,
    "temporary-failure": Message.Status.FAILED,
    "technical-failure": Message.Status.FAILED,
}


@transaction.atomic
def delivery_receipt_record(*, provider_id: str, status: str, reference: str = "") -> Message | None:
    """Record what GOV.UK Notify says became of a message it sent (its delivery receipt callback)."""
    message = Message.objects.select_for_update().filter(provider_id=provider_id).first()
    if message is None and reference.isdigit():  # Notify echoes our reference, the message's id
        message = Message.objects.select_for_update().filter(pk=int(reference), channel="notify").first()
    if message is None or status not in NOTIFY_STATUSES:
        return message
    message.status = NOTIFY_STATUSES[status]
    if message.status == Message.Status.DELIVERED:
        message.delivered_at = timezone.now()
    else:
        message.error = f"GOV.UK Notify: {status}"
    message.save(update_fields=["status", "delivered_at", "error"])
    return message
