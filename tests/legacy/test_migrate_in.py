import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from meldpunt.legacy import importer as importer_module
from meldpunt.legacy.importer import Importer
from meldpunt.legacy.models import LegacyKey
from meldpunt.legacy.sample import write_sample
from meldpunt.legacy.validate import validate
from meldpunt.process.models import Term, TermKind, Transition, TriageDecision
from meldpunt.process.places import misplaced
from meldpunt.registry.models import Person, Report, ReportStatus
from meldpunt.registry.selectors import previous_report_drift


def _write(directory, name, rows):
    with (directory / name).open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write((row if isinstance(row, str) else json.dumps(row)) + "\n")


def test_the_validation_report_names_every_kind_of_flaw_per_file_and_line(tmp_path, reference):
    _write(
        tmp_path,
        "persons.jsonl",
        [
            {"key": "P1", "surname": "Jansen", "bsn": "111222334"},
            {"key": "P1", "surname": "Dubbel"},
            {"key": "P2", "surname": "Toekomst", "date_of_birth": "2999-01-01"},
            "{geen json",
        ],
    )
    _write(
        tmp_path,
        "reports.jsonl",
        [
            {
                "key": "M1",
                "received_at": "2020-03-02T10:00",
                "municipality": "GM0622",
                "reporter": {"type": "onbekend-type"},
                "people": [{"person": "P1", "role": "victim"}],
            },
            {
                "key": "M2",
                "received_at": "2020-03-02T10:00",
                "municipality": "GM0622",
                "reporter": {"type": "politie"},
                "people": [{"person": "P9", "role": "victim"}],
                "kleur": "rood",
            },
        ],
    )
    _write(
        tmp_path,
        "decisions.jsonl",
        [
            {
                "key": "B1",
                "report": "M1",
                "outcome": "overdracht",
                "decided_at": "2020-03-01T10:00",
            },
        ],
    )
    _write(
        tmp_path,
        "services.jsonl",
        [
            {"key": "D1", "report": "M2", "kind": "onderzoek", "started_on": "2020-03-10"},
        ],
    )
    problems, _, _ = validate(tmp_path, system="oud")
    text = [str(p) for p in problems]
    expected = [
        "persons.jsonl, regel 1: BSN '111222334' voldoet niet aan de 11-proef.",
        "persons.jsonl, regel 2: dubbele sleutel 'P1'.",
        "persons.jsonl, regel 3: de datum 01-01-2999 ligt in de toekomst.",
        "reports.jsonl, regel 1: onbekende code 'onbekend-type' voor soort melder.",
        "reports.jsonl, regel 2: persoon 'P9' bestaat niet.",
        "reports.jsonl, regel 2: onbekend veld 'kleur'.",
        "decisions.jsonl, regel 1: het besluit ligt vóór de melding.",
        "services.jsonl, regel 1: een dienst zonder triagebesluit bij de melding.",
    ]
    for message in expected:
        assert message in text, message
    assert any(t.startswith("persons.jsonl, regel 4: geen geldige JSON") for t in text)


def test_nothing_is_imported_when_the_export_has_problems(tmp_path, reference):
    write_sample(tmp_path, reports=20, orphans=1)
    with pytest.raises(CommandError, match="1 probleem"):
        call_command("migrate-in", str(tmp_path), no_link=True)
    assert not Report.objects.exists() and not Person.objects.exists()
    assert "melding 'MX0' bestaat niet" in (tmp_path / "controle.txt").read_text()


