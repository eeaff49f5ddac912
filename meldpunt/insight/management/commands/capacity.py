from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meldpunt.errors import DomainError
from meldpunt.insight import capacity, policy_formats, policy_queries, policy_selectors
from meldpunt.insight.management.commands._policy import (
    non_negative,
    positive,
    read_text,
    write,
    year,
)
from meldpunt.insight.scope import WHOLE_REGISTER

DATA = Path(__file__).resolve().parents[3] / "reference" / "data"
COMPARE_COLUMNS = [
    "period",
    "norms",
    "total_hours",
    "computed_fte",
    "table_fte",
    "difference_fte",
    "implied_hours_per_fte",
]


class Command(BaseCommand):
    help = (
        "Benodigde formatie: uren per activiteit met de normen van de rekentool, fte en het "
        "tekort of overschot tegenover de beschikbare fte. Methode: docs/policy.md."
    )

    def add_arguments(self, parser):
        for key, label in capacity.ACTIVITY_LABELS.items():
            parser.add_argument(f"--{key}", type=non_negative, help=f"{label} per jaar")
        parser.add_argument(
            "--from-register",
            type=year,
            metavar="JAAR",
            help="volumes van dit kalenderjaar uit het register (opgegeven volumes gaan voor)",
        )
        parser.add_argument(
            "--from-forecast",
            action="store_true",
            help="volumes van de komende 12 maanden uit de voorspelling (zie docs/policy.md)",
        )
        parser.add_argument("--norms", choices=capacity.NORM_SETS, default="regional")
        parser.add_argument("--norms-file", type=Path, default=DATA / "capacity_norms.csv")
        parser.add_argument(
            "--hours-per-fte",
            type=positive,
            default=capacity.DEFAULT_HOURS_PER_FTE,
            help="productieve uren per fte per jaar (standaard 1350, zie docs/policy.md)",
        )
        parser.add_argument("--available-fte", type=non_negative)
        parser.add_argument(
            "--compare-table",
            type=Path,
            metavar="CSV",
            help="reken een volumetabel als vt_zhz_volumes.csv na en vergelijk met 'Benodigd'",
        )
        parser.add_argument("--triage-line", choices=capacity.TRIAGE_LINES, default="Overdragen")
        parser.add_argument("--format", choices=["json", "md"], default="json")
        parser.add_argument("--output", type=Path, help="bestand; standaard de standaarduitvoer")

    def handle(self, *args, **o):
        try:
            norms = capacity.parse_norms(read_text(o["norms_file"], what="Normenbestand"))
            if o["compare_table"] is not None:
                text = self._compare(o, norms)
            else:
                text = self._compute(o, norms)
        except DomainError as err:
            raise CommandError(err.message) from err
        write(self, text, o["output"])

    def _compute(self, o, norms) -> str:
        given = {k: o[k] for k in capacity.ACTIVITIES if o[k] is not None}
        if o["from_register"] is not None and o["from_forecast"]:
            raise CommandError("Geef --from-register óf --from-forecast, niet allebei.")
        if o["from_forecast"]:
            volumes = {**policy_queries.forecast_volumes(audience=WHOLE_REGISTER), **given}
        elif o["from_register"] is not None:
            volumes = {**policy_selectors.yearly_volumes(year=o["from_register"]), **given}
        elif given:
            volumes = given
        else:
            raise CommandError(
                "Geef volumes op (--advices, --reports, --support, --investigations, "
                "--monitoring) of --from-register JAAR."
            )
        result = capacity.compute(
            volumes=volumes,
            norms=norms,
            norm_set=o["norms"],
            hours_per_fte=o["hours_per_fte"],
            available_fte=o["available_fte"],
        )
        if o["format"] == "json":
            return policy_formats.as_json(result.as_dict())
        rows = [
            {
                "activity": capacity.ACTIVITY_LABELS[key],
                "volume": result.volumes[key],
                "norm": result.norms[key],
                "hours": result.hours_by_activity[key],
            }
            for key in capacity.ACTIVITIES
        ]
        rows.append({"activity": "Totaal", "hours": result.total_hours})
        notes = [
            f"Normen: {'regionaal' if o['norms'] == 'regional' else 'landelijk'}; "
            f"{result.hours_per_fte:g} productieve uren per fte.",
            f"Benodigd: {result.total_fte:.2f} fte.",
        ]
        if result.gap_fte is not None:
            word = "overschot" if result.gap_fte >= 0 else "tekort"
            notes.append(
                f"Beschikbaar {result.available_fte:g} fte: "
                f"{word} van {abs(result.gap_fte):.2f} fte."
            )
        return policy_formats.as_markdown(
            rows,
            ["activity", "volume", "norm", "hours"],
            headers=["Activiteit", "Volume", "Uren per stuk", "Uren"],
            title="Benodigde formatie",
            notes=notes,
        )

    def _compare(self, o, norms) -> str:
        table = capacity.parse_volume_table(read_text(o["compare_table"], what="Volumetabel"))
        rows = capacity.compare_with_table(
            table, norms=norms, hours_per_fte=o["hours_per_fte"], triage_line=o["triage_line"]
        )
        if o["format"] == "json":
            return policy_formats.as_json(rows)
        return policy_formats.as_markdown(
            rows,
            COMPARE_COLUMNS,
            headers=[
                "Periode",
                "Normen",
                "Uren",
                "Berekend fte",
                "Tabel fte",
                "Verschil",
                "Uren/fte",
            ],
            title="Rekentool nagerekend",
            notes=[
                f"Triage-uren over de regel '{o['triage_line']}'; "
                f"{o['hours_per_fte']:g} productieve uren per fte."
            ],
        )
