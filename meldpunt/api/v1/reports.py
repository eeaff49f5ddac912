"""Reports: register (answering id, case id, status and triage_due), read, list with filters,
and the process steps as verbs: start the assessment, propose, approve or send back the triage
decision (four-eyes), inform, hand over, close, transfer, return to the police.

The same services and rights as the web pages (web/views/intake.py, reports.py, triage.py).
"""

from __future__ import annotations

from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from meldpunt.access.roles import Right
from meldpunt.access.visibility import (
    CONFIDENTIAL_ADDRESS_READ,
    address_of,
    confidential_addresses_shown,
    may_see_reporter,
)
from meldpunt.api.base import ApiView, Page, StrictSerializer, paginated
from meldpunt.api.v1.fields import (
    DestinationField,
    MunicipalityField,
    PersonIn,
    ReporterIn,
    VersionIn,
    ViolenceFormsField,
    check_version,
    optional_text,
    recent_date,
    recent_moment,
    text,
)
from meldpunt.errors import DomainError
from meldpunt.process import selectors, services
from meldpunt.process.models import DecisionStatus, Term, TermKind, TriageOutcome
from meldpunt.reference.models import District
from meldpunt.registry import selectors as registry
from meldpunt.registry import services as registry_services
from meldpunt.registry.models import Report, ReportSource, ReportStatus, Sex
from meldpunt.registry.services import PersonData, ReportData, ReporterData

ID_PATH = OpenApiParameter("id", int, OpenApiParameter.PATH, description="id van de melding")


# Input ------------------------------------------------------------------------------------------


class ReportIn(StrictSerializer):
    received_at = recent_moment(help_text="ontvangen; niet in de toekomst, niet vóór 2000")
    municipality = MunicipalityField(help_text="CBS-code van de gemeente, bijvoorbeeld GM0606")
    district = serializers.CharField(
        max_length=100, required=False, help_text="wijk (alleen waar de gemeente wijken kent)"
    )
    reporter = ReporterIn()
    people = PersonIn(many=True, min_length=1, max_length=12)
    violence_forms = ViolenceFormsField(help_text="codes van geweldsvormen")
    description = text(20_000)
    acute = serializers.BooleanField(default=False, help_text="acute onveiligheid gemeld")


def person_data(user, items: list[dict]) -> list[PersonData]:
    """People for the service; a `person_id` must be someone the caller may see."""
    known = [i["person_id"] for i in items if i.get("person_id") is not None]
    visible = set(registry.people_for(user).filter(pk__in=known).values_list("pk", flat=True))
    out = []
    for index, item in enumerate(items):
        if item.get("person_id") is not None:
            if item["person_id"] not in visible:
                raise DomainError(
                    f"Onbekende persoon {item['person_id']}.", field=f"people.{index}.person_id"
                )
            out.append(PersonData(role=item["role"], person_id=item["person_id"]))
        else:
            out.append(PersonData(**{k: v for k, v in item.items() if k != "person_id"}))
    return out


def report_data(user, data: dict, *, source: str = ReportSource.API) -> ReportData:
    district = None
    if data.get("district"):
        district = District.objects.filter(
            municipality=data["municipality"], name__iexact=data["district"]
        ).first()
        if district is None:
            raise DomainError(
                f"Onbekende wijk '{data['district']}' in {data['municipality']}.", field="district"
            )
    r = data["reporter"]
    return ReportData(
        received_at=data["received_at"],
        municipality=data["municipality"],
        district=district,
        reporter=ReporterData(
            reporter_type=r["type"],
            name=r["name"],
            organisation=r["organisation"],
            phone=r["phone"],
            email=r["email"],
            anonymous=r["anonymous"],
            wants_feedback=r["wants_feedback"],
        ),
        people=person_data(user, data["people"]),
        violence_forms=data["violence_forms"],
        description=data["description"],
        acute=data["acute"],
        source=source,
    )


class ReportFilter(Page):
    status = serializers.ChoiceField(choices=ReportStatus.choices, required=False)
    source = serializers.ChoiceField(choices=ReportSource.choices, required=False)
    municipality = MunicipalityField(served_only=False, required=False)
    acute = serializers.BooleanField(required=False)
    received_from = serializers.DateField(required=False)
    received_to = serializers.DateField(required=False)


# Output -----------------------------------------------------------------------------------------


