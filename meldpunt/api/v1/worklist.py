"""The worklist (open terms, most urgent first, with working days left) and the approver's
list of decisions and service closes waiting for a second professional."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from meldpunt import clock
from meldpunt.access.roles import Right
from meldpunt.api.base import MAX_ID, ApiView, Page, paginated
from meldpunt.api.v1.fields import MunicipalityField
from meldpunt.process import selectors
from meldpunt.process.models import ServiceKind, TermKind, TriageOutcome
from meldpunt.registry.models import ReportStatus


class WorklistFilter(Page):
    area = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    municipality = MunicipalityField(served_only=False, required=False)
    team = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    assignee = serializers.RegexField(
        r"^(me|[1-9][0-9]{0,15})$", required=False, help_text="'me' of een gebruikers-id"
    )
    status = serializers.ChoiceField(choices=ReportStatus.choices, required=False)
    kind = serializers.ChoiceField(choices=TermKind.choices, required=False)


class WorkItemOut(serializers.Serializer):
    term_id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=TermKind.choices)
    due_on = serializers.DateField()
    original_due_on = serializers.DateField()
    warn_on = serializers.DateField()
    days_left = serializers.IntegerField(help_text="werkdagen; negatief: te laat")
    warning = serializers.BooleanField()
    overdue = serializers.BooleanField()
    report_id = serializers.IntegerField()
    report_number = serializers.CharField()
    report_status = serializers.ChoiceField(choices=ReportStatus.choices)
    case_id = serializers.IntegerField()
    municipality = serializers.CharField()
    service_id = serializers.IntegerField(allow_null=True)
    owner_id = serializers.IntegerField(allow_null=True)


WorklistPage = paginated(WorkItemOut, "WorklistPage")


class WorklistView(ApiView):
    right = Right.VIEW_CASES

    @extend_schema(operation_id="worklist", parameters=[WorklistFilter], responses=WorklistPage)
    def get(self, request):
        f = self.query(WorklistFilter)
        assignee = f.get("assignee")
        terms = selectors.worklist(
            user=request.user,
            area=f.get("area"),
            municipality=f["municipality"].pk if f.get("municipality") else None,
            team=f.get("team"),
            assignee=request.user.pk if assignee == "me" else int(assignee) if assignee else None,
            status=f.get("status"),
            kinds=[f["kind"]] if f.get("kind") else None,
        )
        count = terms.count()
        items = selectors.work_items(
            terms[f["offset"] : f["offset"] + f["limit"]], today=clock.today()
        )
        body = [
            {
                "term_id": i.term.pk,
                "kind": i.term.kind,
                "due_on": i.term.due_on,
                "original_due_on": i.term.original_due_on,
                "warn_on": i.term.warn_on,
                "days_left": i.days_left,
                "warning": i.warning,
                "overdue": i.overdue,
                "report_id": i.term.report_id,
                "report_number": i.term.report.number,
                "report_status": i.term.report.status,
                "case_id": i.term.report.case_id,
                "municipality": i.term.report.municipality.cbs_code,
                "service_id": i.term.service_id,
                "owner_id": getattr(i.owner, "pk", None),
            }
            for i in items
        ]
        self.record("worklist.viewed", None, cases=[b["case_id"] for b in body])
        return Response(WorklistPage({"count": count, "results": body}).data)


class PendingDecisionOut(serializers.Serializer):
    decision_id = serializers.IntegerField()
    report_id = serializers.IntegerField()
    report_number = serializers.CharField()
    outcome = serializers.ChoiceField(choices=TriageOutcome.choices)
    proposed_by = serializers.IntegerField()
    proposed_at = serializers.DateTimeField()


class PendingCloseOut(serializers.Serializer):
    service_id = serializers.IntegerField()
    report_id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ServiceKind.choices)
    proposed_by = serializers.IntegerField(allow_null=True)


class ApprovalsOut(serializers.Serializer):
    decisions = PendingDecisionOut(many=True)
    service_closes = PendingCloseOut(many=True)


class ApprovalsView(ApiView):
    """What waits for you as second professional (never your own proposals)."""

    right = Right.APPROVE

    @extend_schema(operation_id="approvals", parameters=[Page], responses=ApprovalsOut)
    def get(self, request):
        f = self.query(Page)
        window = slice(f["offset"], f["offset"] + f["limit"])
        decisions = list(selectors.pending_approvals(user=request.user)[window])
        closes = list(selectors.pending_service_closes(user=request.user)[window])
        self.record(
            "approvals.viewed",
            None,
            cases=[d.report.case_id for d in decisions] + [s.report.case_id for s in closes],
        )
        return Response(
            ApprovalsOut(
                {
                    "decisions": [
                        {
                            "decision_id": d.pk,
                            "report_id": d.report_id,
                            "report_number": d.report.number,
                            "outcome": d.outcome,
                            "proposed_by": d.proposed_by_id,
                            "proposed_at": d.proposed_at,
                        }
                        for d in decisions
                    ],
                    "service_closes": [
                        {
                            "service_id": s.pk,
                            "report_id": s.report_id,
                            "kind": s.kind,
                            "proposed_by": s.proposer_id,
                        }
                        for s in closes
                    ],
                }
            ).data
        )
