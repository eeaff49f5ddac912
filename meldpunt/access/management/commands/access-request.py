"""`meldpunt access-request --user PO --person ID --output FILE.json|FILE.pdf`: everything about
one person for an access request (inzage), without other people's data."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meldpunt.access import subject_rights
from meldpunt.access.models import User
from meldpunt.errors import NotAllowed


class Command(BaseCommand):
    help = "Inzageverzoek: alle gegevens over één persoon als JSON of PDF."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="De privacy officer.")
        parser.add_argument("--person", type=int, required=True, help="Persoon-id.")
        parser.add_argument("--output", required=True, help="Bestand: .json of .pdf.")

    def handle(self, *args, user: str, person: int, output: str, **o):
        from meldpunt.registry.models import Person

        suffix = Path(output).suffix.lower()
        if suffix not in (".json", ".pdf"):
            raise CommandError("Geef een uitvoerbestand dat eindigt op .json of .pdf.")
        by = User.objects.filter(username=user).first()
        if by is None:
            raise CommandError(f"Onbekende gebruiker '{user}'.")
        subject = Person.objects.filter(pk=person).first()
        if subject is None:
            raise CommandError(f"Er is geen persoon met id {person}.")
        try:
            report = subject_rights.access_report(by=by, person=subject)
        except NotAllowed as err:
            raise CommandError(err.message) from err
        if suffix == ".json":
            Path(output).write_text(json.dumps(report, indent=1, ensure_ascii=False), "utf-8")
        else:
            Path(output).write_bytes(subject_rights.access_report_pdf(report))
        self.stdout.write(f"geschreven: {output} ({len(report['meldingen'])} meldingen)")
