"""The second factor: an authenticator app (TOTP) with one-time recovery codes, kept by django-otp.

Staff must use it (their accounts reach many companies' data); anyone else may turn it on. A session counts as
verified once a code from one of the person's confirmed devices has been accepted in it.
"""

import io
import math
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from adopt.accounts.models import User
from adopt.core.audit import Action, audit_record
from adopt.core.errors import DomainError

RECOVERY_CODES = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
NEW_APP_KEY_SESSION = "adopt_new_app_key"
NEW_APP_TRIES_SESSION = "adopt_new_app_tries"
NEW_APP_TRIES = 5


def has_second_factor(user: User) -> bool:
    return bool(user_has_device(user, confirmed=True))


def new_app_device(request: HttpRequest, user: User) -> TOTPDevice:
    """The app being set up, unsaved: its key lives in this session only, so nobody else ever sees it."""
    key = request.session.get(NEW_APP_KEY_SESSION)
    if not key:
        key = request.session[NEW_APP_KEY_SESSION] = default_key()
    return TOTPDevice(user=user, name=APP_DEVICE_NAME, key=key, confirmed=True)


def app_key_text(device: TOTPDevice) -> str:
    """The key as people type it into an app: base32 in groups of four."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The app's set-up link as an SVG QR code, drawn here so nothing leaves the server."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]  # the XML declaration has no place inside an HTML page


class NewAppRefused(DomainError):
    """The new app's code, or the current factor asked for before replacing it, was not right."""


@transaction.atomic
def app_device_confirm(request: HttpRequest, user: User, token: str, current: str = "") -> list[str]:
    """Keep the new app once it shows a right code, replacing any older one; returns new recovery codes.

    Replacing an app takes a code from the current one (or a recovery code) too, so a session left open
    is not enough to move someone's second factor to an attacker's phone.
    """
    device = new_app_device(request, user)
    if has_second_factor(user) and _accepting_device(user, current) is None:
        raise NewAppRefused("Enter a code from your current app, or a recovery code, to replace it.")
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    code = token.replace(" ", "")
    if not code.isdigit() or not totp.verify(int(code), tolerance=1):
        tries = request.session.get(NEW_APP_TRIES_SESSION, 0) + 1
        request.session[NEW_APP_TRIES_SESSION] = tries
        if tries >= NEW_APP_TRIES:
            # Guessing a code for a key is harder when the key changes: start again with a new one.
            request.session.pop(NEW_APP_KEY_SESSION, None)
            request.session.pop(NEW_APP_TRIES_SESSION, None)
            raise NewAppRefused("That code is not right. Too many tries: add the new key below to your app.")
        raise NewAppRefused("That code is not right. Check the app shows Adopt and enter its current code.")
    replacing = has_second_factor(user)
    TOTPDevice.objects.filter(user=user).delete()
    device.last_t = totp.t()
    device.save()
    request.session.pop(NEW_APP_KEY_SESSION, None)
    request.session.pop(NEW_APP_TRIES_SESSION, None)
    otp_login(request, device)
    audit_record(user, action=Action.SECOND_FACTOR_SET, actor=user, comment="replaced" if replacing else "first")
    _tell(user, replacing)
    return recovery_codes_renew(user)


def _accepting_device(user: User, token: str) -> TOTPDevice | StaticDevice | None:
    """The person's app or recovery codes that accept the code, if any (each device throttles wrong codes)."""
    token = token.strip().replace(" ", "").lower()
    for device in [
        *TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True),
        *StaticDevice.objects.select_for_update().filter(user=user, confirmed=True),
    ]:
        allowed, _ = device.verify_is_allowed()
        if allowed and device.verify_token(token):
            return device
    return None


def _tell(user: User, replacing: bool) -> None:
    what = "moved to a new authenticator app" if replacing else "turned on"
    body = (
        f"Two-step sign-in for your Adopt account was {what}, with new recovery codes.\n\n"
        "If this was not you, reset your password now and tell your programme team."
    )
    transaction.on_commit(
        lambda: send_mail(f"Two-step sign-in was {what}", body, settings.DEFAULT_FROM_EMAIL, [user.email])
    )


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
    with transaction.atomic():
        device = _accepting_device(user, token)
        if device is not None:
            otp_login(request, device)
    return device is not None
