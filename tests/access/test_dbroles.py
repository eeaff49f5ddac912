import pytest
from django.db import connection, transaction
from django.db.utils import ProgrammingError

from meldpunt.access import audit, dbroles

pg_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="database roles exist on PostgreSQL only"
)


def test_role_names_are_checked_before_any_sql_is_made():
    with pytest.raises(dbroles.RoleNameError):
        dbroles.statements(owner="x; DROP TABLE y", app="meldpunt_app", tables=[])
    with pytest.raises(dbroles.RoleNameError):
        dbroles.statements(owner="same", app="same", tables=[])


def _as(role, statement, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        # On an error the savepoint's rollback restores the role; on success reset it here.
        cursor.execute(f"SET LOCAL ROLE {role}")
        cursor.execute(statement, params)
        rows = cursor.fetchall() if cursor.description else None
        cursor.execute("RESET ROLE")
        return rows


@pg_only
def test_the_application_role_may_add_and_read_audit_entries_but_not_change_them(db):
    # Roles are created inside the test's transaction and vanish with its rollback.
    dbroles.apply(owner="meldpunt_test_owner", app="meldpunt_test_app")
    entry = audit.record("test.viewed", actor=None, subject=("registry.report", 1))
    assert _as("meldpunt_test_app", "SELECT count(*) FROM access_auditentry")[0][0] >= 1
    _as(
        "meldpunt_test_app",
        "INSERT INTO access_auditentry (at, event, subject_type, case_ids, person_ids, details, "
        "channel) VALUES (now(), 'test.viewed', '', '', '', '{}', '')",
    )
    for statement in (
        "UPDATE access_auditentry SET actor_id = 1 WHERE id = %s",
        "DELETE FROM access_auditentry WHERE id = %s",
    ):
        with pytest.raises(ProgrammingError, match="permission denied"):
            _as("meldpunt_test_app", statement, [entry.pk])
    with pytest.raises(ProgrammingError, match="permission denied"):
        _as("meldpunt_test_app", "TRUNCATE access_auditseal")
    # ordinary tables stay writable for the application
    _as("meldpunt_test_app", "UPDATE registry_person SET city = city WHERE id = -1")
