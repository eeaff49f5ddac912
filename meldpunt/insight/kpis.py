"""The management information: every figure of the monthly KPI report, for a period (month,
quarter, half-year, year or any run of days) and a scope (organisation, work area or
municipality), as the audience may see it. Definitions: docs/kpi.md.

    kpis.for_user(user, period=Period.parse("2025-03"))            # dashboard, API
    kpis.compute(period=..., scope=..., audience=WHOLE_REGISTER)  # commands on the server
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction

from meldpunt import clock
from meldpunt.insight import acute, throughput, timeliness, volumes
from meldpunt.insight import norms as norms_module
from meldpunt.insight.context import Context
from meldpunt.insight.indicators import Indicator
from meldpunt.insight.norms import Norms
from meldpunt.insight.periods import Period
from meldpunt.insight.scope import WHOLE_REGISTER, Audience, Scope, audience_for


@dataclass
class KpiSet:
    period: Period
    scope: Scope
    audience: Audience
    norms: Norms
    indicators: list[Indicator]
    generated_at: dt.datetime
    # The year plan (meldpunt.yearplan.indicators.attach): the plan, its marks on register
    # figures by code (part, owner, frequency, the plan's norm and status), and its other rows.
    plan: dict | None = None
    plan_links: dict[str, dict] = field(default_factory=dict)
    plan_rows: list[dict] = field(default_factory=list)

    def get(self, code: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.code == code:
                return indicator
        raise KeyError(code)

    @property
    def suppressed(self) -> bool:
        return self.audience.suppress

    def as_dict(self) -> dict:
        return {
            "period": self.period.as_dict(),
            "scope": self.scope.as_dict(),
            "norms": self.norms.label,
            "suppressed": self.suppressed,
            "generated_at": self.generated_at.isoformat(timespec="seconds"),
            "plan": self.plan,
            "indicators": [
                *(self._marked(i.as_dict(suppress=self.suppressed)) for i in self.indicators),
                *self.plan_rows,
            ],
        }

    def _marked(self, indicator: dict) -> dict:
        """A register figure with its place in the year plan (part null when the plan has no
        row for it)."""
        marks = {
            "part": None,
            "owner": "analyst",
            "frequency": "monthly",
            "source": "computed",
            **self.plan_links.get(indicator["code"], {}),
        }
        return {**indicator, **marks}


def compute(
    *,
    period: Period,
    scope: Scope | None = None,
    audience: Audience = WHOLE_REGISTER,
    norms: Norms | None = None,
    today: dt.date | None = None,
) -> KpiSet:
    scope = scope or audience.default_scope()
    audience.allows(scope)
    ctx = Context.build(
        period=period,
        scope=scope,
        audience=audience,
        norms=norms or norms_module.load(),
        today=today or clock.today(),
    )
    with _analytical_session():
        indicators = [
            *timeliness.compute(ctx),
            *volumes.compute(ctx),
            *throughput.compute(ctx),
            *acute.compute(ctx),
        ]
    return KpiSet(period, scope, audience, ctx.norms, indicators, clock.now())


@contextmanager
def _analytical_session():
    """On PostgreSQL, for this transaction only: no JIT compilation (it costs ~0.1 s per large
    aggregate, more than it saves on these short queries), room to hash-aggregate in memory, and
    index-friendly costing. Other databases need nothing."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
                cursor.execute("SET LOCAL work_mem = '64MB'")
                # The register's working set is in memory: an index probe costs about what a
                # sequential read does, so let the planner join the period's rows by index.
                cursor.execute("SET LOCAL random_page_cost = 1.1")
        yield


def for_user(
    user, *, period: Period, scope: Scope | None = None, norms: Norms | None = None
) -> KpiSet:
    """The figures as `user` may see them (NotAllowed when they may not)."""
    return compute(period=period, scope=scope, audience=audience_for(user), norms=norms)
