"""`meldpunt dbroles`: on PostgreSQL, an owner role for migrations and an application role with
only INSERT and SELECT on the audit trail (docs/security.md, docs/deployment.md)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from meldpunt.access import dbroles


class Command(BaseCommand):
    help = (
        "PostgreSQL: eigenaarsrol (migraties) en applicatierol (audittrail alleen INSERT/SELECT)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--owner", default="meldpunt_owner", help="Eigenaarsrol (migraties).")
        parser.add_argument("--app", default="meldpunt_app", help="Rol waarmee de app draait.")
        parser.add_argument(
            "--print", action="store_true", help="Toon de SQL alleen, voer niets uit."
        )

    def handle(self, *args, owner: str, app: str, **o):
        try:
            if o["print"]:
                tables = dbroles.public_tables() if connection.vendor == "postgresql" else []
                sql = dbroles.statements(owner=owner, app=app, tables=tables)
                self.stdout.write(";\n".join(sql) + ";")
                return
            if connection.vendor != "postgresql":
                raise CommandError("meldpunt dbroles werkt alleen op PostgreSQL.")
            with transaction.atomic():
                sql = dbroles.apply(owner=owner, app=app)
        except dbroles.RoleNameError as err:
            raise CommandError(str(err)) from err
        self.stdout.write(
            f"{len(sql)} opdrachten uitgevoerd; {app} mag de audittrail niet wijzigen"
        )
