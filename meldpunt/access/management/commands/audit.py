"""`meldpunt audit seal|verify|search|export`: seal the trail in blocks, verify the chain, and the
privacy officer's search and export."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date

from meldpunt.access import audit, trail
from meldpunt.access.models import User
from meldpunt.errors import NotAllowed


def _day(text: str | None, what: str) -> dt.datetime | None:
    if not text:
        return None
    day = parse_date(text) if len(text) == 10 else None
    if day is None:
        raise CommandError(f"{what}: geef een datum als JJJJ-MM-DD, niet '{text}'.")
    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


class Command(BaseCommand):
    help = (
        "Audittrail: seal (verzegelen), verify (controleren), search en export (privacy officer)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        seal = sub.add_parser("seal", help="Verzegel alle nog niet verzegelde regels in blokken.")
        seal.add_argument("--block", type=int, help="Regels per blok (standaard: instelling).")
        sub.add_parser("verify", help="Controleer de keten; niet-nul bij elke afwijking.")
        for name in ("search", "export"):
            p = sub.add_parser(name)
            p.add_argument("--user", required=True, help="De privacy officer die zoekt.")
            p.add_argument("--actor", type=int, help="Gebruiker-id van wie handelde.")
            p.add_argument("--person", type=int, help="Persoon-id.")
            p.add_argument("--case", type=int, help="Dossier-id.")
            p.add_argument("--event", default="", help="Gebeurteniscode, of voorvoegsel met punt.")
            p.add_argument("--from", dest="since", help="Vanaf datum (JJJJ-MM-DD).")
            p.add_argument("--to", dest="until", help="Tot en met datum (JJJJ-MM-DD).")
            if name == "export":
                p.add_argument("--format", dest="fmt", choices=["csv", "json"], default="csv")
                p.add_argument("--output", required=True, help="Bestand; '-' = scherm.")

    def handle(self, *args, action: str, **o):
        if action == "seal":
            if o.get("block") is not None and o["block"] < 1:
                raise CommandError("--block moet minstens 1 zijn.")
            made = audit.seal(block_size=o.get("block"))
            self.stdout.write(f"{len(made)} blok(ken) verzegeld")
            return
        if action == "verify":
            result = audit.verify()
            self.stdout.write(
                f"{result.seals} zegels, {result.sealed_entries} verzegelde regels, "
                f"{result.unsealed_entries} nog niet verzegeld"
            )
            if not result.ok:
                for problem in result.problems:
                    self.stderr.write(f"AFWIJKING: {problem}")
                sys.exit(1)
            self.stdout.write("de keten is intact")
            return
        user = User.objects.filter(username=o["user"]).first()
        if user is None:
            raise CommandError(f"Onbekende gebruiker '{o['user']}'.")
        until = _day(o.get("until"), "--to")
        query = trail.TrailQuery(
            actor_id=o.get("actor"),
            person_id=o.get("person"),
            case_id=o.get("case"),
            event=o.get("event") or "",
            since=_day(o.get("since"), "--from"),
            until=until + dt.timedelta(days=1) if until else None,
        )
        try:
            if action == "search":
                for entry in trail.search(by=user, query=query):
                    self.stdout.write(
                        f"{entry.at:%Y-%m-%d %H:%M:%S} {entry.actor_id or '-'} {entry.event} "
                        f"{entry.subject_type}:{entry.subject_id or ''} "
                        f"dossiers={entry.case_ids.strip(',')} "
                        f"personen={entry.person_ids.strip(',')} "
                        f"{entry.remote_addr or ''} {entry.channel}"
                    )
                return
            text = trail.export(by=user, query=query, fmt=o["fmt"])
        except NotAllowed as err:
            raise CommandError(err.message) from err
        if o["output"] == "-":
            self.stdout.write(text)
        else:
            Path(o["output"]).write_text(text, encoding="utf-8")
            self.stdout.write(f"geschreven: {o['output']}")
