"""Request-wide protections: the audit trail's origin, and two-factor enforcement."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect

from meldpunt.access import audit, twofactor


class AuditOriginMiddleware:
    """Tell the audit trail where a request came from (address and channel), so every entry
    written while handling it records that without each view passing it on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        channel = "api" if request.path.startswith("/api/") else "web"
        with audit.origin(request.META.get("REMOTE_ADDR"), channel):
            return self.get_response(request)


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
