"""Forms of emergency access (break the glass, its review) and of the rights of the people in
the files (correction, annotation, restriction): shape only, in Dutch; the services in
`meldpunt/access` check the rules."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from meldpunt.access.emergency import MIN_REASON
from meldpunt.access.models import AnnotationKind
from meldpunt.access.subject_rights import CORRECTABLE
from meldpunt.registry.validators import validate_bsn
from meldpunt.web.forms import DATE

TEXT3 = forms.Textarea(attrs={"rows": 3})


def _reason(label: str, *, required: bool = True, min_length: int = 0) -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=TEXT3,
        required=required,
        min_length=min_length or None,
        error_messages={
            "required": "Geef een reden.",
            "min_length": f"Geef een reden van ten minste {min_length} tekens.",
        },
    )


class BreakGlassForm(forms.Form):
    case_number = forms.CharField(
        label="Dossier- of meldingnummer",
        max_length=20,
        help_text="Bijv. D-0000123 of M-0000456.",
        error_messages={"required": "Geef het nummer van het dossier of de melding."},
    )
    reason = _reason("Reden van de noodtoegang", min_length=MIN_REASON)

    def clean_case_number(self) -> tuple[str, int]:
        """("D", a file's id) or ("M", a report's id)."""
        prefix, _, digits = self.cleaned_data["case_number"].strip().upper().partition("-")
        if prefix not in ("D", "M") or not digits.isdigit() or int(digits) == 0:
            raise ValidationError("Geef een nummer als D-0000123 (dossier) of M-0000456 (melding).")
        return prefix, int(digits)


class ReviewForm(forms.Form):
    justified = forms.TypedChoiceField(
        label="Oordeel",
        choices=[("1", "Terecht"), ("0", "Niet terecht")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        error_messages={"required": "Kies terecht of niet terecht."},
    )
    note = forms.CharField(
        label="Toelichting", widget=TEXT3, required=False, help_text="Verplicht bij niet terecht."
    )

    def clean(self):
        data = super().clean()
        if data.get("justified") is False and not (data.get("note") or "").strip():
            self.add_error("note", "Licht toe waarom de noodtoegang niet terecht was.")
        return data


class FindPersonForm(forms.Form):
    """The person who asks, as they identified themselves: by BSN, or by surname and date of
    birth. POSTed: a name or BSN never ends up in a URL."""

    bsn = forms.CharField(label="BSN", required=False, max_length=9, validators=[validate_bsn])
    surname = forms.CharField(label="Achternaam", required=False, max_length=200)
    date_of_birth = forms.DateField(
        label="Geboortedatum",
        required=False,
        widget=DATE,
        error_messages={"invalid": "Geef een geldige datum."},
    )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if not data.get("bsn") and not (
            data.get("surname", "").strip() and data.get("date_of_birth")
        ):
            raise ValidationError("Zoek op BSN, of op achternaam én geboortedatum.")
        return data


class CorrectionForm(forms.Form):
    field = forms.ChoiceField(
        label="Gegeven",
        choices=[("", "—"), *CORRECTABLE.items()],
        error_messages={"required": "Kies het gegeven dat gecorrigeerd wordt."},
    )
    value = forms.CharField(
        label="Juiste waarde",
        max_length=200,
        required=False,
        help_text="Een geboortedatum als 2015-03-31; leeg om het gegeven te wissen.",
    )
    reason = _reason("Reden van de correctie")


class AnnotationForm(forms.Form):
    kind = forms.ChoiceField(
        label="Soort",
        choices=AnnotationKind.choices,
        error_messages={"required": "Kies de soort aantekening."},
    )
    concerns = forms.CharField(
        label="Betreft",
        max_length=200,
        help_text="Welke informatie in het dossier, bijv. 'omschrijving melding M-0000123'.",
        error_messages={"required": "Geef aan welke informatie het betreft."},
    )
    text = forms.CharField(
        label="Wat de betrokkene zegt",
        widget=TEXT3,
        error_messages={"required": "Geef weer wat de betrokkene zegt."},
    )


class RestrictionForm(forms.Form):
    reason = _reason("Reden van de beperking")