def test_history_is_taken_as_it_was_and_says_where_it_came_from(tmp_path, reference):
    _write(tmp_path, "persons.jsonl", [{"key": "P1", "surname": "Jansen", "household": "H1"}])
    _write(
        tmp_path,
        "reports.jsonl",
        [
            {
                "key": "M1",
                "received_at": "2022-05-02T10:00",
                "municipality": "GM0622",
                "reporter": {"type": "politie"},
                "people": [{"person": "P1", "role": "victim"}],
                "closed_on": "2022-09-01",
            },
        ],
    )
    _write(
        tmp_path,
        "decisions.jsonl",
        [
            {
                "key": "B1",
                "report": "M1",
                "outcome": "overdracht",
                "decided_at": "2022-05-10T15:00",
            },
        ],
    )
    call_command("migrate-in", str(tmp_path), system="oud", no_link=True)
    report = Report.objects.get()
    assert report.status == ReportStatus.CLOSED
    term = Term.objects.get(report=report, kind=TermKind.TRIAGE)
    # Mon 2 May 2022 + 5 working days (Thursday 5 May, Liberation Day, does not count) = Tue 10
    assert (term.started_on, term.original_due_on, term.met_on) == (
        dt.date(2022, 5, 2),
        dt.date(2022, 5, 10),
        dt.date(2022, 5, 10),
    )
    assert TriageDecision.objects.get().decided_at.date() == dt.date(2022, 5, 10)
    sources = set(Transition.objects.values_list("migrated_from", flat=True))
    assert sources == {"oud:decisions/B1", "oud:reports/M1"}
    assert not Term.objects.filter(met_on__isnull=True).exists()


def test_running_the_migration_twice_changes_nothing(tmp_path, reference):
    write_sample(tmp_path, reports=40)
    call_command("migrate-in", str(tmp_path), no_link=True)
    counts = (
        Report.objects.count(),
        Person.objects.count(),
        Transition.objects.count(),
        LegacyKey.objects.count(),
    )
    call_command("migrate-in", str(tmp_path), no_link=True)
    assert counts == (
        Report.objects.count(),
        Person.objects.count(),
        Transition.objects.count(),
        LegacyKey.objects.count(),
    )
    assert counts[0] == 40


@pytest.mark.django_db(transaction=True)
def test_an_interrupted_migration_resumes_without_duplicates(tmp_path, reference, monkeypatch):
    from meldpunt.reference.services import load_reference

    load_reference()
    write_sample(tmp_path, reports=60)
    monkeypatch.setattr(importer_module, "BATCH", 10)
    _, _, codes = validate(tmp_path, system="oud")
    original = Importer.reports
    calls = {"n": 0}

    def crash_on_third_batch(self, lines):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return original(self, lines)

    monkeypatch.setattr(Importer, "reports", crash_on_third_batch)
    with pytest.raises(KeyboardInterrupt):
        Importer(tmp_path, system="oud", codes=codes).run()
    assert Report.objects.count() == 20  # two whole batches, nothing of the third
    monkeypatch.setattr(Importer, "reports", original)
    Importer(tmp_path, system="oud", codes=codes).run()
    assert Report.objects.count() == 60
    assert LegacyKey.objects.filter(entity="reports").count() == 60


@pytest.mark.django_db(transaction=True)
def test_an_atomic_migration_leaves_nothing_when_it_fails(tmp_path, monkeypatch):
    from meldpunt.reference.services import load_reference

    load_reference()
    write_sample(tmp_path, reports=30)
    _, _, codes = validate(tmp_path, system="oud")

    def fail(self, lines):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Importer, "journal", fail)
    with pytest.raises(RuntimeError):
        Importer(tmp_path, system="oud", codes=codes).run(atomic=True)
    assert not Report.objects.exists() and not LegacyKey.objects.exists()


def test_bulk_import_writes_what_the_one_by_one_rules_would(tmp_path, reference):
    """Prior involvement classified in bulk after the import equals the per-report rule, every
    report has one case per household, its reporter, people, forms and triage term, and the
    journal entries of the export are in the files."""
    from meldpunt.casefile.models import JournalEntry
    from meldpunt.process import prior_involvement

    counts = write_sample(tmp_path, reports=120, seed=3)
    call_command("migrate-in", str(tmp_path), no_link=True)
    reports = Report.objects.filter(status__in=[ReportStatus.DECIDED, ReportStatus.CLOSED])
    assert reports.count() == 120
    kinds = set()
    for report in reports:
        expected = prior_involvement.classify(report)
        assert report.prior_involvement == expected, report.number
        kinds.add(expected)
        assert report.reporter and report.involvements.exists() and report.violence_forms.exists()
        assert report.case.household_id == report.involvements.first().person.household_id
        assert report.terms.filter(kind=TermKind.TRIAGE, met_on__isnull=False).count() == 1
    assert len(kinds) >= 3  # first, repeat and follow-up reports all occur in the sample
    # The stored fact the recidivism figures read, as the slow way computes it.
    assert Report.objects.exclude(household_previous_at=None).exists()
    assert previous_report_drift() == []
    assert not any(misplaced().values())  # process rows carry their report's place
    assert JournalEntry.objects.count() == counts["journal"]
    assert JournalEntry.objects.filter(by__username="migratie").count() == counts["journal"]


