from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meldpunt.errors import DomainError
from meldpunt.insight import forecast, policy_formats, policy_selectors
from meldpunt.insight.management.commands._policy import read_text, write

COLUMNS = ["month", "forecast", "lower_80", "upper_80"]
HEADERS = ["Maand", "Voorspelling", "Ondergrens 80%", "Bovengrens 80%"]


class Command(BaseCommand):
    help = (
        "Voorspelling van het aantal meldingen of adviesvragen per maand met een "
        "80%-voorspelinterval, een terugtoets en een grafiek. Methode: docs/policy.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--metric", choices=list(forecast.METRIC_LABELS), required=True)
        parser.add_argument("--horizon", type=int, default=12, help="maanden vooruit (1-36)")
        parser.add_argument(
            "--input", type=Path, help="CSV met month (JJJJ-MM), count; zonder: uit het register"
        )
        parser.add_argument(
            "--backtest",
            type=int,
            default=12,
            help="aantal startmaanden voor de terugtoets (0 = geen terugtoets)",
        )
        parser.add_argument("--chart", type=Path, help="grafiek naar dit bestand (.svg of .png)")
        parser.add_argument("--format", choices=["json", "csv", "md"], default="json")
        parser.add_argument("--output", type=Path, help="bestand; standaard de standaarduitvoer")

    def handle(self, *args, **o):
        chart_format = None
        if o["chart"] is not None:
            chart_format = o["chart"].suffix.lower().lstrip(".")
            if chart_format not in ("svg", "png"):
                raise CommandError("De grafiek moet een .svg- of .png-bestand zijn.")
        try:
            if o["input"] is not None:
                series = forecast.parse_series(read_text(o["input"], what="Invoerbestand"))
            else:
                series = policy_selectors.monthly_counts(metric=o["metric"])
                if not series.months:
                    raise CommandError(
                        "Het register bevat nog geen volledige maand met "
                        f"{forecast.METRIC_LABELS[o['metric']].lower()}."
                    )
            result = forecast.forecast(
                series,
                metric=o["metric"],
                horizon=o["horizon"],
                backtest_origins=o["backtest"],
            )
        except DomainError as err:
            raise CommandError(err.message) from err
        notes = [
            f"Model: {forecast.MODEL_LABELS[result.model]}; {len(series.months)} maanden "
            f"({forecast.month_key(series.months[0])} t/m {forecast.month_key(series.months[-1])})."
        ]
        notes.append(
            result.backtest.sentence() if result.backtest else "Geen terugtoets uitgevoerd."
        )
        notes.append(f"Totaal over de horizon: {result.total:.0f}.")
        notes += result.warnings
        rows = [p.as_dict() for p in result.points]
        if o["format"] == "json":
            text = policy_formats.as_json(result.as_dict())
        elif o["format"] == "csv":
            text = policy_formats.as_csv(rows, COLUMNS)
        else:
            title = f"Voorspelling {forecast.METRIC_LABELS[result.metric].lower()} per maand"
            text = policy_formats.as_markdown(
                rows, COLUMNS, headers=HEADERS, title=title, notes=notes
            )
        write(self, text, o["output"])
        if o["chart"] is not None:
            write(self, forecast.chart(result, fmt=chart_format), o["chart"])
        if o["format"] != "md":
            for note in notes:
                self.stderr.write(note)
