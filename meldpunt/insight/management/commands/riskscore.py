from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meldpunt.errors import DomainError
from meldpunt.insight import policy_formats, policy_selectors, risk
from meldpunt.insight.management.commands._policy import non_negative, read_text, write, year

DATA = Path(__file__).resolve().parents[3] / "reference" / "data"
COLUMNS = [
    "rank",
    "municipality",
    "score",
    "mean_z",
    "factors_used",
    "tier",
    "reports_per_1000",
    "expected_reports_per_1000",
    "residual",
    "standardised_residual",
    "flag",
]
HEADERS = [
    "Rang",
    "Gemeente",
    "Risicoscore",
    "Gem. z",
    "Factoren",
    "Klasse",
    "Meldingen per 1.000",
    "Verwacht",
    "Residu",
    "Gestand. residu",
    "Signaal",
]


class Command(BaseCommand):
    help = (
        "Risicoscore per gemeente (z-scores over de risicofactoren) en de signaleringsstructuur "
        "(meldingen per 1.000 inwoners tegen de risicoscore). Methode: docs/policy.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--factors",
            type=Path,
            default=DATA / "risk_factors.csv",
            help="CSV met municipality, factor, value (standaard: de regiovisie, bijlage 2)",
        )
        parser.add_argument(
            "--reports",
            type=Path,
            help="CSV met municipality, reports_per_1000; zonder: uit het register",
        )
        parser.add_argument(
            "--year",
            type=year,
            help="jaar voor de meldingen uit het register (standaard: vorig kalenderjaar)",
        )
        parser.add_argument(
            "--directions",
            type=Path,
            help="CSV met factor, direction (1 = hoger is meer risico, -1 = minder, 0 = weglaten)",
        )
        parser.add_argument("--sd", choices=risk.SD_KINDS, default="population")
        parser.add_argument("--min-coverage", type=non_negative, default=0.5)
        parser.add_argument("--tier-cut", type=non_negative, default=0.5)
        parser.add_argument("--flag-threshold", type=non_negative, default=1.5)
        parser.add_argument("--format", choices=["json", "csv", "md"], default="json")
        parser.add_argument("--output", type=Path, help="bestand; standaard de standaarduitvoer")

    def handle(self, *args, **o):
        try:
            table = risk.parse_factors(read_text(o["factors"], what="Risicofactorenbestand"))
            if o["reports"] is not None:
                if o["year"] is not None:
                    raise CommandError("Geef --reports óf --year, niet allebei.")
                reports = risk.parse_reports(read_text(o["reports"], what="Meldingenbestand"))
                source = str(o["reports"])
            else:
                the_year = o["year"] or policy_selectors.last_complete_year()
                reports = policy_selectors.reports_per_1000(year=the_year)
                source = f"het register, {the_year}"
            directions = (
                risk.parse_directions(read_text(o["directions"], what="Richtingenbestand"))
                if o["directions"]
                else None
            )
            analysis = risk.analyse(
                table,
                reports=reports,
                directions=directions,
                sd=o["sd"],
                min_coverage=o["min_coverage"],
                tier_cut=o["tier_cut"],
                flag_threshold=o["flag_threshold"],
            )
        except DomainError as err:
            raise CommandError(err.message) from err
        rows = [s.as_dict(with_z=o["format"] == "json") for s in analysis.scores]
        notes = _notes(analysis, source)
        if o["format"] == "json":
            text = policy_formats.as_json(rows)
        elif o["format"] == "csv":
            text = policy_formats.as_csv(rows, COLUMNS)
        else:
            text = policy_formats.as_markdown(
                rows, COLUMNS, headers=HEADERS, title="Risicoscore per gemeente", notes=notes
            )
        write(self, text, o["output"])
        if o["format"] != "md":
            for note in notes:
                self.stderr.write(note)


def _notes(analysis: risk.RiskAnalysis, source: str) -> list[str]:
    fit = analysis.fit
    sd = "populatie (n)" if analysis.sd == "population" else "steekproef (n-1)"
    notes = [
        f"{len(analysis.factors_in_use)} factoren; standaarddeviatie: {sd}; "
        f"klasse hoog/laag bij ±{analysis.tier_cut:g} sd van de scores; "
        f"signaal bij een gestandaardiseerd residu voorbij ±{analysis.flag_threshold:g}.",
        f"Meldingen per 1.000 inwoners uit {source}.",
    ]
    if fit.slope is not None:
        r2 = "" if fit.r_squared is None else f", R² {fit.r_squared:.2f}"
        notes.append(
            f"Lijn: meldingen per 1.000 = {fit.intercept:.2f} + {fit.slope:.4f} × risicoscore "
            f"(n = {fit.n}{r2})."
        )
    notes += [f"Weggelaten: {f} ({why})." for f, why in analysis.factors_left_out.items()]
    notes += analysis.warnings
    return notes