@pytest.fixture
def private_documents(settings, tmp_path_factory):
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path_factory.mktemp("store")), "base_url": None},
        },
    }


def test_documents_beside_the_export_are_checked_by_content_and_imported(
    tmp_path, reference, private_documents
):
    from meldpunt.casefile import services
    from meldpunt.casefile.models import Document

    counts = write_sample(tmp_path, reports=60)
    assert counts["documents"] == 2
    call_command("migrate-in", str(tmp_path), no_link=True)
    docs = list(Document.objects.order_by("pk"))
    assert [d.content_type for d in docs] == ["application/pdf", "application/pdf"]
    assert all(d.report.case_id == d.case_id for d in docs)
    content = services.open_document(document=docs[0], by=docs[0].uploaded_by)
    assert content == (tmp_path / "documenten" / docs[0].filename).read_bytes()
    call_command("migrate-in", str(tmp_path), no_link=True)  # idempotent: no second copy
    assert Document.objects.count() == 2


def _stored_files(settings) -> set[str]:
    root = Path(settings.STORAGES["documents"]["OPTIONS"]["location"])
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


@pytest.mark.django_db(transaction=True)
def test_a_failed_atomic_migration_leaves_no_document_file(
    tmp_path, private_documents, settings, monkeypatch
):
    from meldpunt.reference.services import load_reference

    load_reference()
    write_sample(tmp_path, reports=60)
    _, _, codes = validate(tmp_path, system="oud")

    def fail(self):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Importer, "close_reports", fail)  # after the documents are in
    with pytest.raises(RuntimeError):
        Importer(tmp_path, system="oud", codes=codes).run(atomic=True)
    assert not Report.objects.exists()
    assert _stored_files(settings) == set()


def test_files_no_document_refers_to_are_swept_and_a_rerun_writes_no_second_copy(
    tmp_path, reference, private_documents, settings
):
    """A file left by a run killed mid-batch sits under the name its source key gives it: the
    import writes it there again; one whose key the export no longer has is swept; another
    system's files are left alone."""
    from meldpunt.casefile.models import Document

    write_sample(tmp_path, reports=60)
    _, _, codes = validate(tmp_path, system="oud")
    importer = Importer(tmp_path, system="oud", codes=codes)
    root = Path(settings.STORAGES["documents"]["OPTIONS"]["location"])
    again, gone = importer.document_name("DOC0000025"), importer.document_name("WEG")
    other = Importer(tmp_path, system="ander", codes=codes).document_name("DOC0000025")
    for name in (again, gone, other):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(b"left behind")
    importer.run()
    names = set(Document.objects.values_list("storage_name", flat=True))
    assert len(names) == 2 and again in names
    assert _stored_files(settings) == names | {other}
    doc = Document.objects.get(storage_name=again)
    assert (root / again).read_bytes() == (tmp_path / "documenten" / doc.filename).read_bytes()


