"""Meldpunt's codes per category and the organisation's mapping table (mapping.csv)."""

from __future__ import annotations

import csv
from pathlib import Path

from meldpunt.casefile.models import Channel
from meldpunt.process.models import ServiceKind, TriageOutcome
from meldpunt.reference.cbs import InvestigationFinding
from meldpunt.reference.models import HandoverDestination, Municipality, ReporterType, ViolenceForm
from meldpunt.registry.models import InvolvementRole, Sex

CATEGORY_LABELS = {
    "municipality": "gemeente",
    "reporter_type": "soort melder",
    "violence_form": "geweldsvorm",
    "triage_outcome": "triagebesluit",
    "service_kind": "dienst",
    "finding": "uitkomst onderzoek",
    "role": "rol",
    "sex": "geslacht",
    "destination": "overdrachtspartij",
    "channel": "kanaal",
}


class Codes:
    def __init__(self, mapping: dict[tuple[str, str], str]):
        self.mapping = mapping
        self.valid = {
            "municipality": {m.cbs_code: m.pk for m in Municipality.objects.all()},
            "reporter_type": dict(ReporterType.objects.values_list("code", "pk")),
            "violence_form": dict(ViolenceForm.objects.values_list("code", "pk")),
            "triage_outcome": {v: v for v in TriageOutcome.values},
            "service_kind": {v: v for v in ServiceKind.values},
            "finding": {v: v for v in InvestigationFinding.values},
            "role": {v: v for v in InvolvementRole.values},
            "sex": {v: v for v in Sex.values},
            "destination": dict(HandoverDestination.objects.values_list("code", "pk")),
            "channel": {v: v for v in Channel.values},
        }

    @classmethod
    def load(cls, directory: Path) -> tuple[Codes, list[str]]:
        mapping: dict[tuple[str, str], str] = {}
        problems: list[str] = []
        path = directory / "mapping.csv"
        if path.exists():
            with path.open(encoding="utf-8-sig", newline="") as fh:
                reader = csv.DictReader(fh)
                missing = {"category", "source_code", "meldpunt_code"} - set(
                    reader.fieldnames or []
                )
                if missing:
                    return cls({}), [
                        f"mapping.csv: kolommen ontbreken: {', '.join(sorted(missing))}."
                    ]
                for number, row in enumerate(reader, start=2):
                    category = (row["category"] or "").strip()
                    if category not in CATEGORY_LABELS:
                        problems.append(
                            f"mapping.csv, regel {number}: onbekende categorie '{category}'."
                        )
                        continue
                    mapping[(category, (row["source_code"] or "").strip())] = (
                        row["meldpunt_code"] or ""
                    ).strip()
        codes = cls(mapping)
        for (category, source), target in mapping.items():
            if target not in codes.valid[category]:
                problems.append(
                    f"mapping.csv: '{source}' wordt vertaald naar '{target}', maar dat "
                    f"is geen code voor {CATEGORY_LABELS[category]}."
                )
        return codes, problems

    def resolve(self, category: str, code) -> tuple[object | None, str | None]:
        """The Meldpunt value (a pk for tables, the code for choices), or a Dutch problem."""
        if code in (None, ""):
            return None, None
        code = str(code).strip()
        target = self.mapping.get((category, code), code)
        value = self.valid[category].get(target)
        if value is None:
            return None, f"onbekende code '{code}' voor {CATEGORY_LABELS[category]}."
        return value, None
