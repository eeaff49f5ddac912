"""Classify a report by prior involvement (CBS): first, repeat, or follow-up during involvement.

The classification looks at the moment the report came in: was Veilig Thuis then still
assessing an earlier report about the same people, monitoring them, or otherwise involved (an
earlier report decided but not closed, a service running)? It uses dates only, so a migrated
history is classified as it was. Known people come from the radar's links: the persons on the
report and every record merged with them (`radar.selectors.linked_person_ids`), counted as known
people (identities), not records. The classification is fixed when the triage decision takes
effect (see services.approve_triage_decision); `classify` called later gives the current view,
which follows later merges and splits.
"""

from __future__ import annotations

from django.db.models import Q

from meldpunt import clock
from meldpunt.process.models import Service, ServiceKind, Transition, TriageDecision
from meldpunt.process.states import Action
from meldpunt.reference.cbs import PriorInvolvement
from meldpunt.registry.models import Involvement, Report, ReportStatus

ROUTED = (ReportStatus.TRANSFERRED, ReportStatus.RETURNED)


def known_person_ids(report: Report) -> list[int]:
    from meldpunt.radar.selectors import linked_person_ids

    return sorted(linked_person_ids(report.involvements.values_list("person_id", flat=True)))


def classify(report: Report) -> str:
    moment = report.received_at
    day = clock.local_date(moment)
    person_ids = known_person_ids(report)
    earlier_ids = list(
        Report.objects.filter(involvements__person_id__in=person_ids, received_at__lt=moment)
        .exclude(pk=report.pk)
        .exclude(status__in=ROUTED)
        .values_list("pk", flat=True)
        .distinct()
    )
    if not earlier_ids:
        return PriorInvolvement.FIRST
    decided_before = set(
        TriageDecision.objects.filter(
            report_id__in=earlier_ids, status="approved", decided_at__lte=moment
        ).values_list("report_id", flat=True)
    )
    if set(earlier_ids) - decided_before:
        return PriorInvolvement.DURING_ASSESSMENT
    running = Service.objects.filter(report_id__in=earlier_ids, started_on__lte=day).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=day)
    )
    if running.filter(kind=ServiceKind.MONITORING).exists():
        return PriorInvolvement.DURING_MONITORING
    closed_before = set(
        Transition.objects.filter(
            report_id__in=earlier_ids, action=Action.CLOSE_REPORT, at__lte=moment
        ).values_list("report_id", flat=True)
    )
    if running.exists() or set(earlier_ids) - closed_before:
        return PriorInvolvement.AFTER_ASSESSMENT
    from meldpunt.radar.selectors import roots

    known = len(
        set(
            roots(
                Involvement.objects.filter(
                    report_id__in=earlier_ids, person_id__in=person_ids
                ).values_list("person_id", flat=True)
            ).values()
        )
    )
    return PriorInvolvement.REPEAT_SEVERAL if known > 1 else PriorInvolvement.REPEAT_ONE
