"""The generator writes in bulk, but exactly the rows the services write."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from meldpunt.process.places import misplaced
from meldpunt.registry.selectors import previous_report_drift
from meldpunt.synthetic import acute as a
from meldpunt.synthetic import calibration as cal
from meldpunt.synthetic import casework as c
from meldpunt.synthetic import services
from meldpunt.synthetic import world as w
from tests.synthetic.conftest import make_run
from tests.synthetic.replay import replay
from tests.synthetic.snapshot import snapshot


def _plans(monkeypatch, staff, *, reports: int):
    # Make the rare paths common so a small sample walks every one of them.
    monkeypatch.setattr(cal, "REPEAT_SHARE", 0.7)
    monkeypatch.setattr(cal, "LINKED_SHARE_OF_REPEATS", 0.8)
    monkeypatch.setattr(cal, "RECENT_REPEAT_SHARE", 0.6)
    monkeypatch.setattr(cal, "RETURNED_TO_POLICE_SHARE", 0.08)
    monkeypatch.setattr(cal, "OUTSIDE_REGION_WEIGHT", 3.0)
    monkeypatch.setattr(cal, "INVESTIGATION_ON_TIME", 0.3)
    monkeypatch.setattr(cal, "LATE_INVESTIGATION_EXTENDED", 1.0)
    monkeypatch.setattr(cal, "TRIAGE_REJECTED", 0.3)
    monkeypatch.setattr(cal, "REPORT_FROM_ADVICE", 0.5)
    monkeypatch.setattr(cal, "ADVICE_CONVERTED_WITHIN_DAYS", 365)
    monkeypatch.setattr(cal, "SHIELDED_SHARE", 0.2)
    monkeypatch.setattr(cal, "CRISIS_SHARE", 0.3)
    monkeypatch.setattr(cal, "ORDER_SHARE_OF_POLICE_REPORTS", 0.7)
    monkeypatch.setattr(cal, "ORDER_OUT_OF_HOURS_CONTRIBUTION", 1.0)
    monkeypatch.setattr(cal, "ORDER_LIFTED", 0.2)
    monkeypatch.setattr(cal, "FAMILY_INTERVENTION", 0.5)
    monkeypatch.setattr(cal, "HEARINGS_PER_REPORT", 0.2)
    monkeypatch.setattr(cal, "COMPLAINT_SHARE", 0.4)
    monkeypatch.setattr(cal, "COMPLAINT_WITHDRAWN", 0.25)
    monkeypatch.setattr(cal, "COMPLAINT_TO_COMMITTEE", 0.6)
    monkeypatch.setattr(cal, "SURVEY_ANSWERED", 0.7)
    monkeypatch.setattr(
        cal,
        "TRIAGE_OUTCOMES",
        {
            "overdracht": 0.3,
            "voorwaarden_vervolg": 0.25,
            "onderzoek": 0.25,
            "verzoek_rvdk": 0.1,
            "einde_bemoeienis": 0.1,
        },
    )
    run = make_run(
        seed=7, reports=reports, date_from=dt.date(2023, 1, 2), date_to=dt.date(2025, 6, 30)
    )
    ref = services.reference(staff)
    planner = services.planner_for(run, ref, batch_size=25)
    return run, ref, list(planner.batches())


def test_generated_reports_are_row_for_row_what_the_services_write(db, staff, monkeypatch):
    run, ref, batches = _plans(monkeypatch, staff, reports=70)
    kinds = {e.kind for b in batches for p in b.reports for e in p.events}
    classes = {p.prior_involvement for b in batches for p in b.reports}
    assert kinds == {
        w.REGISTER,
        w.START,
        w.PROPOSE,
        w.APPROVE,
        w.ASSIGN,
        w.INFORM,
        w.HANDOVER,
        w.EXTEND,
        w.PROPOSE_CLOSE,
        w.APPROVE_CLOSE,
        w.EVALUATION,
        w.CLOSE,
        w.TRANSFER,
        w.RETURN,
        w.REJECT,
        *a.KINDS,
        *c.KINDS,
    }
    steps = {e.data.get("stage") for b in batches for p in b.reports for e in p.events}
    assert {"internal", "committee", "decided", "withdrawn"} <= steps
    assert {"eerste_melding", "tijdens_monitoring", "na_veiligheidsbeoordeling"} <= classes
    assert any(not new for b in batches for p in b.reports for _, _, new in p.people)
    assert any(p.from_advice for b in batches for p in b.reports)
    assert any(p.shielded_for for b in batches for p in b.reports)
    assert any(len(h.events) == 2 for b in batches for h in b.hearings)

    with transaction.atomic():
        replay(batches)
        through_services = snapshot()
        transaction.set_rollback(True)
    with transaction.atomic():
        writer = services.writer_for(run, ref)
        for batch in batches:
            writer.write(batch)
        generated = snapshot()
        drift = previous_report_drift()  # the stored previous-report fact, the slow way
        wrong = misplaced()  # process rows carry their report's place
        transaction.set_rollback(True)

    assert through_services["registry.report"], "the replay wrote nothing"
    assert drift == []
    assert not any(wrong.values()), wrong
    for table, rows in through_services.items():
        assert generated[table] == rows, table
