"""POSTing a delivery to the address the guard checked, not to whatever the host name resolves to a moment later.

The connection goes to the checked IP; the request still names the host (the Host header, and for https the
name the certificate is checked against and sent in SNI), so the receiver sees an ordinary request.
"""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter

EXCERPT_BYTES = 500  # of the receiver's answer, kept on the delivery; the rest is never read


@dataclass(frozen=True)
class Answer:
    status: int
    excerpt: str


class _PinnedHost(HTTPAdapter):
    def __init__(self, hostname: str) -> None:
        self._hostname = hostname
        super().__init__()

    def init_poolmanager(self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any) -> None:
        # urllib3 drops these two for plain http, and checks the certificate against the name for https.
        pool_kwargs["server_hostname"] = self._hostname
        pool_kwargs["assert_hostname"] = self._hostname
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)


def post_to(url: str, ip: str, body: bytes, headers: dict[str, str], timeout: float) -> Answer:
    parts = urlsplit(url)
    hostname = parts.hostname or ""
    host = f"[{ip}]" if ":" in ip else ip
    pinned = urlunsplit(parts._replace(netloc=host + (f":{parts.port}" if parts.port else "")))
    with requests.Session() as session:
        session.mount(f"{parts.scheme}://", _PinnedHost(hostname))
        headers = {**headers, "Host": parts.netloc.rsplit("@", 1)[-1]}
        with session.post(
            pinned, data=body, headers=headers, timeout=timeout, allow_redirects=False, stream=True
        ) as response:
            excerpt = response.raw.read(EXCERPT_BYTES, decode_content=True) or b""
            return Answer(response.status_code, excerpt.decode(errors="replace"))
