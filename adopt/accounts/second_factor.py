"""The second factor: an authenticator app (TOTP) with one-time recovery codes, kept by django-otp.

Staff must use it (their accounts reach many companies' data); anyone else may turn it on. A session counts as
verified once a code from one of the person's confirmed devices has been accepted in it.
"""

import io
import math
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from adopt.accounts.models import User

RECOVERY_CODES = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


def has_second_factor(user: User) -> bool:
    return bool(user_has_device(user, confirmed=True))


def pending_app_device(user: User) -> TOTPDevice:
    """The authenticator app being set up: the same key until it is confirmed, so a reload shows the same code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def app_key_text(device: TOTPDevice) -> str:
    """The key as people type it into an app: base32 in groups of four."""
    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The app's set-up link as an SVG QR code, drawn here so nothing leaves the server."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]  # the XML declaration has no place inside an HTML page


@transaction.atomic
def app_device_confirm(request: HttpRequest, user: User, token: str) -> list[str] | None:
    """Confirm the app with a code it shows; returns fresh recovery codes (shown once), or None for a wrong code."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk").first()
    if device is None or not device.verify_token(token.replace(" ", "")):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    otp_login(request, device)
    return recovery_codes_renew(user)


@transaction.atomic
def recovery_codes_renew(user: User) -> list[str]:
    """Replace the person's recovery codes with new ones; each works once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def seconds_to_wait(user: User) -> int:
    """How long django-otp's throttling holds the person's next code back after wrong ones (0: not at all)."""
    now = timezone.now()
    waits = [0]
    for device in [*TOTPDevice.objects.filter(user=user), *StaticDevice.objects.filter(user=user)]:
        if device.throttling_failure_count and device.throttling_failure_timestamp:
            delay = device.get_throttle_factor() * 2 ** (device.throttling_failure_count - 1)
            waits.append(math.ceil(delay - (now - device.throttling_failure_timestamp).total_seconds()))
    return max(waits)


def verify_session(request: HttpRequest, user: User, token: str) -> bool:
    """Accept a code from the app or a recovery code; the session is verified from then on.

    Each device throttles wrong codes itself (django-otp doubles the wait after each failure).
    """
    token = token.strip().replace(" ", "").lower()
    with transaction.atomic():
        for device in [
            *TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True),
            *StaticDevice.objects.select_for_update().filter(user=user, confirmed=True),
        ]:
            allowed, _ = device.verify_is_allowed()
            if allowed and device.verify_token(token):
                otp_login(request, device)
                return True
    return False
