"""Render the roles matrix (`access/roles.py`) and the security measures into docs/security.md."""

from __future__ import annotations

from pathlib import Path

from meldpunt.access.roles import (
    APPROVER_POLICY_LABELS,
    QUALIFICATION_LABELS,
    RIGHT_LABELS,
    RIGHTS,
    ROLES,
    SPECIALISTS,
    Role,
)

MEASURES = Path(__file__).with_name("security_measures.md")

_SHORT = {
    Role.INTAKE: "INT",
    Role.TRIAGE: "TRI",
    Role.APPROVER: "ACC",
    Role.CASE_WORKER: "CAS",
    Role.CRISIS_TEAM: "CRI",
    Role.TEAM_LEAD: "TL",
    Role.MANAGER: "MAN",
    Role.ANALYST: "ANA",
    Role.MUNICIPALITY: "GEM",
    Role.COMPLAINTS_OFFICER: "KLA",
    Role.HR_ADVISER: "HR",
    Role.POLICY_ADVISER: "BA",
    Role.PRIVACY_OFFICER: "PO",
    Role.ADMIN: "FB",
    Role.SYSTEM: "SYS",
}


def render() -> str:
    lines = [
        "# Security and privacy in Meldpunt",
        "",
        "Generated from `meldpunt/access/roles.py` and `meldpunt/access/security_measures.md` "
        "by `meldpunt securitydoc`; do not edit by hand. A test fails when this file and the "
        "code disagree.",
        "",
        "## Roles",
        "",
        "| role | code | what the work needs | personal data (two-factor login) | login |",
        "|---|---|---|---|---|",
    ]
    for role, spec in ROLES.items():
        lines.append(
            f"| {spec.label} ({_SHORT[role]}) | `{role}` | {spec.work} "
            f"| {'ja' if spec.personal_data else 'nee'} "
            f"| {'scherm' if spec.interactive else 'alleen API-token'} |"
        )
    header = " | ".join(_SHORT[r] for r in Role)
    lines += [
        "",
        "## Rights per role",
        "",
        f"| right | {header} |",
        "|---|" + "---|" * len(Role),
    ]
    for right, roles in RIGHTS.items():
        cells = " | ".join("✔" if r in roles else "" for r in Role)
        lines.append(f"| {RIGHT_LABELS[right]} (`{right}`) | {cells} |")
    policies = "; ".join(f"`{p}`: {label}" for p, label in APPROVER_POLICY_LABELS.items())
    specialists = " and ".join(sorted(QUALIFICATION_LABELS[q] for q in SPECIALISTS))
    lines += [
        "",
        "## Who approves (second professional)",
        "",
        "The organisation chooses in the privacy settings (`access.AccessSettings."
        f"approver_policy`): {policies}. Under the second policy a user holding the approver "
        f"role acts without it unless the user's discipline is {specialists}. The team lead "
        "approves under both.",
        "",
        MEASURES.read_text(encoding="utf-8").rstrip(),
        "",
    ]
    return "\n".join(lines)
