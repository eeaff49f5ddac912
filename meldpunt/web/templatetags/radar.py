"""How the radar's evidence reads for a professional."""

from __future__ import annotations

from django import template

register = template.Library()

LEVELS = {
    "missing": "ontbreekt bij een van beide",
    "exact": "komt overeen",
    "near": "bijna gelijk (één letter of klinkt gelijk)",
    "initial": "alleen de voorletter komt overeen",
    "similar": "lijkt erop (twee letters verschil)",
    "swapped": "dag en maand omgewisseld",
    "typo": "één teken verschil",
    "postcode": "zelfde postcode, ander huisnummer",
    "else": "verschilt",
    "agree": "komt overeen",
    "disagree": "verschilt",
}


@register.filter
def evidence_text(evidence) -> str:
    if evidence.field == "household":
        if evidence.agreement == "missing":
            return "geen andere betrokkenen om te vergelijken"
        shared = int(evidence.level)
        if not shared:
            return "geen van de andere betrokkenen is bekend in dit huishouden"
        return f"{shared} van de andere betrokkenen bekend in dit huishouden"
    return LEVELS.get(evidence.level, evidence.level)
