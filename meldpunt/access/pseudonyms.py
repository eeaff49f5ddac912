"""A pseudonymised export of the register for the information analyst: one row per person per
report, with stable keyed pseudonyms instead of ids, age bands instead of birth dates, and no
names, BSN, addresses or free text. The key (`PSEUDONYM_KEY`, or a key file in the data
directory) never leaves the server, so a pseudonym cannot be traced back without it; the same
person gets the same pseudonym in every export made with the same key."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import io
import secrets
from pathlib import Path

from django.conf import settings

from meldpunt import clock
from meldpunt.access import audit
from meldpunt.access.roles import Right
from meldpunt.errors import DomainError, NotAllowed

COLUMNS = [
    "persoon",
    "huishouden",
    "melding",
    "ontvangen_maand",
    "gemeente",
    "rol",
    "geslacht",
    "leeftijdsklasse",
    "geweld_cbs",
    "melder_cbs",
    "eerdere_betrokkenheid",
    "status",
    "besluit",
    "acuut",
    "crisisinterventie",
]


def _key() -> bytes:
    configured = getattr(settings, "PSEUDONYM_KEY", "")
    if configured:
        return configured.encode()
    path = Path(settings.PSEUDONYM_KEY_FILE)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip().encode()


def pseudonym(kind: str, pk: int, key: bytes) -> str:
    """A stable pseudonym: the keyed hash of the kind and id, 16 hex characters."""
    return hmac.new(key, f"{kind}:{pk}".encode(), hashlib.sha256).hexdigest()[:16]


def age_band(born: dt.date | None, on: dt.date) -> str:
    if born is None:
        return "onbekend"
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    for upper, band in ((4, "0-3"), (12, "4-11"), (18, "12-17"), (65, "18-64")):
        if age < upper:
            return band
    return "65+"


def export_rows(*, by, date_from: dt.date, date_to: dt.date) -> list[dict[str, str]]:
    """Rows for reports received in [date_from, date_to]. Shielded files and people whose
    processing is restricted are left out."""
    from meldpunt.access.models import ProcessingRestriction
    from meldpunt.process.models import TriageDecision
    from meldpunt.registry.models import Involvement

    if not by.can(Right.EXPORT_PSEUDONYMISED):
        raise NotAllowed("Alleen de informatieanalist maakt een gepseudonimiseerde export.")
    if date_from > date_to:
        raise DomainError("De begindatum ligt na de einddatum.")
    key = _key()
    restricted = ProcessingRestriction.objects.values("person_id")
    involvements = (
        Involvement.objects.filter(
            report__received_at__date__gte=date_from,
            report__received_at__date__lte=date_to,
            report__case__shielded=False,
        )
        .exclude(person_id__in=restricted)
        .select_related(
            "person", "report__municipality", "report__reporter__reporter_type", "report__case"
        )
        .prefetch_related("report__violence_forms")
        .order_by("report__received_at", "report_id", "pk")
    )
    outcomes = dict(
        TriageDecision.objects.filter(
            status="approved",
            report__received_at__date__gte=date_from,
            report__received_at__date__lte=date_to,
        ).values_list("report_id", "outcome")
    )
    rows = []
    for inv in involvements:
        report, person = inv.report, inv.person
        received = clock.local_date(report.received_at)
        reporter = getattr(report, "reporter", None)
        rows.append(
            {
                "persoon": pseudonym("person", person.pk, key),
                "huishouden": pseudonym("household", report.case.household_id, key),
                "melding": pseudonym("report", report.pk, key),
                "ontvangen_maand": received.strftime("%Y-%m"),
                "gemeente": report.municipality.cbs_code,
                "rol": inv.role,
                "geslacht": person.sex,
                "leeftijdsklasse": age_band(person.date_of_birth, received),
                "geweld_cbs": ";".join(
                    sorted({f.cbs_category for f in report.violence_forms.all()})
                ),
                "melder_cbs": reporter.reporter_type.cbs_group if reporter else "",
                "eerdere_betrokkenheid": report.prior_involvement,
                "status": report.status,
                "besluit": outcomes.get(report.pk, ""),
                "acuut": "ja" if report.acute else "nee",
                "crisisinterventie": "ja" if report.crisis_intervention else "nee",
            }
        )
    audit.record(
        "register.pseudonymised_export",
        actor=by,
        date_from=date_from.isoformat(),
        date_to=date_to.isoformat(),
        rows=len(rows),
    )
    return rows


def to_csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