class ReportSummary(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    case_id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=ReportStatus.choices)
    version = serializers.IntegerField()
    source = serializers.ChoiceField(choices=ReportSource.choices)
    received_at = serializers.DateTimeField()
    municipality = serializers.CharField(help_text="CBS-code")
    acute = serializers.BooleanField()
    police_reference = serializers.CharField(allow_null=True)
    triage_due = serializers.DateField(
        allow_null=True, help_text="uiterste datum van de veiligheidsbeoordeling (5 werkdagen)"
    )


class ReporterOut(serializers.Serializer):
    type = serializers.CharField()
    anonymous = serializers.BooleanField()
    wants_feedback = serializers.BooleanField()
    identity_hidden = serializers.BooleanField(
        help_text="anonieme melder: naam en contactgegevens alleen voor wie dat mag zien"
    )
    name = serializers.CharField(allow_null=True)
    organisation = serializers.CharField(allow_null=True)
    phone = serializers.CharField(allow_null=True)
    email = serializers.CharField(allow_null=True)


class InvolvedOut(serializers.Serializer):
    person_id = serializers.IntegerField()
    role = serializers.CharField()
    given_names = serializers.CharField()
    surname_prefix = serializers.CharField()
    surname = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    sex = serializers.ChoiceField(choices=Sex.choices)
    bsn = serializers.CharField()
    street = serializers.CharField()
    house_number = serializers.CharField()
    postcode = serializers.CharField()
    city = serializers.CharField()
    confidential_address = serializers.BooleanField()


class TermOut(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=TermKind.choices)
    service_id = serializers.IntegerField(allow_null=True)
    started_on = serializers.DateField()
    original_due_on = serializers.DateField()
    due_on = serializers.DateField()
    warn_on = serializers.DateField()
    met_on = serializers.DateField(allow_null=True)


