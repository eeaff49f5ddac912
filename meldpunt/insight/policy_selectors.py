"""The register's figures for the policy analysis: reports per 1,000 inhabitants per
municipality, monthly counts and yearly volumes. Aggregates only; which files count is the
audience's filter (`insight.scope`): the whole register for the commands on the server, the
viewer's visible files for a signed-in analyst or manager."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from meldpunt import clock
from meldpunt.insight.forecast import Series, add_months
from meldpunt.insight.scope import WHOLE_REGISTER, Audience
from meldpunt.process.models import Service, ServiceKind
from meldpunt.reference.models import Municipality, PopulationFigure
from meldpunt.registry.models import Advice, Report


def _tz() -> dt.tzinfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    tz = _tz()
    return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)


def last_complete_year() -> int:
    return clock.today().year - 1


def _reports(audience: Audience):
    return Report.objects.filter(audience.case_q("case__"))


def reports_per_1000(*, year: int, audience: Audience = WHOLE_REGISTER) -> dict[str, float | None]:
    """Reports received in `year` per 1,000 inhabitants, by municipality name.

    Every served municipality that existed during the year is listed; the population is its
    figure for that year or the latest before it (`Municipality.population`). A municipality
    without a population figure gets None.
    """
    start, end = _year_bounds(year)
    municipalities = Municipality.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=dt.date(year, 12, 31)),
        Q(valid_to__isnull=True) | Q(valid_to__gte=dt.date(year, 1, 1)),
        served=True,
    )
    counts = dict(
        _reports(audience)
        .filter(received_at__gte=start, received_at__lt=end)
        .values_list("municipality_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    figures: dict[int, list[tuple[int, int]]] = {}
    for muni_id, fig_year, population in PopulationFigure.objects.order_by("year").values_list(
        "municipality_id", "year", "population"
    ):
        figures.setdefault(muni_id, []).append((fig_year, population))
    out: dict[str, float | None] = {}
    for muni in sorted(municipalities, key=lambda m: m.name):
        known = figures.get(muni.pk, [])
        before = [p for y, p in known if y <= year]
        population = before[-1] if before else (known[0][1] if known else None)
        out[muni.name] = (
            round(1000 * counts.get(muni.pk, 0) / population, 2) if population else None
        )
    return out


def monthly_counts(
    *, metric: str, audience: Audience = WHOLE_REGISTER, until: dt.date | None = None
) -> Series:
    """Reports or advice requests per calendar month, from the first month with any up to the
    last complete month before `until` (today); months without any count as 0."""
    until = until or clock.today()
    end_month = dt.date(until.year, until.month, 1)
    end = dt.datetime.combine(end_month, dt.time(), tzinfo=_tz())
    if metric == "reports":
        qs = _reports(audience)
    elif metric == "advices":
        qs = Advice.objects.all()  # advice requests hold no file and are never shielded
    else:
        raise ValueError(metric)
    rows = (
        qs.filter(received_at__lt=end)
        .annotate(month=TruncMonth("received_at", tzinfo=_tz()))
        .values("month")
        .annotate(n=Count("id"))
        .order_by("month")
    )
    counts = {_first_day(r["month"]): r["n"] for r in rows}
    if not counts:
        return Series(months=[], counts=[])
    months = []
    month = min(counts)
    while month < end_month:
        months.append(month)
        month = add_months(month, 1)
    return Series(months=months, counts=[float(counts.get(m, 0)) for m in months])


def _first_day(value) -> dt.date:
    if isinstance(value, dt.datetime):
        value = value.astimezone(_tz()).date() if value.tzinfo else value.date()
    return dt.date(value.year, value.month, 1)


def yearly_volumes(*, year: int, audience: Audience = WHOLE_REGISTER) -> dict[str, int]:
    """The capacity volumes of a calendar year: advice requests and reports received, and
    V&V, Onderzoek and monitoring started in the year."""
    start, end = _year_bounds(year)
    services = dict(
        Service.objects.filter(
            audience.case_q("report__case__"),
            started_on__gte=dt.date(year, 1, 1),
            started_on__lte=dt.date(year, 12, 31),
        )
        .values_list("kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {
        "advices": Advice.objects.filter(received_at__gte=start, received_at__lt=end).count(),
        "reports": _reports(audience).filter(received_at__gte=start, received_at__lt=end).count(),
        "support": services.get(ServiceKind.SUPPORT, 0),
        "investigations": services.get(ServiceKind.INVESTIGATION, 0),
        "monitoring": services.get(ServiceKind.MONITORING, 0),
    }