def test_a_forged_missing_or_outside_document_is_named_in_the_report(
    tmp_path, reference, private_documents
):
    from meldpunt.casefile.models import Document

    write_sample(tmp_path, reports=30)
    (tmp_path / "documenten" / "foto.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    (tmp_path.parent / "geheim.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    _write(
        tmp_path,
        "documents.jsonl",
        [
            {"key": "D1", "report": "M0000001", "title": "Foto", "file": "documenten/foto.pdf"},
            {"key": "D2", "report": "M0000001", "title": "Weg", "file": "documenten/weg.pdf"},
            {"key": "D3", "report": "M0000001", "title": "Buiten", "file": "../geheim.pdf"},
        ],
    )
    with pytest.raises(CommandError):
        call_command("migrate-in", str(tmp_path), no_link=True)
    text = (tmp_path / "controle.txt").read_text(encoding="utf-8")
    assert "documents.jsonl, regel 1: bestand 'documenten/foto.pdf'" in text
    assert "maar de inhoud is PNG" in text
    assert "documents.jsonl, regel 2: bestand 'documenten/weg.pdf' ontbreekt" in text
    assert "documents.jsonl, regel 3: bestand '../geheim.pdf' ligt buiten de exportmap." in text
    assert not Document.objects.exists() and not Report.objects.exists()


def test_published_figures_are_compared_with_the_kpis_recomputed_from_migrated_data(
    tmp_path, reference
):
    import csv

    from meldpunt.insight import kpis
    from meldpunt.insight.periods import Period
    from meldpunt.legacy.published import parse_number

    export = tmp_path / "export"
    write_sample(export, reports=150, seed=5)
    call_command("migrate-in", str(export), no_link=True)
    figures_2019 = kpis.compute(period=Period.year(2019)).as_dict()["indicators"]
    y2019 = {i["code"]: i["value"] for i in figures_2019}
    assert y2019["reports"] > 0
    triage = str(y2019["triage_on_time"]).replace(".", ",")
    figures = tmp_path / "gepubliceerd.csv"
    figures.write_text(
        "periode;indicator;waarde\n"
        f"2019;reports;{y2019['reports']}\n"
        f"2019;triage_on_time;{triage}%\n"
        f"2020H1;reports;{10_000}\n"
        "2019;klanttevredenheid;7,5\n",
        encoding="utf-8",
    )
    out = tmp_path / "verschillen.csv"
    call_command("compare-published", str(figures), output=out)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["uitkomst"] for r in rows] == ["gelijk", "gelijk", "verschil", "onbekende indicator"]
    short = rows[2]
    assert float(short["herberekend"]) < 10_000
    assert float(short["verschil"]) == float(short["herberekend"]) - 10_000
    assert parse_number("12.965") == 12965 and parse_number("72,5%") == 72.5


def test_after_the_import_the_radar_proposes_the_people_registered_twice(
    tmp_path, reference, settings
):
    """The old system registered some people again with a misspelled surname; after the import
    the radar re-links the register and proposes exactly those pairs for review (nothing is
    merged), not the members of a household who share an address."""
    from collections import defaultdict

    settings.DATA_DIR = tmp_path / "data"
    export = tmp_path / "export"
    write_sample(export, reports=300, seed=2)
    rows = [json.loads(line) for line in (export / "persons.jsonl").open(encoding="utf-8")]
    same: dict[tuple, list[str]] = defaultdict(list)
    for row in rows:
        identity = (row["given_names"], row.get("date_of_birth"), row["street"], row["postcode"])
        same[identity].append(row["key"])
    twins = [keys for keys in same.values() if len(keys) > 1]
    assert len(twins) >= 5  # the sample's "registered again with a different spelling"

    call_command("migrate-in", str(export))
    ids = dict(LegacyKey.objects.filter(entity="persons").values_list("key", "object_id"))
    truth = {frozenset((ids[a], ids[b])) for keys in twins for a in keys for b in keys if a < b}
    reports = list((settings.DATA_DIR / "radar").glob("link-proposals-*.json"))
    proposed = {
        frozenset((p["person_id"], p["other_id"]))
        for p in json.loads(reports[0].read_text(encoding="utf-8"))["proposals"]
    }
    found = truth & proposed
    assert len(found) / len(truth) >= 0.9, (len(found), len(truth))  # recall
    assert len(found) / len(proposed) >= 0.9, (len(found), len(proposed))  # precision
    assert Person.objects.count() == len(rows)  # proposals only: nobody merged
    from meldpunt.radar.models import LinkProposal

    queued = {frozenset((p.person_id, p.other_id)) for p in LinkProposal.objects.all()}
    assert queued == proposed  # in the review queue for a professional to decide
