"""Complaints about a destroyed file: the purge hook of `access.retention`.

A complaint's text and its link to the file go with the file (the text names the people in it);
its dates, stage and outcome stay, so the complaint figures of past years stay right."""

from __future__ import annotations

DESTROYED = "(tekst vernietigd met het dossier)"


def purge(*, ids) -> None:
    from meldpunt.quality.models import Complaint

    if ids.case_ids:
        Complaint.objects.filter(case_id__in=ids.case_ids).update(
            case=None, summary=DESTROYED, measures=""
        )
