"""Request-wide protections: the audit trail's origin, and two-factor enforcement."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect

from meldpunt import clock
from meldpunt.access import audit, twofactor, visibility


class AuditOriginMiddleware:
    """Tell the audit trail where a request came from (address and channel), so every entry
    written while handling it records that without each view passing it on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        channel = "api" if request.path.startswith("/api/") else "web"
        with audit.origin(request.META.get("REMOTE_ADDR"), channel):
            return self.get_response(request)


class VisibilityMiddleware:
    """One request reads the files its user may not see once (`visibility.request_scope`),
    however many lists and counts its page shows."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with visibility.request_scope():
            return self.get_response(request)


class IdleSessionMiddleware:
    """Keep a session alive while it is used, writing it at most once a minute.

    A session ends after `SESSION_COOKIE_AGE` seconds without a request (the idle expiry). Saving
    the session on every request (Django's `SESSION_SAVE_EVERY_REQUEST`) would do that too, but
    it costs a write and a commit per page; here the expiry moves on when the last save is more
    than `REFRESH_SECONDS` old, so a session ends between 29 and 30 minutes after the last
    request instead of exactly 30 (bench/bench_pages.py). Runs after `SessionMiddleware`."""

    REFRESH_SECONDS = 60
    KEY = "_refreshed"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty():
            return response
        now = int(clock.now().timestamp())
        if session.modified or now - session.get(self.KEY, 0) >= self.REFRESH_SECONDS:
            session[self.KEY] = now  # marks the session modified: saved with a new expiry
        return response


class TwoFactorMiddleware:
    """A session of a user who needs a second factor but did not give one is ended: such a user
    works only after `web:login_code`. Runs after django-otp's `OTPMiddleware`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if twofactor.required_for(user) and not user.is_verified():
            logout(request)
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {
                        "title": "Tweestapsverificatie vereist",
                        "detail": "Log in met wachtwoord en verificatiecode.",
                        "status": 401,
                    },
                    status=401,
                    content_type="application/problem+json",
                )
            messages.warning(request, "Log opnieuw in met uw wachtwoord en verificatiecode.")
            return redirect("web:login")
        return self.get_response(request)
