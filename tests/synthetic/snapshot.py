"""Every row the register and the process hold, with ids replaced by what the row is about, so
two databases built in different orders can be compared field by field."""

from __future__ import annotations

from collections import defaultdict

from django.db import models

from meldpunt.access.models import AuditEntry
from meldpunt.acute.models import (
    CrisisIntervention,
    FamilyIntervention,
    Hearing,
    InformationRequest,
    OrderTransition,
    OutOfHoursContribution,
    RestrainingOrder,
)
from meldpunt.casefile.models import ConditionScore, JournalEntry, SafetyCondition
from meldpunt.process.models import (
    Evaluation,
    Finding,
    Handover,
    Routing,
    SafetyAssessment,
    Service,
    Term,
    Transition,
    TriageDecision,
)
from meldpunt.quality.models import Complaint, SurveyInvitation, SurveyResponse
from meldpunt.registry.models import (
    Advice,
    Case,
    Household,
    Involvement,
    Person,
    Report,
    Reporter,
)
from meldpunt.synthetic.models import GenerationRun
from meldpunt.teams.models import Assignment

COMPARED: tuple[type[models.Model], ...] = (
    Household,
    Person,
    Case,
    Report,
    Reporter,
    Involvement,
    SafetyAssessment,
    TriageDecision,
    Service,
    Evaluation,
    Term,
    Handover,
    Finding,
    Transition,
    Assignment,
    Routing,
    Advice,
    CrisisIntervention,
    RestrainingOrder,
    OrderTransition,
    OutOfHoursContribution,
    Hearing,
    InformationRequest,
    FamilyIntervention,
    JournalEntry,
    SafetyCondition,
    ConditionScore,
    SurveyInvitation,
    SurveyResponse,
    Complaint,
    AuditEntry,
)
# Random in the services (a one-time token's hash): compared as present, not by value.
RANDOM = {"token_hash"}
DETAIL_MODELS = {
    "report_id": "registry.report",
    "case_id": "registry.case",
    "service_id": "process.service",
    "order_id": "acute.restrainingorder",
}


