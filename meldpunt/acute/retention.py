"""Acute work goes with the file it belongs to: the purge hook of `access.retention`."""

from __future__ import annotations

from django.db.models import Q


def purge(*, ids) -> None:
    """Delete the orders, crisis interventions and hearings of the files and people that are
    destroyed (information requests and family interventions go with their report and file)."""
    from meldpunt.acute.models import CrisisIntervention, Hearing, RestrainingOrder

    cases, reports, people = ids.case_ids, ids.report_ids, ids.person_ids
    if not (cases or reports or people):
        return
    RestrainingOrder.objects.filter(
        Q(case_id__in=cases) | Q(report_id__in=reports) | Q(removed_person_id__in=people)
    ).delete()
    CrisisIntervention.objects.filter(Q(case_id__in=cases) | Q(report_id__in=reports)).delete()
    Hearing.objects.filter(Q(case_id__in=cases) | Q(person_id__in=people)).delete()
