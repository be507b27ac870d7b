"""Webhooks end to end: a local receiver gets signed deliveries, failures are retried, replays resend the same body,
and no delivery goes to an address inside the network unless allowed."""

import datetime
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from adopt.funding.models import GrantApplication
from adopt.funding.services import application_transition, review_add
from adopt.funding.tests.factories import (
    FundYearFactory,
    SchemeFactory,
    make_eligible,
    ready_application,
    submit_application,
)
from adopt.webhooks.guard import UnsafeUrl, url_check
from adopt.webhooks.models import Delivery, Endpoint
from adopt.webhooks.services import deliveries_due_send, delivery_replay, endpoint_save
from adopt.webhooks.signing import signature_valid

S = GrantApplication.Status
SECRET = "whsec_test-secret"


def verified(secret: str, header: str, body: bytes) -> bool:
    """A receiver's own check, written from the documented scheme rather than Adopt's code."""
    parts = dict(item.split("=", 1) for item in header.split(","))
    expected = hmac.new(secret.encode(), parts["t"].encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts["v1"]) and abs(time.time() - int(parts["t"])) < 300


@contextmanager
def receiver(answers: list[int] | None = None) -> Iterator[tuple[str, list[dict]]]:
    """A local HTTP endpoint that keeps what it got and answers each POST with the next status in `answers`."""
    got: list[dict] = []
    statuses = list(answers or [])

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            got.append({"headers": dict(self.headers), "body": body})
            self.send_response(statuses.pop(0) if statuses else 204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with override_settings(WEBHOOKS_ALLOW_PRIVATE=True):
            yield f"http://127.0.0.1:{server.server_port}/adopt-hook", got
    finally:
        server.shutdown()


def endpoint_for(world, url: str, events: list[str], **fields) -> Endpoint:
    return endpoint_save(
        Endpoint(name="CRM", url=url, secret=SECRET, events=events, **fields), actor=world.national_admin
    )


def approve(world) -> GrantApplication:
    year = FundYearFactory(fund__programme=world.programme)
    make_eligible(world.company, world.programme)
    application = ready_application(world.company, SchemeFactory(fund=year.fund), created_by=world.sme_member)
    submit_application(application.pk, actor=world.sme_member)
    application_transition(application.pk, S.IN_REVIEW, actor=world.adviser)
    review_add(
        GrantApplication.objects.get(pk=application.pk),
        reviewer=world.adviser,
        scores={"fit": 4, "value": 3},
        comment="",
    )
    application_transition(application.pk, S.RECOMMENDED, actor=world.adviser)
    return application_transition(application.pk, S.APPROVED, actor=world.manager)


def test_a_receiver_gets_a_signed_application_approved_and_can_verify_it(world):
    with receiver() as (url, got):
        endpoint_for(world, url, ["application.approved"])
        application = approve(world)
    (delivery,) = got
    assert delivery["headers"]["Adopt-Event"] == "application.approved"
    assert verified(SECRET, delivery["headers"]["Adopt-Signature"], delivery["body"])
    body = json.loads(delivery["body"])
    assert body["type"] == "application.approved"
    assert body["data"]["application_id"] == application.pk
    assert body["data"]["programme_id"] == world.programme.pk
    assert body["id"] == delivery["headers"]["Adopt-Delivery"]
    assert Delivery.objects.get().status == Delivery.Status.DELIVERED


def test_a_signature_made_with_another_secret_or_for_another_body_does_not_verify(world):
    with receiver() as (url, got):
        endpoint_for(world, url, ["application.approved"])
        approve(world)
    header, body = got[0]["headers"]["Adopt-Signature"], got[0]["body"]
    now = int(time.time())
    assert signature_valid(SECRET, header, body, now=now)
    assert not signature_valid("whsec_other", header, body, now=now)
    assert not signature_valid(SECRET, header, body.replace(b"approved", b"rejected"), now=now)
    assert not signature_valid(SECRET, header, body, now=now + 3600)  # a replay an hour later is refused


def test_a_failed_delivery_is_kept_and_retried_until_the_receiver_takes_it(world):
    with receiver(answers=[500, 503]) as (url, got):
        endpoint_for(world, url, ["application.approved"])
        approve(world)
        delivery = Delivery.objects.get()
        assert (delivery.status, delivery.attempts, delivery.response_status) == (Delivery.Status.PENDING, 1, 500)
        assert delivery.error == "The endpoint answered 500."
        later = timezone.now() + datetime.timedelta(minutes=2)
        assert deliveries_due_send(later) == (0, 1)
        assert deliveries_due_send(later + datetime.timedelta(minutes=5)) == (1, 0)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_status) == (Delivery.Status.DELIVERED, 3, 204)
    assert len(got) == 3
    assert len({g["body"] for g in got}) == 1  # the same body every time


