"""PostgreSQL only: separate the owner of the schema from the application's role, so the
application cannot change or remove audit entries even through SQL.

- the owner role owns every table; migrations run as it (`MIGRATE`: `DATABASE_URL` pointing at
  the owner role);
- the application role may read and write ordinary tables, but on the audit trail and its seals
  it has only SELECT and INSERT (no UPDATE, DELETE or TRUNCATE).
"""

from __future__ import annotations

import re

from django.db import connection

APPEND_ONLY_TABLES = ("access_auditentry", "access_auditseal")
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class RoleNameError(ValueError):
    pass


def _check(name: str) -> str:
    if not _NAME.match(name):
        raise RoleNameError(
            f"Ongeldige rolnaam '{name}': kleine letters, cijfers en _ "
            "(begint niet met een cijfer)."
        )
    return name


def statements(*, owner: str, app: str, tables: list[str]) -> list[str]:
    owner, app = _check(owner), _check(app)
    if owner == app:
        raise RoleNameError("De eigenaarsrol en de applicatierol moeten verschillen.")
    sql = [
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN "
        f"CREATE ROLE {role} LOGIN; END IF; END $$"
        for role in (owner, app)
    ]
    sql += [f'ALTER TABLE "{table}" OWNER TO {owner}' for table in tables]
    sql += [
        f"GRANT USAGE ON SCHEMA public TO {app}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {app}",
    ]
    sql += [f'REVOKE UPDATE, DELETE, TRUNCATE ON "{t}" FROM {app}' for t in APPEND_ONLY_TABLES]
    sql += [
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public "
        f"GRANT USAGE, SELECT ON SEQUENCES TO {app}",
    ]
    return sql


def public_tables() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
        return [row[0] for row in cursor.fetchall()]


def apply(*, owner: str, app: str) -> list[str]:
    """Create the roles when missing and set the rights. Idempotent; rerun after migrations
    that add tables (the default privileges cover tables the owner creates)."""
    if connection.vendor != "postgresql":
        raise RuntimeError("Alleen voor PostgreSQL.")
    sql = statements(owner=owner, app=app, tables=public_tables())
    with connection.cursor() as cursor:
        for statement in sql:
            cursor.execute(statement)
    return sql
