"""Figures of satisfaction and complaints, for the year plan's KPIs."""

from __future__ import annotations

import datetime as dt

from django.db.models import Avg, Count

from meldpunt.quality.models import Complaint, SurveyInvitation, SurveyKind


def external_complaints(start: dt.date, end: dt.date, viewer=None) -> int:
    """Complaints brought before the external committee in the period (by the date they went to
    the committee)."""
    return Complaint.objects.filter(committee_on__range=(start, end)).count()


def satisfaction(
    start: dt.date, end: dt.date, *, kind: str = SurveyKind.CLIENT, group_by: str | None = None
) -> list[dict] | dict:
    """Response rate and average score of invitations sent in the period. `group_by` is one of
    'service__kind', 'team__name', 'municipality__name'."""
    invitations = SurveyInvitation.objects.filter(kind=kind, sent_at__date__range=(start, end))
    figures = {
        "sent": Count("id"),
        "answered": Count("response"),
        "average": Avg("response__score_service"),
    }

    def with_rate(row: dict) -> dict:
        rate = (100 * row["answered"] / row["sent"]) if row["sent"] else None
        return {**row, "response_rate": rate}

    if group_by:
        return [with_rate(r) for r in invitations.values(group_by).annotate(**figures)]
    return with_rate(invitations.aggregate(**figures))


def client_satisfaction(start: dt.date, end: dt.date, viewer=None) -> float | None:
    average = satisfaction(start, end)["average"]
    return round(average, 1) if average is not None else None


def partner_satisfaction(start: dt.date, end: dt.date, viewer=None) -> float | None:
    """Average first mark (the cooperation) of the partner survey sent in the period."""
    average = satisfaction(start, end, kind=SurveyKind.PARTNER)["average"]
    return round(average, 1) if average is not None else None


def answers_for_partners(start: dt.date, end: dt.date) -> list[dict]:
    """Per partner: invited, answered and the two average marks (management only)."""
    rows = (
        SurveyInvitation.objects.filter(kind=SurveyKind.PARTNER, sent_at__date__range=(start, end))
        .values("partner_name")
        .annotate(
            sent=Count("id"),
            answered=Count("response"),
            cooperation=Avg("response__score_service"),
            reachability=Avg("response__score_treatment"),
        )
        .order_by("partner_name")
    )
    return list(rows)
