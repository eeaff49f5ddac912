import hashlib

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from meldpunt.registry.models import Report
from tests.process import flow


def _fingerprint() -> dict[str, str]:
    """Every table's rows, hashed: two databases with equal fingerprints hold the same data."""
    result = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            pk = model._meta.pk.column
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY "{pk}"')  # noqa: S608 - our tables
            result[table] = hashlib.sha256(repr(cursor.fetchall()).encode()).hexdigest()
    return result


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_every_table_exactly(intake, triage, approver, tmp_path, reference):
    report = flow.register(intake)
    flow.decide(report, triage=triage, approver=approver)
    before = _fingerprint()
    target = tmp_path / "meldpunt.backup"
    call_command("backup", output=target)
    flow.register(intake)
    Report.objects.filter(pk=report.pk).update(description="gewijzigd na de back-up")
    assert _fingerprint() != before
    call_command("restore", str(target), yes=True)
    assert _fingerprint() == before


def test_restore_asks_for_confirmation_and_refuses_a_foreign_file(tmp_path, db):
    foreign = tmp_path / "x.backup"
    foreign.write_bytes(b"not a backup at all")
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(foreign))
    with pytest.raises(CommandError, match="geen"):
        call_command("restore", str(foreign), yes=True)
    with pytest.raises(CommandError, match="niet gevonden"):
        call_command("restore", str(tmp_path / "missing.backup"), yes=True)
