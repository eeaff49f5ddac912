"""`meldpunt kpi`: the management information of a period as JSON, CSV, XLSX or the PDF monitor
letter. Definitions in docs/kpi.md."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meldpunt import clock
from meldpunt.errors import DomainError
from meldpunt.insight import exports, kpis, letter
from meldpunt.insight import norms as norms_module
from meldpunt.insight.periods import Period, PeriodError, parse_date, trailing_months
from meldpunt.insight.scope import PUBLIC, WHOLE_REGISTER, audience_for, resolve
from meldpunt.reference.models import Municipality
from meldpunt.yearplan.indicators import attach, plan_for

FORMATS = ("json", "csv", "xlsx", "pdf")


class Command(BaseCommand):
    help = (
        "Sturingsinformatie over een periode: meldpunt kpi --from 2025-01-01 --to 2025-03-31 "
        "[--area A | --municipality M] --format json|csv|xlsx|pdf --output BESTAND"
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="date_from", help="Begindatum (JJJJ-MM-DD).")
        parser.add_argument("--to", dest="date_to", help="Einddatum, inclusief (JJJJ-MM-DD).")
        parser.add_argument(
            "--period", help="In plaats van --from/--to: 2025-03, 2025Q1, 2025H1 of 2025."
        )
        where = parser.add_mutually_exclusive_group()
        where.add_argument("--area", help="Werkgebied (naam).")
        where.add_argument("--municipality", help="Gemeente (naam of CBS-code, bijv. GM0599).")
        parser.add_argument(
            "--format", dest="fmt", choices=FORMATS, help="Standaard: volgt uit --output."
        )
        parser.add_argument("--output", required=True, help="Bestand; '-' = scherm (json/csv).")
        parser.add_argument(
            "--norms",
            default="settings",
            choices=list(norms_module.PLAN_LABELS),
            help="Normen: instellingen van de organisatie (standaard), vtrr of vtzhz.",
        )
        parser.add_argument(
            "--suppress",
            action="store_true",
            help="Kleine aantallen (1-4) als <5, voor gemeenten of publiek (pdf: altijd).",
        )
        parser.add_argument(
            "--internal",
            action="store_true",
            help="pdf: de interne sturingsrapportage (alle indicatoren en het hele jaarplan, "
            "exacte aantallen) in plaats van monitorbrieven aan gemeenten.",
        )
        parser.add_argument(
            "--plan",
            help="Jaarplan: deel van de naam van de organisatie, als er in dat jaar meer zijn.",
        )
        parser.add_argument(
            "--user", help="Cijfers zoals deze gebruiker ze mag zien (standaard: hele register)."
        )

    def handle(self, *args, **o):
        period = self._period(o)
        fmt = self._format(o["fmt"], o["output"])
        try:
            scope = resolve(area=o["area"], municipality=o["municipality"])
            norms = norms_module.load(o["norms"])
        except (DomainError, norms_module.NormError) as err:
            raise CommandError(str(err)) from err
        internal = fmt == "pdf" and o["internal"]
        audience = self._audience(o["user"], o["suppress"] or (fmt == "pdf" and not internal))

        if fmt == "pdf" and not internal:
            if o["user"]:
                raise CommandError("De monitorbrief (pdf) is voor gemeenten: laat --user weg.")
            if scope.kind == "municipality":
                municipalities = [scope.municipality]
            else:
                served = Municipality.objects.valid_on(period.end).filter(served=True)
                if scope.kind == "work_area":
                    served = served.filter(work_area=scope.work_area)
                municipalities = list(served.order_by("name"))
            if not municipalities:
                raise CommandError("Geen gemeenten gevonden om een monitorbrief voor te maken.")
            content: bytes | str = letter.render_pdf(
                municipalities=municipalities, period=period, norms=norms
            )
            self._write(o["output"], content)
            self.stderr.write(
                f"Monitorbrief {period.label} voor {len(municipalities)} gemeente(n) "
                f"geschreven naar {o['output']}."
            )
            return
        try:
            figures = kpis.compute(period=period, scope=scope, audience=audience, norms=norms)
            plan = None
            if o["plan"]:
                plan = plan_for(period.end.year, o["plan"])
                if plan is None:
                    raise CommandError(
                        f"Geen (eenduidig) jaarplan {period.end.year} voor '{o['plan']}'."
                    )
            figures = attach(figures, viewer=self._viewer(o["user"]), plan=plan)
        except DomainError as err:
            raise CommandError(err.message) from err
        if internal:
            trend = kpis.compute(
                period=trailing_months(period.end), scope=scope, audience=audience, norms=norms
            )
            content = letter.management_report_pdf(figures=figures, trend=trend)
        elif fmt == "json":
            content = exports.to_json(figures) + "\n"
        elif fmt == "csv":
            content = exports.to_csv(figures)
        else:
            content = exports.to_xlsx(figures)
        self._write(o["output"], content)
        if o["output"] != "-":
            self.stderr.write(
                f"{len(figures.indicators)} indicatoren"
                + (
                    f" en {len(figures.plan_rows)} andere regels van het jaarplan "
                    f"{figures.plan['name']} {figures.plan['year']}"
                    if figures.plan
                    else ""
                )
                + f" over {period.label} ({scope.label}) geschreven naar {o['output']}."
            )

    def _period(self, o) -> Period:
        try:
            if o["period"]:
                if o["date_from"] or o["date_to"]:
                    raise CommandError("Geef --period óf --from en --to, niet allebei.")
                period = Period.parse(o["period"])
            else:
                if not (o["date_from"] and o["date_to"]):
                    raise CommandError("Geef --from en --to (JJJJ-MM-DD), of --period.")
                period = Period(
                    parse_date(o["date_from"], what="--from"), parse_date(o["date_to"], what="--to")
                )
        except PeriodError as err:
            raise CommandError(str(err)) from err
        if period.start > clock.today():
            raise CommandError(f"De periode begint in de toekomst ({period.start:%d-%m-%Y}).")
        if period.days > 366 * 5:
            raise CommandError("Een periode is hoogstens vijf jaar.")
        return period

    def _format(self, fmt: str | None, output: str) -> str:
        if fmt:
            return fmt
        suffix = Path(output).suffix.lower().lstrip(".")
        if suffix in FORMATS:
            return suffix
        raise CommandError(
            "Geef --format (json, csv, xlsx of pdf); het volgt niet uit de bestandsnaam."
        )

    def _audience(self, username: str | None, suppress: bool):
        if username:
            from meldpunt.access.models import User

            user = User.objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"Gebruiker '{username}' bestaat niet.")
            try:
                audience = audience_for(user)
            except DomainError as err:
                raise CommandError(err.message) from err
            if suppress and not audience.suppress:
                from dataclasses import replace

                audience = replace(audience, suppress=True)
            return audience
        return PUBLIC if suppress else WHOLE_REGISTER

    def _viewer(self, username: str | None):
        if not username:
            return None
        from meldpunt.access.models import User

        return User.objects.filter(username=username).first()

    def _write(self, output: str, content: bytes | str) -> None:
        if output == "-":
            if isinstance(content, bytes):
                raise CommandError("xlsx en pdf kunnen niet naar het scherm; geef een bestand.")
            self.stdout.write(content, ending="")
            return
        path = Path(output)
        if not path.parent.exists():
            raise CommandError(f"De map '{path.parent}' bestaat niet.")
        if path.is_dir():
            raise CommandError(f"'{output}' is een map; geef een bestandsnaam.")
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
