"""Reads of the register. Every query starts from what the user may see."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet

from meldpunt.access.visibility import case_filter
from meldpunt.registry.models import Advice, Case, Involvement, Person, Report


def reports_for(user) -> QuerySet[Report]:
    return Report.objects.visible_to(user)


def cases_for(user) -> QuerySet[Case]:
    return Case.objects.visible_to(user)


def advices_for(user) -> QuerySet[Advice]:
    return Advice.objects.visible_to(user)


def known_people(
    user, *, bsn: str = "", surname: str = "", date_of_birth: dt.date | None = None, limit: int = 10
) -> list[Person]:
    """People already in the register that may be the person being entered: the same BSN, or the
    same surname and date of birth. Only people on files the user may see. (The radar replaces
    this exact match with probabilistic matching.)"""
    match = Q()
    if bsn:
        match |= Q(bsn=bsn)
    if surname and date_of_birth:
        match |= Q(surname__iexact=surname.strip(), date_of_birth=date_of_birth)
    if not match:
        return []
    return list(people_for(user).filter(match).order_by("surname", "given_names")[:limit])


def people_for(user) -> QuerySet[Person]:
    """People named on a report the user may see.

    Asked per person (EXISTS over the person's own involvements, by index), so that a search by
    BSN or name does not first collect every visible report of the register."""
    on_visible_file = Involvement.objects.filter(person_id=OuterRef("pk")).filter(
        case_filter(user, prefix="report__case__")
    )
    return Person.objects.filter(Exists(on_visible_file))


def search_people(
    user,
    *,
    bsn: str = "",
    surname: str = "",
    given_names: str = "",
    date_of_birth: dt.date | None = None,
    limit: int = 50,
) -> list[Person]:
    """Find people on visible files by BSN (exact) or by surname (beginning of the name),
    optionally narrowed by given names and date of birth."""
    qs = people_for(user)
    if bsn:
        qs = qs.filter(bsn=bsn)
    if surname:
        qs = qs.filter(surname__istartswith=surname.strip())
    if given_names:
        qs = qs.filter(given_names__icontains=given_names.strip())
    if date_of_birth:
        qs = qs.filter(date_of_birth=date_of_birth)
    if not (bsn or surname or date_of_birth):
        return []
    return list(qs.order_by("surname", "given_names", "date_of_birth", "pk")[:limit])


def previous_report_drift(
    reports: QuerySet[Report] | None = None,
) -> list[tuple[int, object, object]]:
    """Reports whose stored `household_previous_at` differs from the slow way (the latest report
    of the same household, through the files, received strictly before): (id, stored, computed).
    Empty when the stored fact is right; for tests and a check after bulk writes."""
    from django.db.models import DateTimeField, F, Func, Subquery

    latest = Func(F("received_at"), function="MAX", output_field=DateTimeField())
    earlier = (
        Report.objects.filter(
            case__household_id=OuterRef("case__household_id"),
            received_at__lt=OuterRef("received_at"),
        )
        .annotate(latest=latest)
        .values("latest")
    )
    rows = (
        (reports if reports is not None else Report.objects.all())
        .annotate(computed=Subquery(earlier, output_field=DateTimeField()))
        .values_list("pk", "household_previous_at", "computed")
        .order_by("pk")
    )
    return [(pk, stored, computed) for pk, stored, computed in rows if stored != computed]
