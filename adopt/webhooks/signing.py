"""How a delivery is signed, and how a receiver checks it: HMAC-SHA256 over "<timestamp>.<body>" with the endpoint's
secret, sent as `Adopt-Signature: t=<unix seconds>,v1=<hex digest>`. The timestamp lets a receiver refuse a
delivery replayed by someone else long after it was sent. Pure."""

import hashlib
import hmac

SIGNATURE_HEADER = "Adopt-Signature"
TOLERANCE_SECONDS = 300


def signature_of(secret: str, timestamp: int, body: bytes) -> str:
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    return f"t={timestamp},v1={signature_of(secret, timestamp, body)}"


def signature_valid(secret: str, header: str, body: bytes, *, now: int, tolerance: int = TOLERANCE_SECONDS) -> bool:
    """What a receiver does: the signature matches the body and was made within `tolerance` seconds of now."""
    try:
        parts = dict(part.split("=", 1) for part in header.split(","))
        timestamp = int(parts["t"])
    except (ValueError, KeyError):
        return False
    if abs(now - timestamp) > tolerance:
        return False
    return hmac.compare_digest(parts.get("v1", ""), signature_of(secret, timestamp, body))
