"""The frame every figure is computed in (period, scope, audience, norms) and the builders that
turn grouped counts into indicators with their breakdowns."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q

from meldpunt.insight.indicators import COUNT, PERCENT, Cell, Cube, Indicator, pct
from meldpunt.insight.norms import Norm, Norms
from meldpunt.insight.periods import Period, month_key, month_label
from meldpunt.insight.scope import Audience, Scope
from meldpunt.reference.models import Municipality, WorkArea

UNKNOWN = "onbekend"


@dataclass
class Context:
    period: Period
    scope: Scope
    audience: Audience
    norms: Norms
    today: dt.date
    municipality_names: dict = field(default_factory=dict)
    area_names: dict = field(default_factory=dict)
    served: list = field(default_factory=list)  # (id, name, area_id) valid in the period

    @classmethod
    def build(cls, *, period, scope, audience, norms, today) -> Context:
        ctx = cls(period=period, scope=scope, audience=audience, norms=norms, today=today)
        ctx.area_names = dict(WorkArea.objects.values_list("id", "name"))
        ctx.municipality_names = dict(Municipality.objects.values_list("id", "name"))
        served = Municipality.objects.valid_on(period.end).filter(served=True)
        if scope.kind == "work_area":
            served = served.filter(work_area=scope.work_area)
        elif scope.kind == "municipality":
            served = served.filter(pk=scope.municipality.pk)
        ctx.served = list(served.values_list("id", "name", "work_area_id"))
        return ctx

    # -- filters --
    def rq(self, prefix: str = "") -> Q:
        """Reports in scope that the audience may count; `prefix` leads to the Report."""
        return self.audience.case_q(f"{prefix}case__") & self.scope.report_q(prefix)

    def own_reports(self, prefix: str = "") -> Q:
        """Reports counted as this organisation's: in scope and countable, less those that left
        it before the end of the period (transferred to another region, where they are counted,
        or returned to the police). Those are counted once, in `routed_reports`."""
        return self.rq(prefix) & ~Q(**{f"{prefix}routing__at__lt": self.end_before})

    @property
    def tz(self) -> dt.tzinfo:
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)

    @property
    def start_at(self) -> dt.datetime:
        return dt.datetime.combine(self.period.start, dt.time(), tzinfo=self.tz)

    @property
    def end_before(self) -> dt.datetime:
        return dt.datetime.combine(
            self.period.end + dt.timedelta(days=1), dt.time(), tzinfo=self.tz
        )

    def received_in_period(self, prefix: str = "") -> Q:
        return Q(
            **{
                f"{prefix}received_at__gte": self.start_at,
                f"{prefix}received_at__lt": self.end_before,
            }
        )

    def dates_in_period(self, field_name: str) -> Q:
        return Q(**{f"{field_name}__gte": self.period.start, f"{field_name}__lte": self.period.end})

    # -- breakdown dimensions --
    def dimensions(self) -> list[str]:
        dims = ["maand"]
        if self.scope.kind == "organisation":
            dims.append("werkgebied")
        if self.scope.kind in ("organisation", "work_area"):
            dims.append("gemeente")
        return dims

    def keys(self, dim: str, cube: Cube) -> list[tuple[object, str, str]]:
        """(group value, key, label) of every cell of dimension `dim`, zeros included."""
        if dim == "maand":
            return [(m, month_key(m), month_label(m)) for m in self.period.months()]
        if dim == "werkgebied":
            present = {r["g_area"] for r in cube.rows}
            ids = sorted(set(self.area_names) | (present - {None}), key=self.area_names.get)
            out = [(i, self.area_names[i], self.area_names[i]) for i in ids]
            if None in present:
                out.append((None, UNKNOWN, "werkgebied onbekend"))
            return out
        if dim == "gemeente":
            present = {r["g_municipality"] for r in cube.rows}
            ids = {s[0] for s in self.served} | present
            ids = sorted(ids, key=lambda i: self.municipality_names.get(i, ""))
            return [(i, str(i), self.municipality_names.get(i, str(i))) for i in ids]
        raise ValueError(dim)


GROUP_OF = {"maand": "g_month", "werkgebied": "g_area", "gemeente": "g_municipality"}


def count_indicator(
    ctx: Context,
    *,
    code: str,
    name: str,
    cube: Cube,
    measure: str = "n",
    categories: Mapping[str, int] | None = None,
    category_labels: Mapping[str, str] | None = None,
    category_dim: str = "categorie",
    definition: str = "",
) -> Indicator:
    ind = Indicator(
        code=code, name=name, unit=COUNT, value=cube.total(measure), definition=definition
    )
    for dim in ctx.dimensions():
        sums = cube.by(GROUP_OF[dim], measure)
        ind.breakdown[dim] = [
            Cell(key, label, sums.get(value, 0)) for value, key, label in ctx.keys(dim, cube)
        ]
    if categories is not None:
        ind.breakdown[category_dim] = category_cells(categories, category_labels or {})
    return ind


def category_cells(counts: Mapping, labels: Mapping[str, str]) -> list[Cell]:
    keys = list(labels) + sorted(str(k) for k in counts if k not in labels)
    return [Cell(str(k), labels.get(k, str(k)), int(counts.get(k, 0))) for k in keys]


def share_indicator(
    ctx: Context,
    *,
    code: str,
    name: str,
    cube: Cube,
    numerator: str,
    denominator: str,
    norm: Norm | None,
    definition: str = "",
) -> Indicator:
    num, den = cube.total(numerator), cube.total(denominator)
    ind = Indicator(
        code=code,
        name=name,
        unit=PERCENT,
        value=pct(num, den),
        norm=norm,
        numerator=num,
        denominator=den,
        definition=definition,
    )
    for dim in ctx.dimensions():
        nums, dens = cube.by(GROUP_OF[dim], numerator), cube.by(GROUP_OF[dim], denominator)
        ind.breakdown[dim] = [
            Cell(key, label, pct(nums.get(v, 0), dens.get(v, 0)), nums.get(v, 0), dens.get(v, 0))
            for v, key, label in ctx.keys(dim, cube)
        ]
    return ind
