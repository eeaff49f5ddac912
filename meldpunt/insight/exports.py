"""The figures as files: JSON (the API's shape), CSV and XLSX. Suppression is decided by the
KPI set's audience, so an export never shows more than its reader may see."""

from __future__ import annotations

import csv
import io
import json

from meldpunt.access.roles import ROLE_LABELS
from meldpunt.insight.kpis import KpiSet

STATUS_NL = {"on_track": "op koers", "off_track": "niet op koers", "missing": "ontbreekt"}
OWNER_NL = {role.value: label for role, label in ROLE_LABELS.items()}
FREQUENCY_NL = {
    "monthly": "maandelijks",
    "quarterly": "per kwartaal",
    "half_yearly": "per halfjaar",
    "yearly": "jaarlijks",
}
SOURCE_NL = {"computed": "berekend uit het register", "entered": "ingevoerd door de eigenaar"}
COLUMNS = [
    "indicator",
    "naam",
    "eenheid",
    "norm",
    "status",
    "uitsplitsing",
    "sleutel",
    "omschrijving",
    "waarde",
    "teller",
    "noemer",
    "onderdeel",
    "eigenaar",
    "frequentie",
    "bron",
    "plannorm",
    "planstatus",
]


def display(value, unit: str = "") -> str:
    """A value as a reader sees it: Dutch decimal comma, "<5", "x" for a protective gap."""
    if value is None:
        return "–"
    if isinstance(value, float):
        text = f"{value:.1f}".replace(".", ",")
        return f"{text}%" if unit == "percentage" else text
    return str(value)


def to_json(kpi_set: KpiSet) -> str:
    return json.dumps(kpi_set.as_dict(), ensure_ascii=False, indent=2)


def rows(kpi_set: KpiSet) -> list[list]:
    """One row per indicator total and per breakdown cell (long format)."""
    out = []
    for ind in kpi_set.as_dict()["indicators"]:
        base = [ind["code"], ind["name"], ind["unit"], ind["norm"], ind["status"] or ""]
        plan = [
            ind.get("part"),
            ind.get("owner"),
            ind.get("frequency"),
            ind.get("source"),
            ind.get("plan_norm"),
            ind.get("plan_status"),
        ]
        out.append(
            [
                *base,
                "totaal",
                "",
                "",
                ind["value"],
                ind.get("numerator"),
                ind.get("denominator"),
                *plan,
            ]
        )
        for dim, cells in ind["breakdown"].items():
            for c in cells:
                value = "x" if c.get("suppressed") and c["value"] is None else c["value"]
                out.append(
                    [
                        *base,
                        dim,
                        c["key"],
                        c["label"],
                        value,
                        c.get("numerator"),
                        c.get("denominator"),
                        *plan,
                    ]
                )
    return out


def to_csv(kpi_set: KpiSet) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(["" if v is None else v for v in row] for row in rows(kpi_set))
    return buffer.getvalue()


def to_xlsx(kpi_set: KpiSet) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    data = kpi_set.as_dict()
    book = Workbook()
    sheet = book.active
    sheet.title = "Overzicht"
    bold = Font(bold=True)
    sheet.append([f"Sturingsinformatie {data['period']['label']} — {data['scope']['label']}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([f"Normen: {data['norms']}"])
    if data["suppressed"]:
        sheet.append(["Aantallen van 1 tot en met 4 zijn weergegeven als <5."])
    sheet.append([])
    if data.get("plan"):
        plan = data["plan"]
        sheet.append([f"Jaarplan: {plan['name']} {plan['year']} ({plan['organisation']})"])
    sheet.append(
        [
            "Indicator",
            "Eenheid",
            "Norm",
            "Waarde",
            "Teller",
            "Noemer",
            "Status",
            "Onderdeel jaarplan",
            "Eigenaar",
            "Frequentie",
            "Bron",
        ]
    )
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    fills = {
        "on_track": PatternFill("solid", fgColor="C8E6C9"),
        "off_track": PatternFill("solid", fgColor="FFCDD2"),
        "missing": PatternFill("solid", fgColor="EEEEEE"),
    }
    for ind in data["indicators"]:
        sheet.append(
            [
                ind["name"],
                ind["unit"],
                ind["norm_text"] or "",
                ind["value"] if ind["value"] is not None else "–",
                ind.get("numerator", ""),
                ind.get("denominator", ""),
                STATUS_NL.get(ind["status"] or "", ""),
                ind.get("part") or "",
                OWNER_NL.get(ind.get("owner") or "", ind.get("owner") or ""),
                FREQUENCY_NL.get(ind.get("frequency") or "", ""),
                SOURCE_NL.get(ind.get("source") or "", ""),
            ]
        )
        if ind["status"] in fills:
            sheet.cell(row=sheet.max_row, column=7).fill = fills[ind["status"]]
    sheet.column_dimensions["A"].width = 62
    for column in "BCDEFGHIJK":
        sheet.column_dimensions[column].width = 14

    months = book.create_sheet("Per maand")
    keys = [c["label"] for c in data["indicators"][0]["breakdown"].get("maand", [])]
    months.append(["Indicator", *keys])
    for cell in months[1]:
        cell.font = bold
    for ind in data["indicators"]:
        cells = ind["breakdown"].get("maand")
        if cells:
            months.append([ind["name"], *[_cell(c) for c in cells]])
    months.column_dimensions["A"].width = 62

    detail = book.create_sheet("Uitsplitsing")
    detail.append(COLUMNS)
    for cell in detail[1]:
        cell.font = bold
    for row in rows(kpi_set):
        detail.append(["" if v is None else v for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(c: dict):
    if c["value"] is None:
        return "x" if c.get("suppressed") else "–"
    return c["value"]
