"""What a set of figures is about (the scope) and who sees it (the audience).

The scope is the organisation, one work area, or one municipality (by name or CBS code; a
municipality formed by a merger includes its predecessors' reports, so series stay comparable).
The audience decides which files count and whether small numbers are suppressed:

- a team lead (case rights) counts the files the visibility filter lets them see;
- a manager or analyst (aggregates only) counts all files except shielded ones not opened to them;
- a municipality account sees only its own municipality, every file in it, always suppressed;
- the `meldpunt` commands run on the server count the whole register (the organisation's own
  official figures, as in the statutory CBS delivery).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Q

from meldpunt.access import visibility
from meldpunt.access.roles import Right
from meldpunt.access.visibility import NotAmong
from meldpunt.errors import DomainError, NotAllowed
from meldpunt.reference.models import Municipality, WorkArea


class ScopeError(DomainError):
    pass


@dataclass(frozen=True)
class Scope:
    kind: str  # organisation | work_area | municipality
    work_area: WorkArea | None = None
    municipality: Municipality | None = None
    municipality_ids: tuple[int, ...] = ()

    @classmethod
    def organisation(cls) -> Scope:
        return cls("organisation")

    @classmethod
    def for_area(cls, area: WorkArea) -> Scope:
        return cls("work_area", work_area=area)

    @classmethod
    def for_municipality(cls, municipality: Municipality) -> Scope:
        ids = [municipality.pk]
        ids += list(
            Municipality.objects.filter(successor=municipality).values_list("pk", flat=True)
        )
        return cls("municipality", municipality=municipality, municipality_ids=tuple(ids))

    def report_q(self, prefix: str = "") -> Q:
        """Reports in scope; `prefix` is the path from the queried model to its Report."""
        if self.kind == "work_area":
            return Q(**{f"{prefix}work_area_id": self.work_area.pk})
        if self.kind == "municipality":
            return Q(**{f"{prefix}municipality_id__in": self.municipality_ids})
        return Q()

    def advice_q(self) -> Q:
        if self.kind == "work_area":
            return Q(municipality__work_area_id=self.work_area.pk)
        if self.kind == "municipality":
            return Q(municipality_id__in=self.municipality_ids)
        return Q()

    @property
    def label(self) -> str:
        if self.kind == "work_area":
            return f"werkgebied {self.work_area.name}"
        if self.kind == "municipality":
            return f"gemeente {self.municipality.name}"
        return "de hele organisatie"

    def as_dict(self) -> dict:
        out: dict = {"kind": self.kind, "label": self.label}
        if self.work_area is not None:
            out["work_area"] = self.work_area.name
        if self.municipality is not None:
            out["municipality"] = self.municipality.name
            out["cbs_code"] = self.municipality.cbs_code
        return out


def resolve(*, area: str | None = None, municipality: str | None = None) -> Scope:
    """A scope from what a user typed: a work area's name, a municipality's name or CBS code."""
    if area and municipality:
        raise ScopeError("Kies een werkgebied óf een gemeente, niet allebei.")
    if area:
        found = WorkArea.objects.filter(name__iexact=area.strip()).first()
        if found is None:
            names = ", ".join(WorkArea.objects.values_list("name", flat=True))
            raise ScopeError(f"Onbekend werkgebied '{area}'. Bekende werkgebieden: {names}.")
        return Scope.for_area(found)
    if municipality:
        text = municipality.strip()
        if re.fullmatch(r"(?i)gm\d{4}", text):
            found_m = Municipality.objects.filter(cbs_code=text.upper()).first()
        else:
            matches = list(Municipality.objects.filter(name__iexact=text))
            if len(matches) > 1:
                raise ScopeError(f"'{text}' is niet eenduidig; geef de CBS-code (GM....).")
            found_m = matches[0] if matches else None
        if found_m is None:
            raise ScopeError(
                f"Onbekende gemeente '{municipality}'. Geef de naam of de CBS-code (bijv. GM0599)."
            )
        return Scope.for_municipality(found_m)
    return Scope.organisation()


def _all_files(prefix: str) -> Q:
    return Q()


@dataclass(frozen=True)
class Audience:
    """Who the figures are for: which files count and whether small numbers are suppressed."""

    label: str
    suppress: bool
    case_q: Callable[[str], Q] = field(default=_all_files)
    municipality: Municipality | None = None

    def allows(self, scope: Scope) -> None:
        if self.municipality is None:
            return
        if scope.kind != "municipality" or scope.municipality.pk != self.municipality.pk:
            raise NotAllowed(
                f"U kunt alleen de cijfers van de gemeente {self.municipality.name} inzien."
            )

    def default_scope(self) -> Scope:
        if self.municipality is not None:
            return Scope.for_municipality(self.municipality)
        return Scope.organisation()


WHOLE_REGISTER = Audience(label="het hele register", suppress=False)
PUBLIC = Audience(label="gemeente of openbaar", suppress=True)


def _hiding_shielded(user) -> Callable[[str], Q]:
    """The visibility rule for counting: every file except shielded files the user is not named
    on (`access.visibility.hidden_cases`, without emergency access), written as an exclusion of
    the few hidden files, read once per set of figures, so that counting needs no join to the
    files table: `report.case_id NOT IN (...)`, one array parameter on PostgreSQL
    (`NotAmong`)."""
    hidden: list[int] = []
    read = False

    def q(prefix: str) -> Q:
        nonlocal read
        if not read:
            shielded = visibility.hidden_cases(user, emergency_access=False)
            hidden.extend(shielded.values_list("pk", flat=True))
            read = True
        return Q(NotAmong(f"{prefix}id", hidden)) if hidden else Q()

    return q


def audience_for(user) -> Audience:
    """The audience a signed-in user is; NotAllowed when they may see no figures at all."""
    if user is None or not getattr(user, "is_authenticated", False):
        raise NotAllowed("Log in om de cijfers te zien.")
    if user.can(Right.VIEW_AGGREGATES):
        return Audience(label=str(user), suppress=False, case_q=_hiding_shielded(user))
    if user.can(Right.VIEW_MUNICIPAL_AGGREGATES):
        link = apps.get_model("insight", "MunicipalityViewer").objects.filter(user=user).first()
        if link is None:
            raise NotAllowed("Aan uw account is geen gemeente gekoppeld.")
        return Audience(label=str(user), suppress=True, municipality=link.municipality)
    raise NotAllowed("U heeft geen recht om sturingsinformatie in te zien.")