def _canon() -> dict[tuple[str, int], tuple]:
    c: dict[tuple[str, int], tuple] = {}

    def key(model, pk):
        return (model._meta.label_lower, pk)

    for r in Report.objects.all():
        c[key(Report, r.pk)] = ("report", r.received_at.isoformat())
    positions: dict[int, list] = defaultdict(list)
    counts: dict[tuple, int] = defaultdict(int)
    for inv in Involvement.objects.order_by("id"):
        rep = c[key(Report, inv.report_id)]
        positions[inv.person_id].append((rep, counts[rep]))
        counts[rep] += 1
    for pid, places in positions.items():
        c[key(Person, pid)] = ("person", *min(places))
    members: dict[int, list] = defaultdict(list)
    for p in Person.objects.all():
        members[p.household_id].append(c[key(Person, p.pk)])
    for hid, names in members.items():
        c[key(Household, hid)] = ("household", min(names))
    for case in Case.objects.all():
        c[key(Case, case.pk)] = ("case", c[key(Household, case.household_id)])
    for d in TriageDecision.objects.all():
        c[key(TriageDecision, d.pk)] = (
            "decision",
            c[key(Report, d.report_id)],
            d.proposed_at.isoformat(),
        )
    for s in Service.objects.all():
        c[key(Service, s.pk)] = ("service", c[key(Report, s.report_id)], s.kind)
    for e in Evaluation.objects.all():
        c[key(Evaluation, e.pk)] = ("evaluation", c[key(Service, e.service_id)], e.moment)
    for t in Term.objects.all():
        c[key(Term, t.pk)] = (
            "term",
            c[key(Report, t.report_id)],
            t.kind,
            c.get(key(Service, t.service_id)),
            c.get(key(Evaluation, t.evaluation_id)),
        )
    for h in Handover.objects.all():
        c[key(Handover, h.pk)] = (
            "handover",
            c[key(Report, h.report_id)],
            c.get(key(Service, h.service_id)),
            h.handed_over_on.isoformat(),
        )
    for r in Routing.objects.all():
        c[key(Routing, r.pk)] = ("routing", c[key(Report, r.report_id)])
    for a in Advice.objects.all():
        c[key(Advice, a.pk)] = ("advice", a.received_at.isoformat())
    for x in CrisisIntervention.objects.all():
        c[key(CrisisIntervention, x.pk)] = ("crisis", x.called_at.isoformat())
    for x in RestrainingOrder.objects.all():
        c[key(RestrainingOrder, x.pk)] = ("order", x.imposed_at.isoformat())
    for x in OutOfHoursContribution.objects.all():
        c[key(OutOfHoursContribution, x.pk)] = ("out_of_hours", x.started_at.isoformat())
    for x in Hearing.objects.all():
        c[key(Hearing, x.pk)] = ("hearing", x.requested_at.isoformat())
    for x in InformationRequest.objects.all():
        c[key(InformationRequest, x.pk)] = ("information", x.asked_at.isoformat())
    for x in FamilyIntervention.objects.all():
        c[key(FamilyIntervention, x.pk)] = ("family", c[key(Case, x.case_id)], x.kind)
    for x in JournalEntry.objects.all():
        c[key(JournalEntry, x.pk)] = ("journal", x.created_at.isoformat())
    for x in SafetyCondition.objects.all():
        c[key(SafetyCondition, x.pk)] = ("condition", c[key(Service, x.service_id)], x.description)
    for x in SurveyInvitation.objects.all():
        c[key(SurveyInvitation, x.pk)] = ("invitation", c.get(key(Service, x.service_id)))
    for x in Complaint.objects.all():
        c[key(Complaint, x.pk)] = ("complaint", c.get(key(Case, x.case_id)), x.summary)
    for run in GenerationRun.objects.all():
        c[key(GenerationRun, run.pk)] = ("run", run.seed, run.reports)
    return c


def snapshot() -> dict[str, list]:
    """Table name -> sorted list of rows (dicts without ids; references by canonical name)."""
    canon = _canon()
    out: dict[str, list] = {}
    for model in COMPARED:
        rows = []
        for obj in model.objects.all():
            row: dict = {}
            for f in model._meta.concrete_fields:
                if f.primary_key:
                    continue
                value = getattr(obj, f.attname)
                if f.name in RANDOM:
                    value = bool(value)
                if f.is_relation and value is not None:
                    value = canon.get((f.related_model._meta.label_lower, value), value)
                row[f.name] = value
            if model is AuditEntry:
                row["subject_id"] = canon.get((obj.subject_type, obj.subject_id), obj.subject_id)
                details = dict(obj.details)
                for name, label in DETAIL_MODELS.items():
                    if details.get(name) is not None:
                        details[name] = canon[(label, details[name])]
                if "person_ids" in details:
                    details["person_ids"] = [
                        canon[("registry.person", p)] for p in details["person_ids"]
                    ]
                row["details"] = details
                for column, label in (
                    ("case_ids", "registry.case"),
                    ("person_ids", "registry.person"),
                ):
                    ids = [int(i) for i in (getattr(obj, column, "") or "").split(",") if i]
                    row[column] = [canon.get((label, i), i) for i in ids]
            for m2m in model._meta.many_to_many:
                label = m2m.related_model._meta.label_lower
                row[m2m.name] = sorted(
                    repr(canon.get((label, pk), pk))
                    for pk in getattr(obj, m2m.name).values_list("pk", flat=True)
                )
            if hasattr(obj, "pk") and (model._meta.label_lower, obj.pk) in canon:
                row["_is"] = canon[(model._meta.label_lower, obj.pk)]
            rows.append(row)
        out[model._meta.label_lower] = sorted(rows, key=repr)
    return out
