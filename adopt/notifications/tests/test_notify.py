"""GOV.UK Notify through its own client, against a local server that answers as Notify does, and Notify's
delivery receipts coming back."""

import json
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, HTTPServer

import jwt
from django.test import override_settings
from django.urls import reverse

from adopt.notifications.models import Message
from adopt.notifications.services import message_queue

SERVICE_ID = str(uuid.uuid4())
SECRET = str(uuid.uuid4())
API_KEY = f"adopt_test-{SERVICE_ID}-{SECRET}"
TEMPLATE_ID = str(uuid.uuid4())
NOTIFICATION_ID = str(uuid.uuid4())


@contextmanager
def notify_stub() -> Iterator[list[dict]]:
    """Answers POST /v2/notifications/email with Notify's documented 201 response, keeping what was asked."""
    asked: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            asked.append({"path": self.path, "auth": self.headers["Authorization"], "body": body})
            answer = {
                "id": NOTIFICATION_ID,
                "reference": body.get("reference"),
                "content": {"subject": body["personalisation"]["subject"], "body": "...", "from_email": "x@y"},
                "uri": f"/v2/notifications/{NOTIFICATION_ID}",
                "template": {"id": body["template_id"], "version": 1, "uri": "/v2/template/x"},
            }
            encoded = json.dumps(answer).encode()
            self.send_response(201)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(encoded)))
            self.end_headers()
            self.wfile.write(encoded)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with override_settings(
            MESSAGE_CHANNEL="notify",
            NOTIFY_API_KEY=API_KEY,
            NOTIFY_BASE_URL=f"http://127.0.0.1:{server.server_port}",
            NOTIFY_TEMPLATE_ID=TEMPLATE_ID,
            NOTIFY_CALLBACK_TOKEN="callback-secret",
        ):
            yield asked
    finally:
        server.shutdown()


def queue(world):
    return message_queue(
        "grant_paid",
        to=world.sme_member,
        happening="paid",
        company=world.company,
        context={"application": world.application, "amount": "£10.00"},
    )


def test_a_message_goes_to_notify_as_its_client_sends_it_signed_with_the_service_key(world):
    with notify_stub() as asked:
        message = queue(world)
    (request,) = asked
    assert request["path"] == "/v2/notifications/email"
    claims = jwt.decode(request["auth"].removeprefix("Bearer "), SECRET, algorithms=["HS256"])
    assert claims["iss"] == SERVICE_ID
    assert request["body"]["email_address"] == world.sme_member.email
    assert request["body"]["template_id"] == TEMPLATE_ID
    assert request["body"]["reference"] == str(message.pk)
    assert request["body"]["personalisation"]["subject"] == "£10.00 paid to Ribble Plastics Ltd"
    message.refresh_from_db()
    assert (message.status, message.channel, message.provider_id) == (Message.Status.SENT, "notify", NOTIFICATION_ID)


def test_notify_s_delivery_receipt_marks_the_message_delivered(client, world):
    with notify_stub():
        message = queue(world)
        receipt = {"id": NOTIFICATION_ID, "reference": str(message.pk), "status": "delivered", "to": "x"}
        response = client.post(
            reverse("notifications:notify-receipt"),
            json.dumps(receipt),
            content_type="application/json",
            headers={"Authorization": "Bearer callback-secret"},
        )
    assert response.json() == {"recorded": True}
    message.refresh_from_db()
    assert message.status == Message.Status.DELIVERED
    assert message.delivered_at is not None


def test_a_receipt_without_the_callback_token_is_refused(client, world):
    with notify_stub():
        message = queue(world)
        response = client.post(
            reverse("notifications:notify-receipt"),
            json.dumps({"id": NOTIFICATION_ID, "status": "permanent-failure"}),
            content_type="application/json",
            headers={"Authorization": "Bearer guessed"},
        )
    assert response.status_code == 401
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
