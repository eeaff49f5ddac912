"""Reads of the register. Every query starts from what the user may see."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from meldpunt.registry.models import Advice, Case, Person, Report


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
    visible_reports = reports_for(user).values("pk")
    return list(
        Person.objects.filter(match, involvements__report__in=visible_reports)
        .distinct()
        .order_by("surname", "given_names")[:limit]
    )
