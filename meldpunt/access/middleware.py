"""Tell the audit trail where a request came from (address and channel), so every entry written
while handling it records that without each view passing it on."""

from __future__ import annotations

from meldpunt.access import audit


class AuditOriginMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        channel = "api" if request.path.startswith("/api/") else "web"
        with audit.origin(request.META.get("REMOTE_ADDR"), channel):
            return self.get_response(request)
