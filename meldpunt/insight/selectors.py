"""Use-case reads for views and the API: the figures for what a request asks, as its user may
see them. Errors are DomainErrors with a Dutch message (a 400 in the API, a form error on the
page); a missing right is NotAllowed (403)."""

from __future__ import annotations

from collections.abc import Mapping

from meldpunt import clock
from meldpunt.errors import DomainError
from meldpunt.insight import kpis
from meldpunt.insight import norms as norms_module
from meldpunt.insight.periods import Period, PeriodError, parse_date
from meldpunt.insight.scope import audience_for, resolve


def period_from(params: Mapping[str, str], *, default: Period | None = None) -> Period:
    """`period=2025Q1`, or `from` and `to` (JJJJ-MM-DD); else `default` (the running month)."""
    text, start, end = params.get("period"), params.get("from"), params.get("to")
    try:
        if text:
            if start or end:
                raise DomainError("Geef een periode óf een begin- en einddatum, niet allebei.")
            period = Period.parse(text)
        elif start or end:
            if not (start and end):
                raise DomainError("Geef zowel een begin- als een einddatum (from en to).")
            period = Period(parse_date(start, what="from"), parse_date(end, what="to"))
        else:
            today = clock.today()
            period = default or Period.month(today.year, today.month)
    except PeriodError as err:
        raise DomainError(str(err), field="period") from err
    if period.start > clock.today():
        raise DomainError("De periode begint in de toekomst.", field="period")
    if period.days > 366 * 5:
        raise DomainError("Een periode is hoogstens vijf jaar.", field="period")
    return period


def figures_for(user, params: Mapping[str, str]) -> kpis.KpiSet:
    """The KPI set for a request's parameters (period or from/to, area or municipality, norms),
    with the rows of the year plan (meldpunt.yearplan.indicators)."""
    from meldpunt.yearplan.indicators import attach

    audience = audience_for(user)
    period = period_from(params)
    area, municipality = params.get("area") or None, params.get("municipality") or None
    scope = resolve(area=area, municipality=municipality) if (area or municipality) else None
    source = params.get("norms") or "settings"
    try:
        norms = norms_module.load(source)
    except norms_module.NormError as err:
        raise DomainError(str(err), field="norms") from err
    figures = kpis.compute(period=period, scope=scope, audience=audience, norms=norms)
    return attach(figures, viewer=user)
