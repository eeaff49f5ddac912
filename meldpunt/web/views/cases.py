"""The file (dossier): everything that happened to the household, in time order."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from meldpunt.access.roles import Right
from meldpunt.acute.selectors import case_events
from meldpunt.process import selectors as process
from meldpunt.process.models import (
    Evaluation,
    Handover,
    Service,
    Term,
    TermKind,
    Transition,
    TriageDecision,
)
from meldpunt.reference import cache as reference_cache
from meldpunt.registry import selectors as registry
from meldpunt.registry.models import Involvement, Person
from meldpunt.web.views.common import record_view


@dataclass(frozen=True)
class Event:
    at: dt.datetime
    kind: str
    text: str
    report_id: int | None = None
    service_id: int | None = None
    date_only: bool = False  # services, hand-overs and evaluations carry a date, not a time

    @property
    def report_number(self) -> str:
        return f"M-{self.report_id:07d}" if self.report_id else ""


# Within one day, what is known by date only follows what has a time, in this order.
_DAY_ORDER = {"dienst": 1, "overdracht": 2, "informeren": 3, "evaluatie": 4}


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


def timeline(case, *, reports=None, terms=None) -> list[Event]:
    """Reports, decisions, services, evaluations, hand-overs and every status change.

    `reports` (the file's reports) and `terms` (all their terms) may come from the caller, who
    shows them as well: the dossier page fetches each once."""
    if reports is None:
        reports = list(case.reports.order_by("received_at"))
    reports = sorted(reports, key=lambda r: (r.received_at, r.pk))
    _with_municipality(reports)
    ids = [r.pk for r in reports]
    events = [
        Event(
            r.received_at,
            "melding",
            f"Melding {r.number} ontvangen ({r.municipality})",
            report_id=r.pk,
        )
        for r in reports
    ]
    for d in TriageDecision.objects.filter(report_id__in=ids, status="approved").select_related(
        "proposed_by", "approved_by"
    ):
        events.append(
            Event(
                d.decided_at,
                "besluit",
                f"Triagebesluit: {d.get_outcome_display()} (voorgesteld door {d.proposed_by}, "
                f"geaccordeerd door {d.approved_by})",
                report_id=d.report_id,
            )
        )
    for s in Service.objects.filter(report_id__in=ids):
        events.append(
            Event(
                _at(s.started_on),
                "dienst",
                f"{s.get_kind_display()} gestart",
                report_id=s.report_id,
                service_id=s.pk,
                date_only=True,
            )
        )
    for e in Evaluation.objects.filter(
        service__report_id__in=ids, done_on__isnull=False
    ).select_related("service"):
        events.append(
            Event(
                _at(e.done_on),
                "evaluatie",
                f"Evaluatie na {e.moment} maanden: gezin {e.score_family or '—'}, "
                f"professionals {e.score_professionals or '—'}",
                report_id=e.service.report_id,
                service_id=e.service_id,
                date_only=True,
            )
        )
    for h in Handover.objects.filter(report_id__in=ids).select_related("destination"):
        events.append(
            Event(
                _at(h.handed_over_on),
                "overdracht",
                f"{'Warme' if h.warm else 'Koude'} overdracht aan {h.destination}",
                report_id=h.report_id,
                service_id=h.service_id,
                date_only=True,
            )
        )
    informing = (
        TermKind.FEEDBACK_REPORTER,
        TermKind.INFORM_INVOLVED,
        TermKind.FEEDBACK_AFTER_INVESTIGATION,
    )
    if terms is None:
        terms = Term.objects.filter(report_id__in=ids).select_related("met_by")
    done = [t for t in terms if t.kind in informing and t.met_on is not None and not t.cancelled]
    for t in sorted(done, key=lambda t: (t.kind, t.met_on, t.pk)):
        events.append(
            Event(
                _at(t.met_on),
                "informeren",
                f"{t.get_kind_display()} gedaan door {t.met_by or 'onbekend'}"
                + (f": {t.note}" if t.note else ""),
                report_id=t.report_id,
                date_only=True,
            )
        )
    for t in Transition.objects.filter(report_id__in=ids).select_related("by"):
        labels = t.status_labels
        events.append(
            Event(
                t.at,
                "status",
                f"{t.action_label} ({labels[0]} → {labels[1]}) door {t.by}",
                report_id=t.report_id,
                service_id=t.service_id,
            )
        )
    events += [Event(at, kind, text) for at, kind, text in case_events(case)]
    events += _file_events(case)
    return sorted(events, key=lambda e: (e.at, _DAY_ORDER.get(e.kind, 0)), reverse=True)


def _file_events(case) -> list[Event]:
    """Contacts from the journal (corrections marked), documents and letters, among the steps."""
    from django.db.models import Count

    from meldpunt.casefile.models import Document, JournalEntry, Letter

    events = []
    for j in (
        JournalEntry.objects.filter(case=case)
        .select_related("by")
        .annotate(corrections=Count("revisions"))
    ):
        note = j.note if len(j.note) <= 160 else j.note[:157] + "…"
        who = f" met {j.participants}" if j.participants else ""
        corrected = " (gecorrigeerd)" if j.corrections else ""
        events.append(
            Event(
                j.occurred_at,
                "contact",
                f"{j.get_channel_display()}{who}: {note}{corrected}",
                report_id=j.report_id,
            )
        )
    letters = list(Letter.objects.filter(case=case).select_related("report__reporter"))
    letter_docs = {letter.document_id for letter in letters}
    for d in Document.objects.filter(case=case).exclude(pk__in=letter_docs):
        events.append(
            Event(
                d.uploaded_at, "document", f"Document toegevoegd: {d.title}", report_id=d.report_id
            )
        )
    for letter in letters:
        reporter = getattr(letter.report, "reporter", None)
        to = (
            "de melder"
            if letter.kind == "feedback_reporter" and reporter is not None and reporter.anonymous
            else letter.addressee
        )
        events.append(
            Event(
                letter.created_at,
                "brief",
                f"Brief gemaakt: {letter.get_kind_display()} aan {to}",
                report_id=letter.report_id,
            )
        )
        if letter.sent_on:
            events.append(
                Event(
                    _at(letter.sent_on),
                    "brief",
                    f"Brief verzonden: {letter.get_kind_display()}",
                    report_id=letter.report_id,
                    date_only=True,
                )
            )
    return events


def _with_municipality(reports) -> None:
    """Each report's municipality from the per-process reference data (no join, no query)."""
    municipalities = reference_cache.municipalities()
    for r in reports:
        if r.municipality_id in municipalities:
            r.municipality = municipalities[r.municipality_id]


@login_required
def case_detail(request, case_id: int):
    case = registry.cases_for(request.user).select_related("household").filter(pk=case_id).first()
    if case is None:
        if not request.user.can(Right.BREAK_GLASS):
            raise Http404
        # The same answer for a file that does not exist: only the way to emergency access.
        return render(
            request,
            "web/emergency/not_found.html",
            {"wanted": "dossier", "wanted_id": case_id},
            status=404,
        )
    people = list(
        Person.objects.filter(
            pk__in=Involvement.objects.filter(report__case=case).values("person_id")
        ).order_by("date_of_birth")
    )
    reports = list(case.reports.all())
    by_id = {r.pk: r for r in reports}
    # Every term of the file at once: the open ones are listed, the met informing steps are in
    # the timeline.
    terms = list(Term.objects.filter(report_id__in=by_id).select_related("met_by"))
    for t in terms:
        t.report = by_id[t.report_id]
    open_terms = process.with_days_left(
        sorted((t for t in terms if t.met_on is None), key=lambda t: (t.due_on, t.pk))
    )
    record_view(request, "case.viewed", case, person_ids=[p.pk for p in people])
    return render(
        request,
        "web/case_detail.html",
        {
            "case": case,
            "people": people,
            "events": timeline(case, reports=reports, terms=terms),
            "terms": open_terms,
            "reports": sorted(reports, key=lambda r: (r.received_at, r.pk), reverse=True),
        },
    )
