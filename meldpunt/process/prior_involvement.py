"""Classify a report by prior involvement (CBS): first, repeat, or follow-up during involvement.

Known people are, until the radar links people probabilistically, the exact persons already on
earlier reports. The classification is fixed when the triage decision takes effect.
"""

from __future__ import annotations

from meldpunt.process.models import Service, ServiceKind, Term, TermKind
from meldpunt.process.states import ServiceStatus
from meldpunt.reference.cbs import PriorInvolvement
from meldpunt.registry.models import Involvement, Report


def classify(report: Report) -> str:
    person_ids = list(report.involvements.values_list("person_id", flat=True))
    earlier = (
        Report.objects.filter(
            involvements__person_id__in=person_ids, received_at__lte=report.received_at
        )
        .exclude(pk=report.pk)
        .distinct()
    )
    earlier_ids = list(earlier.values_list("pk", flat=True))
    if not earlier_ids:
        return PriorInvolvement.FIRST
    if Term.objects.filter(
        report_id__in=earlier_ids, kind=TermKind.TRIAGE, met_on__isnull=True
    ).exists():
        return PriorInvolvement.DURING_ASSESSMENT
    active = Service.objects.filter(report_id__in=earlier_ids).exclude(status=ServiceStatus.CLOSED)
    if active.filter(kind=ServiceKind.MONITORING).exists():
        return PriorInvolvement.DURING_MONITORING
    if active.exists() or earlier.exclude(status="closed").exists():
        return PriorInvolvement.AFTER_ASSESSMENT
    known = (
        Involvement.objects.filter(report_id__in=earlier_ids, person_id__in=person_ids)
        .values("person_id")
        .distinct()
        .count()
    )
    return PriorInvolvement.REPEAT_SEVERAL if known > 1 else PriorInvolvement.REPEAT_ONE
