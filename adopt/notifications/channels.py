"""The ways a kept message leaves Adopt: email through Django's backend (SMTP, or the console in the demo), or
GOV.UK Notify through its official client. Each returns the id the provider gave the message."""

from email.utils import make_msgid
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from notifications_python_client.notifications import NotificationsAPIClient

from adopt.notifications.models import Message
from adopt.notifications.rendering import Words


class Channel(Protocol):
    name: str

    def send(self, message: Message, words: Words) -> str: ...


class EmailChannel:
    """Whatever `EMAIL_BACKEND` is: SMTP in production, the console for the demo, memory in tests."""

    name = "email"

    def send(self, message: Message, words: Words) -> str:
        message_id = make_msgid(domain=settings.SITE_URL.split("//")[-1].split("/")[0].split(":")[0] or "adopt")
        headers = {"Message-ID": message_id, "X-Adopt-Message": str(message.pk)}
        if words.unsubscribe_url:
            # RFC 8058: mail clients offer one click, which POSTs to the link.
            headers["List-Unsubscribe"] = f"<{words.unsubscribe_url}>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        email = EmailMultiAlternatives(
            message.subject, words.text, settings.DEFAULT_FROM_EMAIL, [message.to_email], headers=headers
        )
        email.attach_alternative(words.html, "text/html")
        if message.calendar:
            method = "CANCEL" if "METHOD:CANCEL" in message.calendar else "REQUEST"
            email.attach("invite.ics", message.calendar, f"text/calendar; method={method}; charset=utf-8")
        email.send()
        return message_id


class NotifyChannel:
    """GOV.UK Notify: the words go in as personalisation of the template mapped to the message's kind."""

    name = "notify"

    def send(self, message: Message, words: Words) -> str:
        template_id = settings.NOTIFY_TEMPLATE_IDS.get(message.kind) or settings.NOTIFY_TEMPLATE_ID
        if not settings.NOTIFY_API_KEY or not template_id:
            raise ChannelMisconfigured("GOV.UK Notify needs NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID.")
        client = (
            NotificationsAPIClient(settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL)
            if settings.NOTIFY_BASE_URL
            else NotificationsAPIClient(settings.NOTIFY_API_KEY)
        )
        response = client.send_email_notification(
            email_address=message.to_email,
            template_id=template_id,
            personalisation={"subject": message.subject, "body": words.text, "link": message.link},
            reference=str(message.pk),
            one_click_unsubscribe_url=words.unsubscribe_url or None,
        )
        return str(response["id"])


class ChannelMisconfigured(RuntimeError):
    """The chosen channel lacks a setting; the message waits and is tried again once it is set."""


CHANNELS: dict[str, Channel] = {"email": EmailChannel(), "notify": NotifyChannel()}


def channel_in_use() -> Channel:
    try:
        return CHANNELS[settings.MESSAGE_CHANNEL]
    except KeyError:
        raise ChannelMisconfigured(f"MESSAGE_CHANNEL must be one of {', '.join(CHANNELS)}.") from None
