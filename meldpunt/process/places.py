"""The place of a row of the process: its report's file, municipality and work area, carried on
terms, triage decisions, services, evaluations and hand-overs (`models.Placed`, `Term`) so that
the KPIs count them without joining the reports. A report keeps its file, municipality and work
area for life, so the place is written once, when the row is made: by the services from the
report in hand (`of`), and for rows written in bulk (legacy import, generator) by
`place_unplaced`, which gives every row without a file its report's place."""

from __future__ import annotations

from django.db import connection

_PLACE = "case_id = r.case_id, municipality_id = r.municipality_id, work_area_id = r.work_area_id"

# One statement per table; services before their evaluations. Each reads only the rows without
# a file (a partial index per table finds them).
STATEMENTS = [
    f"UPDATE {table} SET {_PLACE} FROM registry_report r "
    f"WHERE r.id = {table}.report_id AND {table}.case_id IS NULL"
    for table in ("process_term", "process_triagedecision", "process_service", "process_handover")
] + [
    f"UPDATE process_evaluation SET {_PLACE} FROM process_service s, registry_report r "
    "WHERE s.id = process_evaluation.service_id AND r.id = s.report_id "
    "AND process_evaluation.case_id IS NULL"
]


def of(report) -> dict:
    """The place fields of a row made for `report`."""
    return {
        "case_id": report.case_id,
        "municipality_id": report.municipality_id,
        "work_area_id": report.work_area_id,
    }


def place_unplaced() -> int:
    """Give every row written without its place (in bulk) its report's; the rows placed."""
    n = 0
    with connection.cursor() as cursor:
        for sql in STATEMENTS:
            cursor.execute(sql)
            n += cursor.rowcount
    return n


def misplaced() -> dict[str, list[int]]:
    """Per model, the ids of rows whose carried place is not their report's (or missing); empty
    lists when every path that writes them set it. For tests and a check after bulk writes."""
    from meldpunt.process.models import Evaluation, Handover, Service, Term, TriageDecision

    out = {}
    for model, path in (
        (Term, "report__"),
        (TriageDecision, "report__"),
        (Service, "report__"),
        (Handover, "report__"),
        (Evaluation, "service__report__"),
    ):
        rows = model.objects.order_by("pk").values_list(
            "pk",
            "case_id",
            "municipality_id",
            "work_area_id",
            f"{path}case_id",
            f"{path}municipality_id",
            f"{path}work_area_id",
        )
        out[model._meta.model_name] = [
            pk for pk, *place in rows if place[:3] != place[3:] or place[0] is None
        ]
    return out
