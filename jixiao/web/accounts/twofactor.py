"""Two-factor login with TOTP (django-otp): required of the administrators and the finance reviewers, offered to
everyone. A user enrols one authenticator; the login asks for its code after the password."""

from __future__ import annotations

from functools import lru_cache

import segno
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from jixiao.web import lookups

from . import permissions
from .models import TWO_FACTOR_ROLES

DEVICE_NAME = "动态口令"


def requires_two_factor(user) -> bool:
    return bool(permissions.roles(user) & TWO_FACTOR_ROLES)


def confirmed_device(user) -> TOTPDevice | None:
    if getattr(user, "pk", None) is None:  # anonymous
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_confirmed_device(user) -> bool:
    """Whether the user enrolled an authenticator: asked on every page of a signed-in user not yet verified (a
    department's staff usually have none), so read with SQL written once per process (`web.lookups`)."""
    return getattr(user, "pk", None) is not None and bool(
        lookups.values(TOTPDevice, ("id",), ("user", "confirmed"), [user.pk, True]))


def create_confirmed_device(user) -> TOTPDevice:
    """For the demo accounts (and the tests): a device that needs no enrolment."""
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)


def new_enrolment_device(user) -> TOTPDevice:
    """The unconfirmed device whose secret the enrolment page shows (`devices` finds it again until it is confirmed)."""
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def devices(user) -> tuple[TOTPDevice | None, TOTPDevice | None]:
    """The user's confirmed device and the unconfirmed one the enrolment page shows (None where there is none), in
    one query: the enrolment page is never kept and is drawn again on every refresh or refused code."""
    confirmed = unconfirmed = None
    for device in TOTPDevice.objects.filter(user=user).order_by("pk"):
        device.user = user  # its otpauth URI names the user: not read again
        if device.confirmed:
            confirmed = confirmed or device
        else:
            unconfirmed = unconfirmed or device
    return confirmed, unconfirmed


def normalised_code(code: str) -> str:
    return "".join(ch for ch in (code or "") if not ch.isspace())


@transaction.atomic
def confirm(request, device: TOTPDevice, code: str) -> bool:
    """Confirm a new device with one code from it: it replaces any earlier one and verifies this session."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if not device.verify_token(normalised_code(code)):
        return False
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    request.session.cycle_key()  # a new session id once fully signed in, as login() gives one after the password
    return True


def verify(user, code: str) -> TOTPDevice | None:
    """The user's confirmed device if `code` is its current code (django-otp refuses reuse and throttles guesses)."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is not None and device.verify_token(normalised_code(code)):
            return device
    return None


def secret_text(device: TOTPDevice) -> str:
    """The secret as an authenticator app takes it typed in: base32, in groups of four."""
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


@lru_cache(maxsize=32)
def qr_svg(uri: str) -> str:
    """The otpauth URI as an inline SVG QR code: drawn here, nothing fetched. Drawing it is ~10 ms of pure Python, as
    much as the rest of the page many times over, and the enrolment page is shown again on every refresh or refused
    code: the last few are kept (an unconfirmed device's URI holds its secret, which is in the page anyway)."""
    return segno.make(uri, error="m").svg_inline(scale=4, dark="#000", light="#fff")
