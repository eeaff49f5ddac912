"""Letters filled from the file. The template sees only plain strings chosen here, so an edited
template cannot reach a confidential address or an anonymous reporter's identity."""

from __future__ import annotations

from django.template import Context, Template, TemplateSyntaxError
from django.utils.html import escape

from meldpunt.casefile.models import LetterKind, LetterTemplate
from meldpunt.errors import DomainError

PLACEHOLDERS = {
    "organisatie": "naam van de Veilig Thuis-organisatie",
    "aan": "naam van de geadresseerde",
    "adres": "adres van de geadresseerde (leeg bij een geheim adres)",
    "meldingnummer": "nummer van de melding",
    "ontvangen": "datum waarop de melding binnenkwam",
    "besluit": "het triagebesluit",
    "besluitdatum": "datum van het triagebesluit",
    "overdracht_aan": "partij aan wie is overgedragen",
    "uitkomsten": "uitkomst van het Onderzoek per geweldsvorm",
    "medewerker": "naam van de medewerker die de brief maakt",
}

DEFAULTS: dict[str, tuple[str, str]] = {
    LetterKind.FEEDBACK_REPORTER: (
        "Terugkoppeling over uw melding {{ meldingnummer }}",
        "Geachte {{ aan }},\n\nU heeft op {{ ontvangen }} een melding gedaan bij "
        "{{ organisatie }}. "
        "Wij hebben de veiligheid beoordeeld en op {{ besluitdatum }} besloten: {{ besluit }}."
        "{% if overdracht_aan %}\nDe zorg voor de veiligheid is overgedragen aan "
        "{{ overdracht_aan }}.{% endif %}"
        "\n\nMet vriendelijke groet,\n{{ medewerker }}\n{{ organisatie }}",
    ),
    LetterKind.INFORM_INVOLVED: (
        "Melding bij {{ organisatie }}",
        "Geachte {{ aan }},\n\nBij {{ organisatie }} is op {{ ontvangen }} een melding "
        "binnengekomen "
        "over uw gezin. Wij hebben de veiligheid beoordeeld en besloten: {{ besluit }}. "
        "U heeft het recht uw dossier in te zien en onjuistheden te laten corrigeren."
        "\n\nMet vriendelijke groet,\n{{ medewerker }}\n{{ organisatie }}",
    ),
    LetterKind.INVESTIGATION_OUTCOME: (
        "Uitkomst van het onderzoek ({{ meldingnummer }})",
        "Geachte {{ aan }},\n\n{{ organisatie }} heeft onderzoek gedaan naar aanleiding van de "
        "melding van {{ ontvangen }}. De uitkomst:\n{{ uitkomsten }}"
        "\n\nMet vriendelijke groet,\n{{ medewerker }}\n{{ organisatie }}",
    ),
    LetterKind.HANDOVER_CONFIRMATION: (
        "Bevestiging van de overdracht ({{ meldingnummer }})",
        "Geachte {{ aan }},\n\nHierbij bevestigen wij dat de zorg voor de veiligheid is "
        "overgedragen aan {{ overdracht_aan }}.\n\nMet vriendelijke groet,\n{{ medewerker }}\n"
        "{{ organisatie }}",
    ),
}


def template_for(kind: str) -> tuple[str, str]:
    stored = LetterTemplate.objects.filter(kind=kind).first()
    if stored is not None:
        return stored.subject, stored.body
    if kind not in DEFAULTS:
        raise DomainError("Onbekende soort brief.")
    return DEFAULTS[kind]


def validate_template(text: str) -> None:
    try:
        Template(text)
    except TemplateSyntaxError as err:
        raise DomainError(f"Het sjabloon bevat een fout: {err}") from err


def render(text: str, values: dict[str, str]) -> str:
    unknown = set(values) - set(PLACEHOLDERS)
    if unknown:
        raise ValueError(f"not a placeholder: {sorted(unknown)}")
    return Template(text).render(Context({k: str(v) for k, v in values.items()}, autoescape=False))


def to_pdf(*, subject: str, text: str, organisation: str, after_html: str = "") -> bytes:
    """A letter as PDF. `after_html` is trusted markup made by the caller (a QR code under the
    text of the survey invitation), never user input."""
    from meldpunt.access import pdf

    paragraphs = "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in text.split("\n\n"))
    html = (
        "<html lang='nl'><head><meta charset='utf-8'><style>"
        "@page{size:A4;margin:25mm} body{font-family:'DejaVu Sans',sans-serif;font-size:10.5pt}"
        "h1{font-size:13pt} .org{color:#555;font-size:9pt}</style></head><body>"
        f"<div class='org'>{escape(organisation)}</div><h1>{escape(subject)}</h1>{paragraphs}"
        f"{after_html}"
        "</body></html>"
    )
    return pdf.render(html)
