"""The navigation a user sees, by the rights of their roles, and the banner of a running
emergency access."""

from __future__ import annotations

from django.urls import reverse

from meldpunt.access.roles import Right
from meldpunt.yearplan.selectors import owns_indicators

NAV = [
    ("web:worklist", "Werkvoorraad", Right.VIEW_CASES),
    ("web:report_new", "Melding registreren", Right.REGISTER_REPORT),
    ("web:advice_new", "Adviesvraag", Right.REGISTER_ADVICE),
    ("web:approvals", "Accorderen", Right.APPROVE),
    ("web:radar_queue", "Koppelingen", Right.APPROVE),
    ("web:search", "Zoeken", Right.VIEW_CASES),
    ("web:caseload", "Caseload", Right.ASSIGN),
    ("web:acute", "Acuut", Right.VIEW_CASES),
    ("web:dashboard", "Overzicht", Right.VIEW_AGGREGATES),
    ("web:policy_risk", "Beleidsanalyse", Right.VIEW_AGGREGATES),
    ("web:quality", "Tevredenheid", Right.VIEW_AGGREGATES),
    ("web:complaints", "Klachten", Right.VIEW_COMPLAINTS),
    ("web:emergency_access", "Noodtoegang", Right.BREAK_GLASS),
    ("web:emergency_review", "Noodtoegang controleren", Right.REVIEW_EMERGENCY_ACCESS),
    ("web:subject_rights_find", "Rechten betrokkenen", Right.HANDLE_ACCESS_REQUESTS),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = []
    for name, label, right in NAV:
        if user.can(right):
            url = reverse(name)
            items.append({"url": url, "label": label, "current": request.path.startswith(url)})
    if owns_indicators(user) or user.can(Right.MANAGE_SETTINGS):
        url = reverse("web:yearplan")
        items.append({"url": url, "label": "Jaarplan", "current": request.path.startswith(url)})
    context = {"nav_items": items}
    if user.can(Right.BREAK_GLASS):
        from meldpunt.access.emergency import active

        # Every page says so while a file is open in an emergency, and until when.
        context["emergency_accesses"] = list(active(user))
    return context
