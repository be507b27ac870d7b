"""Which URLs Adopt may call: http(s) only, and no address inside the network Adopt runs in unless a setting allows
it, so that registering a webhook cannot be used to reach internal services (server-side request forgery)."""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings


class UnsafeUrl(ValueError):
    """A URL Adopt will not call, with the reason in words."""


def url_check(url: str) -> str:
    """The address to connect to, after checking that every address the URL's host resolves to is a public one
    (or private ones are allowed); `UnsafeUrl` otherwise. Checked when the endpoint is saved and before each
    delivery, which then connects to the address checked, so DNS cannot change in between (rebinding)."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        raise UnsafeUrl("Only http:// and https:// addresses can receive webhooks.")
    if not parts.hostname:
        raise UnsafeUrl("The address has no host name.")
    if parts.username or parts.password:
        raise UnsafeUrl("Put no user name or password in the address: deliveries are signed with the secret.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        found = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, ValueError):
        raise UnsafeUrl(f"{parts.hostname} cannot be found.") from None
    addresses = [ipaddress.ip_address(str(address[0]).split("%")[0]) for *_, address in found]
    for ip in addresses:
        if not ip.is_global and not settings.WEBHOOKS_ALLOW_PRIVATE:
            raise UnsafeUrl(
                f"{parts.hostname} is a private or local address ({ip}); webhooks go only to public addresses."
            )
    return str(addresses[0])
