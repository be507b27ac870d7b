"""Every write of webhooks: endpoints, the deliveries an event makes, sending them with retries, and replays.

A delivery is made inside the transaction that published the event's subscriber call and sent once that commits,
by the task queue; one that fails waits 1, 4, 16... minutes and is tried again, each try's answer kept on it.
"""

import datetime
import functools
import hashlib
import json
import logging
import secrets

import requests
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from adopt.accounts.models import User
from adopt.companies.models import Company
from adopt.core.audit import Action, audit_record
from adopt.core.events import Event
from adopt.core.retries import CLAIM_EXPIRES, retry_delay, task_enqueue
from adopt.webhooks.catalogue import EVENT_NAMES, told_of
from adopt.webhooks.guard import UnsafeUrl, url_check
from adopt.webhooks.models import Delivery, Endpoint
from adopt.webhooks.signing import SIGNATURE_HEADER, signature_header
from adopt.webhooks.transport import post_to

log = logging.getLogger(__name__)


def secret_new() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


@transaction.atomic
def endpoint_save(endpoint: Endpoint, *, actor: User) -> Endpoint:
    """Check the address and the events, then keep the endpoint; `ValidationError` says what is wrong."""
    try:
        url_check(endpoint.url)
    except UnsafeUrl as error:
        raise ValidationError({"url": str(error)}) from None
    unknown = sorted(set(endpoint.events) - set(EVENT_NAMES))
    if unknown:
        raise ValidationError({"events": f"Unknown events: {', '.join(unknown)}."})
    if not endpoint.events:
        raise ValidationError({"events": "Choose at least one event."})
    creating = endpoint.pk is None
    endpoint.secret = endpoint.secret or secret_new()
    endpoint.created_by = endpoint.created_by or actor
    endpoint.full_clean()
    endpoint.save()
    audit_record(endpoint, action=Action.CREATED if creating else Action.CHANGED, actor=actor, comment=endpoint.url)
    return endpoint


def _body(name: str, event_id: str, data: dict[str, object], at: datetime.datetime) -> str:
    return json.dumps(
        {"id": event_id, "type": name, "created_at": at.isoformat(), "data": data}, sort_keys=True, ensure_ascii=False
    )


def deliveries_make(event: Event) -> list[Delivery]:
    """One delivery of the event to each active endpoint that asked for it (and for its programme)."""
    told = told_of(event)
    if told is None:
        return []
    endpoints = [endpoint for endpoint in Endpoint.objects.filter(is_active=True) if told.name in endpoint.events]
    if not endpoints:
        return []
    programme_id = (
        Company.objects.filter(pk=told.company_id).values_list("programme_id", flat=True).first()
        if told.company_id
        else told.programme_id
    )
    happening = hashlib.sha256(json.dumps([told.name, event.payload()], sort_keys=True).encode()).hexdigest()
    made = []
    for endpoint in endpoints:
        if endpoint.programme_id is not None and endpoint.programme_id != programme_id:
            continue
        if Delivery.objects.filter(endpoint=endpoint, happening=happening, replay_of__isnull=True).exists():
            continue
        delivery = Delivery(endpoint=endpoint, event_name=told.name, happening=happening)
        delivery.body = _body(told.name, str(delivery.event_id), {**told.data, "programme_id": programme_id}, event.at)
        delivery.save()
        made.append(delivery)
    for delivery in made:
        transaction.on_commit(functools.partial(delivery_enqueue, delivery.pk))
    return made


@transaction.atomic
def ping_send(endpoint: Endpoint) -> Delivery:
    delivery = Delivery(endpoint=endpoint, event_name="ping", happening=f"ping:{secrets.token_hex(8)}")
    delivery.body = _body("ping", str(delivery.event_id), {"endpoint": endpoint.name}, timezone.now())
    delivery.save()
    transaction.on_commit(lambda: delivery_enqueue(delivery.pk))
    return delivery


