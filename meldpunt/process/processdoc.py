"""Render the transition table into docs/process.md."""

from __future__ import annotations

from meldpunt.access.roles import ROLE_LABELS
from meldpunt.process.models import TermKind
from meldpunt.process.states import ACTION_LABELS, TRANSITIONS, Machine
from meldpunt.process.transitions import status_label


def render() -> str:
    lines = [
        "# The Veilig Thuis process in Meldpunt",
        "",
        "Generated from `meldpunt/process/states.py` by `meldpunt processdoc`; "
        "do not edit by hand.",
        "A test fails when this file and the table disagree.",
        "",
    ]
    for machine, title in (
        (Machine.REPORT, "Report (melding)"),
        (Machine.SERVICE, "Service (dienst)"),
    ):
        lines += [
            f"## {title}",
            "",
            "| action | from | to | who | four-eyes | reason | note |",
            "|---|---|---|---|---|---|---|",
        ]
        for (m, action), rule in TRANSITIONS.items():
            if m is not machine:
                continue
            sources = ", ".join(sorted(status_label(machine, s) for s in rule.sources))
            target = status_label(machine, rule.target) if rule.target else "(ongewijzigd)"
            roles = ", ".join(sorted(ROLE_LABELS[r] for r in rule.roles))
            four_eyes = "ja" if rule.second_professional_for else ""
            reason = "verplicht" if rule.reason_required else ""
            lines.append(
                f"| {ACTION_LABELS[action]} (`{action}`) | {sources} | {target} | {roles} "
                f"| {four_eyes} | {reason} | {rule.note} |"
            )
        lines.append("")
    lines += ["## Terms (termijnen)", "", "| term | code |", "|---|---|"]
    lines += [f"| {kind.label} | `{kind.value}` |" for kind in TermKind]
    lines += [
        "",
        "Working-day terms skip weekends and the holidays of the Algemene termijnenwet; the day "
        "of receipt does not count; a decision on the due day is on time. Week terms end on the "
        "same weekday, moved to the next working day when that is a holiday. Norms and the "
        "warning period are organisation settings.",
        "",
    ]
    return "\n".join(lines)
