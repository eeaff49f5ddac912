"""Retention: files are destroyed completely when their retention period has passed, and only
anonymous statistical facts stay behind so the figures of past years stay right.

A file (dossier) expires when all its reports are finished (closed, transferred or returned),
no service is still running, and the retention period has passed since the last thing that
happened in it: 20 years (Wmo 2015) by default, or the shorter period an organisation sets for
files in which no violence was found (every report ended without further involvement or with an
Onderzoek that confirmed nothing). Advice requests expire on their receipt date plus the period.

`purge` works one file per transaction, so an interruption loses nothing and a rerun continues.
Other apps keep derived data (search indexes, radar links) and register a purge hook here by
dotted path: an explicit list, no signals. A hook is called inside the file's transaction, before
the rows are deleted, with the ids of what goes.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max, Q
from django.utils.module_loading import import_string

from meldpunt import clock
from meldpunt.access import audit
from meldpunt.access.models import FactKind, StatisticalFact, access_settings
from meldpunt.access.pseudonyms import age_band
from meldpunt.access.roles import Right
from meldpunt.errors import NotAllowed

# Dotted paths of `hook(*, ids: PurgeIds) -> None`; apps with derived data add theirs.
PURGE_HOOKS: list[str] = [
    "meldpunt.acute.retention.purge",
    "meldpunt.radar.services.purge",
    "meldpunt.quality.retention.purge",
]

FINISHED = ("closed", "transferred", "returned")


@dataclass(frozen=True)
class PurgeIds:
    case_ids: tuple[int, ...]
    report_ids: tuple[int, ...]
    person_ids: tuple[int, ...]  # people who appear in no other file: they go too
    household_ids: tuple[int, ...]
    advice_ids: tuple[int, ...] = ()


def hooks() -> list[Callable[..., None]]:
    return [import_string(path) for path in PURGE_HOOKS]


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _years_before(day: dt.date, years: int) -> dt.date:
    return _years_after(day, -years)


def _last_activity(case) -> dt.date:
    from meldpunt.process.models import Evaluation, Service, Transition

    moments = [case.opened_at, case.closed_at]
    moments.append(case.reports.aggregate(m=Max("received_at"))["m"])
    moments.append(Transition.objects.filter(report__case=case).aggregate(m=Max("at"))["m"])
    days = [clock.local_date(m) for m in moments if m is not None]
    days.append(Service.objects.filter(report__case=case).aggregate(m=Max("closed_on"))["m"])
    days.append(
        Evaluation.objects.filter(service__report__case=case).aggregate(m=Max("done_on"))["m"]
    )
    return max(d for d in days if d is not None)


def no_violence_found(case) -> bool:
    """Every report ended without further involvement, was returned to the police, or had an
    Onderzoek with findings of which none confirmed violence."""
    from meldpunt.process.models import Finding, TriageDecision
    from meldpunt.reference.cbs import InvestigationFinding

    if Finding.objects.filter(
        service__report__case=case, finding=InvestigationFinding.CONFIRMED
    ).exists():
        return False
    for report in case.reports.all():
        if report.status == "returned":
            continue
        decision = TriageDecision.objects.filter(report=report, status="approved").first()
        if decision is not None and decision.outcome == "einde_bemoeienis":
            continue
        if Finding.objects.filter(service__report=report).exists():
            continue
        return False
    return True


@dataclass(frozen=True)
class Expiry:
    case_id: int
    last_activity: dt.date
    expires_on: dt.date
    no_violence: bool


def expiry_of(case, *, settings=None) -> Expiry | None:
    """When `case` may be destroyed, or None while work in it is unfinished."""
    from meldpunt.process.models import Service

    settings = settings or access_settings()
    if case.reports.exclude(status__in=FINISHED).exists():
        return None
    if Service.objects.filter(report__case=case).exclude(status="closed").exists():
        return None
    if not case.reports.exists():
        last = clock.local_date(case.opened_at)
        quiet = False
    else:
        last = _last_activity(case)
        quiet = no_violence_found(case)
    years = settings.retention_years_no_violence if quiet else settings.retention_years
    return Expiry(case.pk, last, _years_after(last, years), quiet)


def expired_cases(*, today: dt.date | None = None) -> Iterator[Expiry]:
    """Files whose retention period has passed. Cheap pre-filter: nothing received or opened
    within the shortest period can have expired."""
    from meldpunt.registry.models import Case

    today = today or clock.today()
    settings = access_settings()
    shortest = min(settings.retention_years, settings.retention_years_no_violence)
    horizon = _years_before(today, shortest)
    recent = Case.objects.filter(reports__received_at__date__gte=horizon).values("pk")
    candidates = Case.objects.filter(opened_at__date__lt=horizon).exclude(pk__in=recent)
    for case in candidates.order_by("pk").iterator():
        expiry = expiry_of(case, settings=settings)
        if expiry is not None and expiry.expires_on <= today:
            yield expiry


def expired_advice_ids(*, today: dt.date | None = None) -> list[int]:
    from meldpunt.registry.models import Advice

    today = today or clock.today()
    horizon = _years_before(today, access_settings().retention_years)
    return list(
        Advice.objects.filter(received_at__date__lt=horizon)
        .filter(Q(converted_report__isnull=True))
        .values_list("pk", flat=True)
    )


# --- The statistical facts that stay ------------------------------------------------------


def _report_fact(report, *, group: int, today: dt.date) -> StatisticalFact:
    from meldpunt.process.models import Evaluation, Finding, Term, TriageDecision

    received = clock.local_date(report.received_at)
    decision = TriageDecision.objects.filter(report=report, status="approved").first()
    assessment = getattr(report, "safety_assessment", None)
    reporter = getattr(report, "reporter", None)
    forms = sorted({f.cbs_category for f in report.violence_forms.all()})
    facts = {
        "acute": report.acute,
        "crisis_intervention": report.crisis_intervention,
        "decision": None
        if decision is None
        else {
            "outcome": decision.outcome,
            "decided_on": clock.local_date(decision.decided_at).isoformat()
            if decision.decided_at
            else None,
            "crisis_intervention": decision.crisis_intervention,
            "notify_police": decision.notify_police,
            "notify_rvdk": decision.notify_rvdk,
        },
        "taxation": assessment.taxation if assessment else None,
        "reporter_professional": reporter.is_professional if reporter else None,
        "terms": [
            {
                "kind": t.kind,
                "service_kind": t.service.kind if t.service_id else None,
                "started_on": t.started_on.isoformat(),
                "original_due_on": t.original_due_on.isoformat(),
                "due_on": t.due_on.isoformat(),
                "met_on": t.met_on.isoformat() if t.met_on else None,
                "cancelled": t.cancelled,
            }
            for t in Term.objects.filter(report=report).select_related("service").order_by("pk")
        ],
        "services": [
            {
                "kind": s.kind,
                "started_on": s.started_on.isoformat(),
                "closed_on": s.closed_on.isoformat() if s.closed_on else None,
            }
            for s in report.services.order_by("pk")
        ],
        "findings": [
            {"category": f.violence_form.cbs_category, "finding": f.finding}
            for f in Finding.objects.filter(service__report=report).select_related("violence_form")
        ],
        "evaluations": [
            {
                "moment": e.moment,
                "done_on": e.done_on.isoformat() if e.done_on else None,
                "score_family": e.score_family,
                "score_professionals": e.score_professionals,
            }
            for e in Evaluation.objects.filter(service__report=report).order_by("pk")
        ],
        "handovers": [
            {"destination": h.destination.code, "on": h.handed_over_on.isoformat(), "warm": h.warm}
            for h in report.handovers.select_related("destination").order_by("pk")
        ],
        "people": [
            {
                "role": i.role,
                "sex": i.person.sex,
                "age_band": age_band(i.person.date_of_birth, received),
            }
            for i in report.involvements.select_related("person").order_by("pk")
        ],
    }
    return StatisticalFact(
        kind=FactKind.REPORT,
        group=group,
        received_on=received,
        municipality_id=report.municipality_id,
        work_area_id=report.work_area_id,
        reporter_group=reporter.reporter_type.cbs_group if reporter else "",
        violence_categories=",".join(forms),
        prior_involvement=report.prior_involvement,
        final_status=report.status,
        source=report.source,
        facts=facts,
        purged_on=today,
    )


def _advice_fact(advice, *, today: dt.date) -> StatisticalFact:
    return StatisticalFact(
        kind=FactKind.ADVICE,
        group=secrets.randbits(62),
        received_on=clock.local_date(advice.received_at),
        municipality_id=advice.municipality_id,
        reporter_group=advice.asker_type.cbs_group,
        violence_categories=",".join(sorted({f.cbs_category for f in advice.violence_forms.all()})),
        final_status=advice.status,
        facts={"anonymous": advice.anonymous},
        purged_on=today,
    )


# --- Destroying -------------------------------------------------------------------------------


def ids_to_purge(case_ids: list[int]) -> PurgeIds:
    from meldpunt.registry.models import Case, Involvement, Person, Report

    report_ids = list(Report.objects.filter(case_id__in=case_ids).values_list("pk", flat=True))
    named = set(
        Involvement.objects.filter(report_id__in=report_ids).values_list("person_id", flat=True)
    )
    elsewhere = set(
        Involvement.objects.filter(person_id__in=named)
        .exclude(report_id__in=report_ids)
        .values_list("person_id", flat=True)
    )
    people = sorted(named - elsewhere)
    households = set(
        Case.objects.filter(pk__in=case_ids).values_list("household_id", flat=True)
    ) | set(
        Person.objects.filter(pk__in=people)
        .exclude(household=None)
        .values_list("household_id", flat=True)
    )
    return PurgeIds(
        case_ids=tuple(sorted(case_ids)),
        report_ids=tuple(sorted(report_ids)),
        person_ids=tuple(people),
        household_ids=tuple(sorted(households)),
    )


def _destroy_case(case_id: int, *, by, today: dt.date) -> PurgeIds:
    from meldpunt.casefile import documents
    from meldpunt.casefile.models import Document
    from meldpunt.registry.models import Case, Household, Person, Report
    from meldpunt.registry.services import refresh_previous_reports

    ids = ids_to_purge([case_id])
    group = secrets.randbits(62)
    reports = (
        Report.objects.filter(pk__in=ids.report_ids)
        .select_related("reporter__reporter_type")
        .prefetch_related("violence_forms")
    )
    StatisticalFact.objects.bulk_create(
        [_report_fact(r, group=group, today=today) for r in reports]
    )
    for hook in hooks():
        hook(ids=ids)
    files = list(Document.objects.filter(case_id=case_id).values_list("storage_name", flat=True))
    Document.objects.filter(case_id=case_id).delete()
    Report.objects.filter(pk__in=ids.report_ids).delete()
    Case.objects.filter(pk=case_id).delete()
    Person.objects.filter(pk__in=ids.person_ids).delete()
    Household.objects.filter(pk__in=ids.household_ids, cases=None, members=None).delete()
    # The households' other files: their reports' stored previous-report fact
    # (registry.services.refresh_previous_reports) no longer sees the destroyed reports.
    refresh_previous_reports(ids.household_ids)
    audit.record(
        "retention.purged",
        actor=by,
        subject=("registry.case", case_id),
        cases=[case_id],
        persons=ids.person_ids,
        report_ids=list(ids.report_ids),
    )
    # Files are removed once the rows are gone for good; a crash in between leaves only an
    # unreadable file without a row, never a row without its file.
    transaction.on_commit(lambda: [documents.delete(name) for name in files])
    return ids


@dataclass
class PurgeResult:
    cases: int = 0
    reports: int = 0
    people: int = 0
    advice: int = 0
    expiries: list[Expiry] = field(default_factory=list)


def purge(
    *,
    by=None,
    dry_run: bool = False,
    today: dt.date | None = None,
    progress: Callable[[int], None] | None = None,
) -> PurgeResult:
    """Destroy every expired file and advice request. `by` is the privacy officer, or None
    when run by the scheduler. One transaction per file: interrupt and rerun at will."""
    from meldpunt.registry.models import Advice

    if by is not None and not by.can(Right.MANAGE_RETENTION):
        raise NotAllowed("Alleen de privacy officer vernietigt dossiers.")
    today = today or clock.today()
    result = PurgeResult()
    for expiry in expired_cases(today=today):
        result.expiries.append(expiry)
        if dry_run:
            ids = ids_to_purge([expiry.case_id])
        else:
            with transaction.atomic():
                ids = _destroy_case(expiry.case_id, by=by, today=today)
        result.cases += 1
        result.reports += len(ids.report_ids)
        result.people += len(ids.person_ids)
        if progress:
            progress(1)
    advice_ids = expired_advice_ids(today=today)
    result.advice = len(advice_ids)
    if not dry_run:
        for start in range(0, len(advice_ids), 500):
            batch = advice_ids[start : start + 500]
            with transaction.atomic():
                items = Advice.objects.filter(pk__in=batch).select_related("asker_type")
                StatisticalFact.objects.bulk_create(
                    [_advice_fact(a, today=today) for a in items.prefetch_related("violence_forms")]
                )
                for hook in hooks():
                    hook(ids=PurgeIds((), (), (), (), advice_ids=tuple(batch)))
                Advice.objects.filter(pk__in=batch).delete()
                audit.record("retention.advice_purged", actor=by, advice_ids=batch)
    if dry_run:
        audit.record("retention.dry_run", actor=by, case_count=result.cases, advice=result.advice)
    return result
