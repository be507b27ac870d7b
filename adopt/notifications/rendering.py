"""A message's words from its template files: `<kind>.txt` starts with a `Subject:` line, then the body.

The HTML part is the same words in the programme's email layout, so the two never say different things.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template import Context, engines
from django.template.loader import render_to_string

from adopt.notifications.catalogue import Kind


class TemplateMisshapen(ValueError):
    """A message template that does not start with its `Subject:` line."""


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str


@dataclass(frozen=True)
class Words:
    """A message as it leaves: its text and HTML parts with the footer, and the person's unsubscribe link."""

    text: str
    html: str
    unsubscribe_url: str


def absolute(path: str) -> str:
    """A link a person can follow from their mailbox."""
    return path if path.startswith(("http://", "https://")) else settings.SITE_URL.rstrip("/") + path


def message_render(kind: Kind, context: dict[str, Any]) -> Rendered:
    engine = engines["django"].engine  # type: ignore[attr-defined]
    template = engine.get_template(f"notifications/messages/{kind.key}.txt")
    words = template.render(Context(context, autoescape=False)).strip()
    first, _, body = words.partition("\n")
    if not first.startswith("Subject:"):
        raise TemplateMisshapen(f"notifications/messages/{kind.key}.txt must start with 'Subject: ...'.")
    return Rendered(subject=" ".join(first.removeprefix("Subject:").split()), text=body.strip() + "\n")


def words_of(subject: str, body: str, *, programme_name: str, footer: str, unsubscribe_url: str) -> Words:
    """The text and the HTML (the same words in the programme's email layout, so the two never disagree)."""
    text = f"{body.rstrip()}\n\n-- \n{footer}\n" if footer else body
    html = render_to_string(
        "notifications/email.html",
        {"subject": subject, "body": body, "footer": footer, "programme_name": programme_name},
    )
    return Words(text=text, html=html, unsubscribe_url=unsubscribe_url)