@transaction.atomic
def delivery_replay(delivery: Delivery, *, actor: User) -> Delivery:
    """Send the same body again (same event id, so a receiver can tell it has seen it), as a new delivery."""
    replay = Delivery.objects.create(
        endpoint=delivery.endpoint,
        event_id=delivery.event_id,
        event_name=delivery.event_name,
        happening=delivery.happening,
        body=delivery.body,
        replay_of=delivery,
    )
    audit_record(delivery.endpoint, action=Action.CHANGED, actor=actor, comment=f"Replayed delivery {delivery.pk}")
    transaction.on_commit(lambda: delivery_enqueue(replay.pk))
    return replay


@task()
def send_delivery(delivery_id: int) -> str:
    return delivery_send(delivery_id)


def delivery_enqueue(delivery_id: int, *, delay: datetime.timedelta | None = None) -> None:
    task_enqueue(send_delivery, delivery_id, delay=delay)


def delivery_send(delivery_id: int, now: datetime.datetime | None = None) -> str:
    """POST the delivery, signed, if it is due and nobody else is sending it; says what happened.

    Taken in one short transaction and recorded in another, so no lock is held while the receiver answers; a
    worker that dies in between leaves it taken, and after `CLAIM_EXPIRES` it is sent again (at least once).
    """
    now = now or timezone.now()
    delivery = _delivery_claim(delivery_id, now)
    if isinstance(delivery, str):
        return delivery
    body = delivery.body.encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Adopt-Webhooks/1",
        "Adopt-Event": delivery.event_name,
        "Adopt-Delivery": str(delivery.event_id),
        SIGNATURE_HEADER: signature_header(delivery.endpoint.secret, int(now.timestamp()), body),
    }
    status: int | None = None
    excerpt = ""
    try:
        ip = url_check(delivery.endpoint.url)
        answer = post_to(delivery.endpoint.url, ip, body, headers, settings.WEBHOOK_TIMEOUT_SECONDS)
        status, excerpt = answer.status, answer.excerpt
        error = "" if 200 <= status < 300 else f"The endpoint answered {status}."
    except (requests.RequestException, UnsafeUrl) as problem:
        error = f"{type(problem).__name__}: {problem}"[:500]
    changes: dict[str, object] = {"response_status": status, "response_excerpt": excerpt[:500], "error": error}
    if not error:
        changes |= {"status": Delivery.Status.DELIVERED, "delivered_at": now, "next_attempt_at": None}
    elif delivery.attempts >= settings.WEBHOOK_ATTEMPTS:
        changes |= {"status": Delivery.Status.FAILED, "next_attempt_at": None}
    else:
        delay = retry_delay(delivery.attempts)
        changes |= {"status": Delivery.Status.PENDING, "next_attempt_at": now + delay}
        transaction.on_commit(lambda: delivery_enqueue(delivery_id, delay=delay))
    Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.SENDING).update(**changes)
    return Delivery.Status(str(changes["status"])).label


def _delivery_claim(delivery_id: int, now: datetime.datetime) -> Delivery | str:
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("endpoint")
            .filter(pk=delivery_id, status=Delivery.Status.PENDING)
            .first()
        )
        if delivery is None:
            return "not waiting"
        if delivery.next_attempt_at and delivery.next_attempt_at > now:
            return "not due yet"
        delivery.status = Delivery.Status.SENDING
        delivery.attempts += 1
        delivery.claimed_at = now
        delivery.save(update_fields=["status", "attempts", "claimed_at"])
    return delivery


def deliveries_due_send(now: datetime.datetime | None = None) -> tuple[int, int]:
    """Send every pending delivery whose time has come (retries, and sends whose task was lost)."""
    now = now or timezone.now()
    Delivery.objects.filter(status=Delivery.Status.SENDING, claimed_at__lt=now - CLAIM_EXPIRES).update(
        status=Delivery.Status.PENDING, next_attempt_at=None
    )
    pending = Delivery.objects.filter(status=Delivery.Status.PENDING)
    lost = now - datetime.timedelta(minutes=5)
    due = pending.filter(next_attempt_at__lte=now) | pending.filter(next_attempt_at__isnull=True, created_at__lte=lost)
    delivered = failing = 0
    for delivery_id in due.order_by("pk").values_list("pk", flat=True):
        outcome = delivery_send(delivery_id, now)
        if outcome == Delivery.Status.DELIVERED.label:
            delivered += 1
        elif outcome not in {"not waiting", "not due yet"}:
            failing += 1
    return delivered, failing
