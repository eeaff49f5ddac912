from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meldpunt.access.models import User
from meldpunt.yearplan import periods, report
from meldpunt.yearplan.models import Plan


class Command(BaseCommand):
    help = (
        "The whole KPI table of a year plan for one period, computed and entered rows side "
        "by side: --format json|csv, or pdf for the quarterly progress report."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument(
            "--organisation",
            default=None,
            help="Part of the organisation's name (when several plans exist).",
        )
        parser.add_argument("--period", required=True, help="2020-03, 2020-Q1, 2020-H1 or 2020")
        parser.add_argument("--format", choices=["json", "csv", "pdf"], default="json")
        parser.add_argument("--output", type=Path, default=None)
        parser.add_argument("--as-user", default=None)

    def handle(self, *args, year, organisation, period, format, output, as_user, **options):
        plans = Plan.objects.filter(year=year)
        if organisation:
            plans = plans.filter(organisation__icontains=organisation)
        if plans.count() != 1:
            names = ", ".join(str(p) + f" ({p.organisation})" for p in plans) or "geen"
            raise CommandError(f"Kies precies één jaarplan voor {year} (gevonden: {names}).")
        plan = plans.get()
        try:
            start, _ = periods.bounds(period)
        except ValueError as err:
            raise CommandError(str(err)) from err
        if start.year != year:
            raise CommandError(f"De periode {period} valt niet in {year}.")
        viewer = User.objects.filter(username=as_user).first() if as_user else None
        if as_user and viewer is None:
            raise CommandError(f"Gebruiker '{as_user}' bestaat niet.")
        if format == "pdf":
            if "-Q" not in period:
                raise CommandError("De voortgangsrapportage is per kwartaal: --period 2020-Q1.")
            if output is None:
                raise CommandError("Een PDF heeft --output nodig.")
            output.write_bytes(report.progress_report_pdf(plan=plan, quarter=period, viewer=viewer))
        else:
            import json

            text = (
                json.dumps(
                    report.as_json(plan=plan, period=period, viewer=viewer),
                    ensure_ascii=False,
                    indent=2,
                    default=str,
                )
                if format == "json"
                else report.as_csv(plan=plan, period=period, viewer=viewer)
            )
            if output is None:
                self.stdout.write(text)
                return
            output.write_text(text, encoding="utf-8")
        self.stdout.write(f"Geschreven: {output}")
