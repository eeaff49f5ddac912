"""The restraining order's process as one table (in the style of `process/states.py`).

An order changes status only through `acute.transitions.apply`, the one door: it looks the rule
up here, checks the role, claims the row with a compare-and-swap on its version, appends an
`OrderTransition` and writes the audit entry. Steps that keep the status (help offered, the
advice to the mayor) are in the table too, so the order's whole history is in its log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from meldpunt.access.roles import Role


class OrderStatus(StrEnum):
    IMPOSED = "imposed"
    EXTENDED = "extended"
    ENDED = "ended"
    CLOSED = "closed"


ORDER_STATUS_LABELS = {
    OrderStatus.IMPOSED: "Opgelegd (10 dagen)",
    OrderStatus.EXTENDED: "Verlengd",
    OrderStatus.ENDED: "Beëindigd, nazorg loopt",
    OrderStatus.CLOSED: "Afgerond",
}


class OrderAction(StrEnum):
    REGISTER = "register"
    OFFER_HELP = "offer_help"
    ADVISE = "advise"
    EXTEND = "extend"
    END = "end"
    CLOSE = "close"


ORDER_ACTION_LABELS = {
    OrderAction.REGISTER: "Huisverbod registreren",
    OrderAction.OFFER_HELP: "Hulpaanbod vastleggen",
    OrderAction.ADVISE: "Advies aan de burgemeester over verlenging",
    OrderAction.EXTEND: "Verlenging vastleggen",
    OrderAction.END: "Einde huisverbod vastleggen",
    OrderAction.CLOSE: "Nazorg afronden (overdracht, dienst of nieuw huisverbod)",
}

_ACUTE = {Role.CRISIS_TEAM, Role.TRIAGE, Role.TEAM_LEAD}
_HELP = {Role.CRISIS_TEAM, Role.TRIAGE, Role.CASE_WORKER, Role.TEAM_LEAD}


@dataclass(frozen=True)
class OrderRule:
    sources: frozenset[str]
    target: str | None  # None: the status stays what it was
    roles: frozenset[Role]
    note: str = field(default="", compare=False)


def _rule(sources, target, roles, note="") -> OrderRule:
    return OrderRule(
        frozenset(str(s) for s in sources),
        None if target is None else str(target),
        frozenset(roles),
        note,
    )


OS = OrderStatus

ORDER_TRANSITIONS: dict[OrderAction, OrderRule] = {
    OrderAction.REGISTER: _rule(
        {""},
        OS.IMPOSED,
        _ACUTE,
        "De burgemeester legde het huisverbod op voor 10 dagen; de klok loopt in kalenderdagen "
        "en uren vanaf het moment van opleggen.",
    ),
    OrderAction.OFFER_HELP: _rule(
        {OS.IMPOSED, OS.EXTENDED},
        None,
        _HELP,
        "Hulp aangeboden aan de uithuisgeplaatste of aan de achterblijvers.",
    ),
    OrderAction.ADVISE: _rule(
        {OS.IMPOSED},
        None,
        _HELP,
        "Uiterlijk een dag vóór het einde van de 10 dagen (op een werkdag), met een "
        "waarschuwing 48 uur eerder.",
    ),
    OrderAction.EXTEND: _rule(
        {OS.IMPOSED},
        OS.EXTENDED,
        _ACUTE,
        "Alleen besloten vóór het einde van de 10 dagen en tot ten hoogste 28 dagen na het "
        "opleggen.",
    ),
    OrderAction.END: _rule(
        {OS.IMPOSED, OS.EXTENDED},
        OS.ENDED,
        _ACUTE,
        "Afgelopen, ingetrokken of door de rechter opgeheven.",
    ),
    OrderAction.CLOSE: _rule(
        {OS.ENDED},
        OS.CLOSED,
        _HELP,
        "Wat er daarna gebeurde: overdracht, een dienst van Veilig Thuis of een nieuw huisverbod.",
    ),
}
