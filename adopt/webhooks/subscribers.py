"""Every event a webhook can be told of makes its deliveries. Subscribed at start-up (`WebhooksConfig.ready`)."""

from adopt.core.events import Event, subscribe
from adopt.webhooks.catalogue import HEARD_EVENTS
from adopt.webhooks.services import deliveries_make


def deliveries_for(event: Event) -> None:
    deliveries_make(event)


def subscribe_all() -> None:
    for event_type in HEARD_EVENTS:
        subscribe(event_type, deliveries_for)
