"""Idle sessions end after the configured minutes; every response carries the security headers."""

from __future__ import annotations

import time
from contextlib import suppress

from django.apps import apps
from django_otp.middleware import OTPMiddleware
from django_otp.models import Device

from jixiao.web import lookups

from .models import SecuritySettings

_CACHE: dict[str, tuple[float, int]] = {}


def idle_timeout_seconds() -> int:
    cached = _CACHE.get("idle")
    if cached and time.monotonic() - cached[0] < 30:
        return cached[1]
    seconds = SecuritySettings.current().idle_timeout_minutes * 60
    _CACHE["idle"] = (time.monotonic(), seconds)
    return seconds


def forget_cached_settings() -> None:
    _CACHE.clear()


class IdleTimeoutMiddleware:
    """Sessions end after the configured idle minutes. The expiry moves forward at most once a minute (or at once
    when the timeout setting changes), so that ordinary requests do not each write the session to the database."""

    REFRESH_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            timeout = idle_timeout_seconds()
            now = int(time.time())
            session = request.session
            if now - session.get("_jx_seen", 0) >= self.REFRESH_SECONDS or session.get("_jx_timeout") != timeout:
                session["_jx_seen"], session["_jx_timeout"] = now, timeout
                session.set_expiry(timeout)
        return self.get_response(request)


CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'")


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CSP)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        if request.user.is_authenticated:
            response.setdefault("Cache-Control", "no-store")
        return response


class AccountGateMiddleware:
    """The password signs a user in; before any other page they must then (1) give the code of their
    authenticator when they have one, (2) replace a one-time initial password an administrator set, and (3) enrol
    an authenticator when their role requires one. Until then every other page sends them there (htmx requests
    are told to go there too)."""

    OPEN_PREFIXES = ("/static/", "/health/", "/accounts/logout/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and not request.path.startswith(self.OPEN_PREFIXES):
            target = request.jx_gate = gate(request)  # kept for the header's menu (accounts.context)
            if target is not None and request.path != target:
                return _go(request, _coming_back(request, target))
        return self.get_response(request)


def gate(request) -> str | None:
    """The page this user must see before any other, or None."""
    from django.urls import reverse

    from . import twofactor

    verified = request.user.is_verified()
    if not verified and twofactor.has_confirmed_device(request.user):
        return reverse("accounts:login_code")  # the second factor first: a leaked password alone changes nothing
    if request.session.get(PASSWORD_CHANGE_SESSION_KEY):
        return reverse("accounts:password_change")
    if not verified and twofactor.requires_two_factor(request.user):
        return reverse("accounts:two_factor")
    return None


PASSWORD_CHANGE_SESSION_KEY = "_jx_must_change_password"


def _coming_back(request, target: str) -> str:
    """The code step, asked for on the way to a page, returns to that page once the code is right (`next`, checked
    there like the login's); a page asked for by htmx or a post is not one to return to."""
    from django.urls import reverse
    from django.utils.http import urlencode

    if target != reverse("accounts:login_code") or request.method != "GET" or request.headers.get("HX-Request"):
        return target
    return f"{target}?{urlencode({'next': request.get_full_path()})}"


def _go(request, target: str):
    from django.http import HttpResponse
    from django.shortcuts import redirect

    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = target
        return response
    return redirect(target)


class AuthenticatorMiddleware(OTPMiddleware):
    """django-otp's: `request.user.otp_device` is the authenticator the session was verified with. The device is read
    with SQL written once per process (`web.lookups`); it is asked on every signed-in page."""

    def _device_from_persistent_id(self, persistent_id: str):
        persistent_id = self._normalize_persistent_id(persistent_id)
        with suppress(ValueError, LookupError, TypeError):  # a stale or forged id in the session: no device
            label, device_id = persistent_id.rsplit("/", 1)
            model = apps.get_model(*label.split("."))
            if issubclass(model, Device):
                return lookups.one(model, ("id",), [device_id])
        return None