class DecisionOut(serializers.Serializer):
    id = serializers.IntegerField()
    outcome = serializers.ChoiceField(choices=TriageOutcome.choices)
    status = serializers.ChoiceField(choices=DecisionStatus.choices)
    rationale = serializers.CharField()
    crisis_intervention = serializers.BooleanField()
    notify_police = serializers.BooleanField()
    notify_rvdk = serializers.BooleanField()
    proposed_by = serializers.IntegerField()
    proposed_at = serializers.DateTimeField()
    approved_by = serializers.IntegerField(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    review_note = serializers.CharField(allow_blank=True)


class ServiceRef(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    status = serializers.CharField()
    started_on = serializers.DateField()
    closed_on = serializers.DateField(allow_null=True)


class ReportOut(ReportSummary):
    district = serializers.CharField(allow_null=True)
    work_area = serializers.CharField(allow_null=True)
    crisis_intervention = serializers.BooleanField()
    description = serializers.CharField(allow_blank=True)
    violence_forms = serializers.ListField(child=serializers.CharField())
    prior_involvement = serializers.CharField(allow_blank=True)
    assigned_to = serializers.IntegerField(allow_null=True)
    reporter = ReporterOut(allow_null=True)
    people = InvolvedOut(many=True)
    open_terms = TermOut(many=True)
    decisions = DecisionOut(many=True)
    services = ServiceRef(many=True)


ReportPage = paginated(ReportSummary, "ReportPage")


def triage_due_subquery():
    return Subquery(
        Term.objects.filter(report=OuterRef("pk"), kind=TermKind.TRIAGE)
        .order_by("id")
        .values("due_on")[:1]
    )


def summary(report: Report, triage_due=None) -> dict:
    return {
        "id": report.pk,
        "number": report.number,
        "case_id": report.case_id,
        "status": report.status,
        "version": report.version,
        "source": report.source,
        "received_at": report.received_at,
        "municipality": report.municipality.cbs_code,
        "acute": report.acute,
        "police_reference": report.police_reference,
        "triage_due": triage_due
        if triage_due is not None
        else getattr(report, "triage_due", None)
        or report.terms.filter(kind=TermKind.TRIAGE).values_list("due_on", flat=True).first(),
    }


def _reporter(user, report: Report) -> dict | None:
    r = getattr(report, "reporter", None)
    if r is None:
        return None
    shown = may_see_reporter(user, r)
    return {
        "type": r.reporter_type.code,
        "anonymous": r.anonymous,
        "wants_feedback": r.wants_feedback,
        "identity_hidden": not shown,
        **{f: getattr(r, f) if shown else None for f in ("name", "organisation", "phone", "email")},
    }


def _involved(user, involvement) -> dict:
    p = involvement.person
    return {
        "person_id": p.pk,
        "role": involvement.role,
        "given_names": p.given_names,
        "surname_prefix": p.surname_prefix,
        "surname": p.surname,
        "date_of_birth": p.date_of_birth,
        "sex": p.sex,
        "bsn": p.bsn,
        **address_of(user, p),
        "confidential_address": p.confidential_address,
    }


def term_body(t: Term) -> dict:
    return {
        f: getattr(t, f)
        for f in (
            "id",
            "kind",
            "service_id",
            "started_on",
            "original_due_on",
            "due_on",
            "warn_on",
            "met_on",
        )
    }


def detail(user, report: Report) -> dict:
    involvements = list(report.involvements.select_related("person").order_by("id"))
    return {
        **summary(report),
        "district": report.district.name if report.district_id else None,
        "work_area": report.work_area.name if report.work_area_id else None,
        "crisis_intervention": report.crisis_intervention,
        "description": report.description,
        "violence_forms": sorted(report.violence_forms.values_list("code", flat=True)),
        "prior_involvement": report.prior_involvement,
        "assigned_to": report.assigned_to_id,
        "reporter": _reporter(user, report),
        "people": [_involved(user, i) for i in involvements],
        "open_terms": [term_body(t) for t in report.terms.open().order_by("due_on", "id")],
        "decisions": [
            {
                "id": d.pk,
                "outcome": d.outcome,
                "status": d.status,
                "rationale": d.rationale,
                "crisis_intervention": d.crisis_intervention,
                "notify_police": d.notify_police,
                "notify_rvdk": d.notify_rvdk,
                "proposed_by": d.proposed_by_id,
                "proposed_at": d.proposed_at,
                "approved_by": d.approved_by_id,
                "decided_at": d.decided_at,
                "review_note": d.review_note,
            }
            for d in report.triage_decisions.order_by("proposed_at", "id")
        ],
        "services": [
            {
                "id": s.pk,
                "kind": s.kind,
                "status": s.status,
                "started_on": s.started_on,
                "closed_on": s.closed_on,
            }
            for s in report.services.order_by("started_on", "id")
        ],
    }


def report_answer(view: ApiView, report: Report, *, status: int = 200) -> Response:
    """The report as an answer (of a read or of an action): a confidential address it shows is
    a read of its own in the audit trail, naming the people whose address was shown, as on the
    person's page (web/views/people.py)."""
    body = detail(view.request.user, report)
    people = [i.person for i in report.involvements.select_related("person")]
    if shown := confidential_addresses_shown(view.request.user, people):
        view.record(CONFIDENTIAL_ADDRESS_READ, report, persons=shown)
    return Response(ReportOut(body).data, status=status)


def visible_report(user, pk: int) -> Report:
    return get_object_or_404(
        selectors.reports_for(user).select_related(
            "case", "municipality", "district", "work_area", "reporter__reporter_type"
        ),
        pk=pk,
    )


# Views ------------------------------------------------------------------------------------------


class ReportListView(ApiView):
    rights = {"GET": Right.VIEW_CASES, "POST": Right.REGISTER_REPORT}

    @extend_schema(operation_id="reports_list", parameters=[ReportFilter], responses=ReportPage)
    def get(self, request):
        f = self.query(ReportFilter)
        qs = selectors.reports_for(request.user).select_related("municipality")
        for name in ("status", "source", "municipality", "acute"):
            if f.get(name) is not None:
                qs = qs.filter(**{name: f[name]})
        if f.get("received_from"):
            qs = qs.filter(received_at__date__gte=f["received_from"])
        if f.get("received_to"):
            qs = qs.filter(received_at__date__lte=f["received_to"])
        qs = qs.annotate(triage_due=triage_due_subquery()).order_by("-received_at", "-id")
        count = qs.count()
        reports = list(qs[f["offset"] : f["offset"] + f["limit"]])
        self.record(
            "report.listed",
            None,
            cases=[r.case_id for r in reports],
            report_ids=[r.pk for r in reports],
        )
        return Response(ReportPage({"count": count, "results": [summary(r) for r in reports]}).data)

    @extend_schema(
        operation_id="reports_create",
        request=ReportIn,
        responses={201: ReportOut},
        description="Registreert een melding. Het antwoord bevat id, case_id, status en "
        "triage_due (de uiterste datum van de veiligheidsbeoordeling).",
    )
    def post(self, request):
        data = self.parse(ReportIn)
        report = registry_services.register_report(
            by=request.user, data=report_data(request.user, data)
        )
        report = visible_report(request.user, report.pk)
        return report_answer(self, report, status=status.HTTP_201_CREATED)


class ReportDetailView(ApiView):
    right = Right.VIEW_CASES

    @extend_schema(operation_id="reports_read", responses=ReportOut)
    def get(self, request, pk: int):
        report = visible_report(request.user, pk)
        people = report.involvements.values_list("person_id", flat=True)
        self.record("report.viewed", report, person_ids=sorted(people))
        return report_answer(self, report)


# Verbs ------------------------------------------------------------------------------------------


class ProposeIn(VersionIn):
    acute_unsafety = serializers.BooleanField()
    structural_unsafety = serializers.BooleanField()
    assessment_rationale = text()
    outcome = serializers.ChoiceField(choices=TriageOutcome.choices)
    rationale = text()
    crisis_intervention = serializers.BooleanField(default=False)
    notify_police = serializers.BooleanField(default=False)
    notify_rvdk = serializers.BooleanField(default=False)


class NoteIn(VersionIn):
    note = optional_text()


class ReasonIn(VersionIn):
    reason = text(help_text="verplicht: waarom")


INFORM_KINDS = [
    (k.value, k.label)
    for k in (
        TermKind.FEEDBACK_REPORTER,
        TermKind.INFORM_INVOLVED,
        TermKind.FEEDBACK_AFTER_INVESTIGATION,
    )
]


class InformIn(StrictSerializer):
    kind = serializers.ChoiceField(choices=INFORM_KINDS)
    on = recent_date()
    note = optional_text()


class HandoverIn(StrictSerializer):
    destination = DestinationField(help_text="code van de overdrachtspartij")
    handed_over_on = recent_date()
    warm = serializers.BooleanField(default=False)
    note = optional_text()


class TransferIn(VersionIn):
    to_organisation = text(200, help_text="de Veilig Thuis-organisatie van de andere regio")
    reason = text()


def _start(report, by, data):
    services.start_assessment(report=report, by=by)


def _propose(report, by, data):
    services.propose_triage_decision(report=report, by=by, **data)


def _approve(report, by, data):
    services.approve_triage_decision(report=report, by=by, note=data["note"])


def _reject(report, by, data):
    services.reject_triage_decision(report=report, by=by, reason=data["reason"])


def _inform(report, by, data):
    services.inform(report=report, by=by, **data)


def _hand_over(report, by, data):
    services.record_handover(report=report, by=by, **data)


def _close(report, by, data):
    services.close_report(report=report, by=by)


def _transfer(report, by, data):
    services.transfer_to_region(report=report, by=by, **data)


def _return(report, by, data):
    services.return_to_police(report=report, by=by, reason=data["reason"])


# verb: (input, action, summary for the schema)
REPORT_VERBS = {
    "start-assessment": (VersionIn, _start, "Veiligheidsbeoordeling starten (triagist)"),
    "propose-decision": (
        ProposeIn,
        _propose,
        "Veiligheidsbeoordeling vastleggen en triagebesluit voorstellen",
    ),
    "approve-decision": (
        NoteIn,
        _approve,
        "Triagebesluit accorderen (tweede professional; niet uw eigen voorstel)",
    ),
    "reject-decision": (ReasonIn, _reject, "Triagebesluit terugsturen, met reden"),
    "inform": (InformIn, _inform, "Terugkoppeling aan melder of informeren betrokkenen vastleggen"),
    "hand-over": (HandoverIn, _hand_over, "Overdracht vastleggen (na het triagebesluit)"),
    "close": (VersionIn, _close, "Melding afsluiten (niets meer verschuldigd)"),
    "transfer": (TransferIn, _transfer, "Overdragen aan een andere Veilig Thuis-regio"),
    "return-to-police": (ReasonIn, _return, "Terugsturen naar de politie (niet voor Veilig Thuis)"),
}


def report_verb_view(verb: str):
    serializer_class, action, text_ = REPORT_VERBS[verb]

    class _Verb(ApiView):
        @extend_schema(
            operation_id=f"reports_{verb.replace('-', '_')}",
            summary=text_,
            request=serializer_class,
            responses=ReportOut,
        )
        def post(self, request, pk: int):
            report = visible_report(request.user, pk)
            data = dict(self.parse(serializer_class))
            check_version(report, data)
            data.pop("version", None)
            action(report, request.user, data)
            return report_answer(self, visible_report(request.user, pk))

    _Verb.__name__ = f"Report_{verb.replace('-', '_')}"
    return _Verb.as_view()
