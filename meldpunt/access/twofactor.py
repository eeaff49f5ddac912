"""Two-factor login (TOTP) for every role that sees personal data.

The password is the first step (`web.views.auth.LoginView`); a user who needs a second factor
is not logged in until a code from an authenticator app is given (`login_code`). A user without
an authenticator enrols there: a QR code and the secret are shown once, and the first good code
confirms the device. `TwoFactorMiddleware` logs out any session of such a user that was not
verified (the admin's own login, a session from before two-factor was switched on).

`MELDPUNT_TWO_FACTOR` (environment `TWO_FACTOR`, on by default) switches it off for a
development machine only. Devices are django-otp's `TOTPDevice` (throttled after bad codes).
"""

from __future__ import annotations

import base64

import segno
from django.conf import settings
from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from meldpunt.access.roles import needs_two_factor

DEVICE_NAME = "authenticator"
ISSUER = "Meldpunt"


def enabled() -> bool:
    return bool(getattr(settings, "MELDPUNT_TWO_FACTOR", True))


def required_for(user) -> bool:
    """True when `user` may only work after a second factor: any role that sees personal data,
    and every superuser or staff member (the admin site shows every table)."""
    if not enabled() or user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or user.is_staff or needs_two_factor(user.roles))


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


@transaction.atomic
def enrolment_device(user) -> TOTPDevice:
    """The unconfirmed device a user enrols with (the same one until it is confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def verify(user, code: str) -> TOTPDevice | None:
    """The device that accepts `code`: the confirmed one, else the one being enrolled (which is
    then confirmed). None for a wrong, reused or throttled code."""
    code = "".join(code.split())
    device = confirmed_device(user)
    enrolling = device is None
    if enrolling:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
        if device is None:
            return None
    if not device.verify_token(code):
        return None
    if enrolling:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return device


def secret(device: TOTPDevice) -> str:
    """The base32 secret as an authenticator app takes it when typed in."""
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def otpauth_url(device: TOTPDevice) -> str:
    return (
        f"otpauth://totp/{ISSUER}:{device.user.get_username()}?secret={secret(device)}"
        f"&issuer={ISSUER}&digits={device.digits}&period={device.step}"
    )


def qr_svg(device: TOTPDevice) -> str:
    """The enrolment QR code as inline SVG (no image URL that could leak the secret)."""
    return segno.make(otpauth_url(device), error="m").svg_inline(scale=4)


def current_code(device: TOTPDevice) -> str:
    """The code an authenticator app shows now, skipping a step the device has already used
    (within its tolerance): for the demo and the tests."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if totp.t() <= device.last_t:
        totp.drift += device.last_t + 1 - totp.t()
    return f"{totp.token():0{device.digits}d}"


@transaction.atomic
def enrol(user) -> TOTPDevice:
    """A confirmed device for `user`, made when missing (demo users, tests)."""
    return confirmed_device(user) or TOTPDevice.objects.create(
        user=user, name=DEVICE_NAME, confirmed=True
    )


def mark_verified(session, user) -> None:
    """Store `user`'s (confirmed, made when missing) device in a session made without the login
    page, as the second step does: for benchmarks and tests that log in with `force_login`."""
    from django_otp import DEVICE_ID_SESSION_KEY

    if required_for(user):
        session[DEVICE_ID_SESSION_KEY] = enrol(user).persistent_id
        session.save()
