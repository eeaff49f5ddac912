"""Purge completeness across every app: a file with everything the apps can hang on it (acute
work, casefile, quality, teams) is destroyed, and then no table of any app — found through
the app registry, so new apps are covered without touching this test — still points at, names or
describes the people, reports or file that went."""

import csv
import datetime as dt
import json

import pytest
from django.apps import apps
from django.db import models

from meldpunt import clock as clock_module
from meldpunt.access import retention
from meldpunt.access.roles import Role
from meldpunt.radar import models_store, relink
from meldpunt.reference.models import Municipality
from meldpunt.registry.models import Person
from tests.access.test_retention import SECRETS, _closed_file

# What is kept by design: the audit trail holds ids and codes only (it must outlive a purge),
# and the statistical facts hold no ids of destroyed rows.
KEPT_BY_DESIGN = {"access.auditentry", "access.auditseal"}
ID_NAMES = {
    "person": "registry.person",
    "report": "registry.report",
    "case": "registry.case",
    "household": "registry.household",
}


def _left_of(ids, secrets) -> list[str]:
    purged = {
        "registry.person": set(ids.person_ids),
        "registry.report": set(ids.report_ids),
        "registry.case": set(ids.case_ids),
        "registry.household": set(ids.household_ids),
    }
    left = []
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if label in KEPT_BY_DESIGN:
            continue
        manager = model._base_manager
        if label in purged and manager.filter(pk__in=purged[label]).exists():
            left.append(f"{label}: rows themselves")
        for f in model._meta.concrete_fields:
            if f.is_relation and f.related_model:
                target = f.related_model._meta.label_lower
            else:
                # An id kept without a foreign key (person_id, report_ids, ...) counts too.
                stem = f.name.removesuffix("_ids").removesuffix("_id")
                target = ID_NAMES.get(stem, "") if stem != f.name else ""
                if target and not isinstance(f, models.IntegerField):
                    target = ""
            if target in purged and manager.filter(**{f"{f.attname}__in": purged[target]}):
                left.append(f"{label}.{f.name} points at a destroyed {target}")
            if isinstance(f, models.CharField | models.TextField):
                for secret in secrets:
                    if manager.filter(**{f"{f.attname}__icontains": secret}).exists():
                        left.append(f"{label}.{f.name} still holds {secret!r}")
            elif isinstance(f, models.JSONField):
                for value in manager.values_list(f.attname, flat=True):
                    text = json.dumps(value, ensure_ascii=False).lower()
                    left += [
                        f"{label}.{f.name} still holds {s!r}" for s in secrets if s.lower() in text
                    ]
    return left


def _hang_everything_on(report, *, crisis, complaints):
    """Acute work, quality and teams rows about the file, as the apps' services write them."""
    from meldpunt.acute import services as acute
    from meldpunt.quality.services import register_complaint

    victim = report.involvements.get(role="victim").person
    suspect = report.involvements.get(role="suspect").person
    municipality = report.municipality or Municipality.objects.filter(served=True).first()
    now = clock_module.now()
    acute.register_restraining_order(
        by=crisis,
        municipality=municipality,
        imposed_at=now,
        removed_person=suspect,
        staying_behind=[victim],
        street="Kwetsbaarlaan",
        house_number="7",
        city="Schiedam",
        police_reference="PL-Zwaanswijk",
        report=report,
    )
    acute.register_crisis_intervention(
        by=crisis,
        municipality=municipality,
        called_at=now,
        summary="Gerolda Zwaanswijk belt: hij sloeg",
        report=report,
    )
    acute.request_hearing(
        by=crisis, municipality=municipality, requested_at=now, person=victim, case=report.case
    )
    acute.request_information(
        report=report, by=crisis, source="police", question="Is Zwaanswijk bekend?"
    )
    acute.start_family_intervention(
        case=report.case,
        by=crisis,
        kind="aware",
        started_on=now.date(),
        lead_organisation="Politie",
        note="AWARE voor Gerolda",
    )
    register_complaint(
        by=complaints,
        received_on=now.date(),
        summary="Mevrouw Zwaanswijk klaagt over de bejegening.",
        case=report.case,
    )


def _proposal_reports_about(person_ids) -> list[str]:
    """The radar's proposal reports in the data dir (JSON and CSV) that name these people."""
    ids = {str(i) for i in person_ids}
    found = []
    for path in sorted(models_store.model_dir().glob("link-proposals-*")):
        if path.suffix == ".json":
            rows = json.loads(path.read_text())["proposals"]
        else:
            rows = list(csv.DictReader(path.open(encoding="utf-8")))
        for row in rows:
            named = {str(row[k]) for k in ("person_id", "other_id", "cluster")} & ids
            found += [f"{path.name}: {row}"] if named else []
    return found


def test_nothing_of_a_purged_file_remains_in_any_app(
    clock,
    intake,
    triage,
    approver,
    case_worker,
    make_user,
    reference,
    django_capture_on_commit_callbacks,
    settings,
    tmp_path,
):
    settings.DATA_DIR = tmp_path
    crisis = make_user(Role.CRISIS_TEAM, Role.TEAM_LEAD)
    complaints = make_user(Role.COMPLAINTS_OFFICER)
    report = _closed_file(clock, intake, triage, approver, case_worker, full=True)
    clock.at(2004, 3, 4, 10)
    _hang_everything_on(report, crisis=crisis, complaints=complaints)
    ids = retention.ids_to_purge([report.case_id])
    # The radar's batch linker proposed a purged person as the same as someone else, and an
    # unrelated pair: its report in the data dir names them.
    a, b, c = (Person.objects.create(surname=n) for n in ("Anders", "Ander", "Derde"))
    victim = report.involvements.get(role="victim").person_id
    relink.submit_proposals(
        [
            relink.Proposal(min(victim, c.pk), max(victim, c.pk), 0.8, min(victim, c.pk)),
            relink.Proposal(a.pk, b.pk, 0.9, a.pk),
        ],
        model_version="model-1",
    )
    assert _proposal_reports_about(ids.person_ids)
    before = _left_of(ids, SECRETS)
    for app in ("acute.", "casefile.", "quality.", "registry."):
        assert any(app in line for line in before), f"the test file holds nothing in {app}"

    clock.at(2025, 1, 6, 9)
    with django_capture_on_commit_callbacks(execute=True):
        result = retention.purge()
    assert result.cases == 1
    assert _left_of(ids, SECRETS) == []
    assert _proposal_reports_about(ids.person_ids) == []
    assert _proposal_reports_about([a.pk]), "proposals about other people stay"


@pytest.mark.parametrize("model", ["quality.complaint"])
def test_figures_that_outlive_a_purge_keep_their_dates_and_outcome(
    model, clock, intake, triage, approver, case_worker, make_user, reference
):
    """A complaint about a destroyed file stays countable: its text and link go, its dates and
    outcome stay (the complaint figures of past years)."""
    complaints = make_user(Role.COMPLAINTS_OFFICER)
    report = _closed_file(clock, intake, triage, approver, case_worker)
    from meldpunt.quality.services import register_complaint

    complaint = register_complaint(
        by=complaints, received_on=dt.date(2004, 3, 3), summary="Zwaanswijk", case=report.case
    )
    clock.at(2025, 1, 6, 9)
    retention.purge()
    complaint.refresh_from_db()
    assert complaint.case_id is None and "Zwaanswijk" not in complaint.summary
    assert complaint.received_on == dt.date(2004, 3, 3)