@override_settings(WEBHOOK_ATTEMPTS=2)
def test_a_delivery_that_keeps_failing_is_given_up_and_can_be_replayed(world):
    with receiver(answers=[500, 500]) as (url, got):
        endpoint_for(world, url, ["application.approved"])
        approve(world)
        deliveries_due_send(timezone.now() + datetime.timedelta(minutes=2))
        failed = Delivery.objects.get()
        assert failed.status == Delivery.Status.FAILED
        replay = delivery_replay(failed, actor=world.national_admin)
    replay.refresh_from_db()
    assert replay.status == Delivery.Status.DELIVERED
    assert replay.event_id == failed.event_id
    assert got[-1]["body"] == got[0]["body"]


def test_only_the_events_chosen_and_the_programme_chosen_are_sent(world):
    with receiver() as (url, got):
        endpoint_for(world, url, ["application.rejected"])
        endpoint_for(world, url, ["application.approved"], programme=world.other_programme)
        approve(world)
    assert got == []
    assert not Delivery.objects.exists()


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://93.184.215.14/hook", "Only http:// and https://"),
        ("http://127.0.0.1:8000/hook", "private or local address"),
        ("http://10.0.0.5/hook", "private or local address"),
        ("http://169.254.169.254/latest/meta-data/", "private or local address"),
        ("http://[::1]/hook", "private or local address"),
        ("http://user:pass@93.184.215.14/hook", "no user name or password"),
    ],
)
def test_addresses_inside_the_network_are_refused(url, reason):
    with pytest.raises(UnsafeUrl, match=reason):
        url_check(url)


def test_a_public_address_is_accepted():
    url_check("https://93.184.215.14/hook")


def test_registering_a_private_address_says_why_it_is_refused(world):
    with pytest.raises(ValidationError, match="private or local address"):
        endpoint_for(world, "http://192.168.1.10/hook", ["grant.paid"])


def test_a_national_admin_registers_an_endpoint_and_sends_a_test_delivery_from_the_pages(client, world):
    client.force_login(world.national_admin)
    with receiver() as (url, got):
        response = client.post(
            reverse("webhooks:endpoint-list"), {"name": "Warehouse", "url": url, "events": ["grant.paid"]}
        )
        endpoint = Endpoint.objects.get(name="Warehouse")
        assert response.url == reverse("webhooks:endpoint-detail", kwargs={"pk": endpoint.pk})
        assert endpoint.secret.startswith("whsec_")
        client.post(response.url, {"action": "ping"})
    assert json.loads(got[0]["body"])["type"] == "ping"
    assert verified(endpoint.secret, got[0]["headers"]["Adopt-Signature"], got[0]["body"])
    page = client.get(response.url).text
    assert "ping" in page
    assert "Delivered" in page


def test_a_delivery_connects_to_the_address_checked_and_names_the_host(world, monkeypatch):
    """DNS is asked once, by the guard: the connection goes there, so a second answer cannot redirect it."""
    import socket

    with receiver() as (url, got):
        port = url.split(":")[2].split("/")[0]
        asked = []

        def resolver(host, *args, **kwargs):
            asked.append(host)
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", int(port)))]

        monkeypatch.setattr("adopt.webhooks.guard.socket.getaddrinfo", resolver)
        endpoint_for(world, f"http://hooks.crm.example:{port}/adopt-hook", ["application.approved"])
        approve(world)
    assert got[0]["headers"]["Host"] == f"hooks.crm.example:{port}"
    assert Delivery.objects.get().status == Delivery.Status.DELIVERED
    # The name is looked up on saving and before the delivery; the connection itself only opens the address found.
    assert asked == ["hooks.crm.example", "hooks.crm.example", "127.0.0.1"]


def test_a_redirect_is_not_followed_nor_taken_as_delivered(world):
    with receiver(answers=[302]) as (url, got):
        endpoint_for(world, url, ["application.approved"])
        approve(world)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.response_status) == (Delivery.Status.PENDING, 302)
    assert len(got) == 1


def test_a_delivery_whose_worker_died_is_sent_again_after_a_while(world):
    with receiver() as (url, got):
        endpoint_for(world, url, ["application.approved"])
        approve(world)
        Delivery.objects.update(status=Delivery.Status.SENDING, claimed_at=timezone.now())
        assert deliveries_due_send() == (0, 0)  # still being sent by someone
        assert deliveries_due_send(timezone.now() + datetime.timedelta(minutes=11)) == (1, 0)
    assert len(got) == 2
    assert Delivery.objects.get().status == Delivery.Status.DELIVERED
