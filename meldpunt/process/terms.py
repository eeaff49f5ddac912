"""Opening, meeting and extending terms. The only place that turns norms into due dates."""

from __future__ import annotations

import datetime as dt

from meldpunt.errors import ConcurrentChange, DomainError
from meldpunt.process import deadlines
from meldpunt.process.models import Evaluation, Service, Term, TermKind
from meldpunt.reference.models import OrganisationSettings
from meldpunt.reference.services import holiday_calendar, organisation_settings


def due_date(
    kind: str,
    started_on: dt.date,
    *,
    settings: OrganisationSettings,
    calendar: deadlines.HolidayCalendar,
    months: int | None = None,
) -> dt.date:
    if kind == TermKind.TRIAGE:
        return deadlines.add_working_days(started_on, settings.triage_working_days, calendar)
    if kind == TermKind.SUPPORT:
        return deadlines.add_weeks(started_on, settings.support_weeks, calendar)
    if kind == TermKind.INVESTIGATION:
        return deadlines.add_weeks(started_on, settings.investigation_weeks, calendar)
    if kind == TermKind.EVALUATION:
        if months is None:
            raise ValueError("an evaluation term needs its moment in months")
        return deadlines.next_working_day(deadlines.add_months(started_on, months), calendar)
    if kind in (
        TermKind.FEEDBACK_REPORTER,
        TermKind.INFORM_INVOLVED,
        TermKind.FEEDBACK_AFTER_INVESTIGATION,
    ):
        return deadlines.add_working_days(started_on, settings.feedback_working_days, calendar)
    raise ValueError(f"unknown term kind {kind}")


def open_term(
    kind: str,
    *,
    report,
    started_on: dt.date,
    service: Service | None = None,
    evaluation: Evaluation | None = None,
    months: int | None = None,
) -> Term:
    settings = organisation_settings()
    calendar = holiday_calendar(settings)
    due = due_date(kind, started_on, settings=settings, calendar=calendar, months=months)
    warn = max(
        started_on, deadlines.subtract_working_days(due, settings.warn_working_days, calendar)
    )
    return Term.objects.create(
        kind=kind,
        report=report,
        case_id=report.case_id,
        municipality_id=report.municipality_id,
        work_area_id=report.work_area_id,
        service=service,
        evaluation=evaluation,
        started_on=started_on,
        original_due_on=due,
        due_on=due,
        warn_on=warn,
    )


def meet(term: Term, *, on: dt.date, by=None, note: str = "") -> Term:
    if term.met_on is not None:
        raise DomainError(f"'{term.get_kind_display()}' is al voldaan op {term.met_on:%d-%m-%Y}.")
    if on < term.started_on:
        raise DomainError("De datum ligt vóór het begin van de termijn.")
    # Compare-and-swap: of two professionals recording the same term at once, the second is
    # refused instead of overwriting who met it and when.
    claimed = Term.objects.filter(pk=term.pk, met_on__isnull=True).update(
        met_on=on, met_by=by, note=note
    )
    if not claimed:
        raise ConcurrentChange(
            f"'{term.get_kind_display()}' is intussen door iemand anders vastgelegd. Uw "
            "vastlegging is niet opgeslagen; bekijk de nieuwe stand."
        )
    term.met_on, term.met_by, term.note = on, by, note
    return term


def extend(term: Term, *, until: dt.date, reason: str) -> Term:
    """Move the due date later; the original stays for the KPIs."""
    if term.met_on is not None:
        raise DomainError("Een voldane termijn kan niet worden verlengd.")
    if until <= term.due_on:
        raise DomainError(
            f"De nieuwe datum moet na de huidige termijn ({term.due_on:%d-%m-%Y}) liggen.",
            field="until",
        )
    settings = organisation_settings()
    calendar = holiday_calendar(settings)
    warn_on = max(
        term.started_on,
        deadlines.subtract_working_days(until, settings.warn_working_days, calendar),
    )
    # Compare-and-swap on the due date that was read: a second extension decided at the same
    # time is refused, not silently put over the first.
    claimed = Term.objects.filter(pk=term.pk, met_on__isnull=True, due_on=term.due_on).update(
        due_on=until, warn_on=warn_on, extension_reason=reason
    )
    if not claimed:
        raise ConcurrentChange()
    term.due_on, term.warn_on, term.extension_reason = until, warn_on, reason
    return term
