"""Forms check the shape of what a professional typed (in Dutch); services check the rules."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from meldpunt import clock
from meldpunt.process.models import TermKind, TriageOutcome
from meldpunt.reference.cbs import InvestigationFinding
from meldpunt.reference.models import (
    District,
    HandoverDestination,
    Municipality,
    ReporterType,
    ViolenceForm,
)
from meldpunt.registry.models import InvolvementRole, Sex
from meldpunt.registry.validators import normalise_postcode, validate_bsn

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _now_local() -> str:
    from django.utils import timezone

    return timezone.localtime(clock.now()).strftime("%Y-%m-%dT%H:%M")


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Gebruikersnaam of wachtwoord klopt niet.",
        "inactive": "Dit account is niet actief.",
    }


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Verificatiecode",
        max_length=10,
        help_text="De zes cijfers die uw authenticator-app nu toont.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class NotFuture:
    def clean_moment(self, value):
        if value and value > clock.now():
            raise ValidationError("Dit tijdstip ligt in de toekomst.")
        return value


class AdviceForm(forms.Form):
    received_at = forms.DateTimeField(label="Ontvangen", widget=DATETIME, initial=_now_local)
    asker_type = forms.ModelChoiceField(ReporterType.objects.all(), label="Soort vrager")
    anonymous = forms.BooleanField(label="Vrager blijft anoniem", required=False)
    consent = forms.BooleanField(
        label="Vrager geeft toestemming om naam en telefoon vast te leggen", required=False
    )
    asker_name = forms.CharField(label="Naam vrager", required=False, max_length=200)
    asker_organisation = forms.CharField(label="Organisatie vrager", required=False, max_length=200)
    asker_phone = forms.CharField(label="Telefoon vrager", required=False, max_length=40)
    municipality = forms.ModelChoiceField(
        Municipality.objects.all(), label="Gemeente", required=False
    )
    violence_forms = forms.ModelMultipleChoiceField(
        ViolenceForm.objects.all(),
        label="Geweldsvormen",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    question = forms.CharField(
        label="Vraag",
        widget=forms.Textarea,
        help_text="Geen persoonsgegevens van het gezin vastleggen.",
    )
    advice_given = forms.CharField(label="Gegeven advies", widget=forms.Textarea, required=False)

    def clean_received_at(self):
        return NotFuture().clean_moment(self.cleaned_data["received_at"])


class ReportForm(forms.Form):
    received_at = forms.DateTimeField(label="Ontvangen", widget=DATETIME, initial=_now_local)
    municipality = forms.ModelChoiceField(
        Municipality.objects.filter(served=True), label="Gemeente"
    )
    district = forms.ModelChoiceField(
        District.objects.all(), label="Wijk (Rotterdam)", required=False
    )
    reporter_type = forms.ModelChoiceField(ReporterType.objects.all(), label="Soort melder")
    reporter_name = forms.CharField(label="Naam melder", required=False, max_length=200)
    reporter_organisation = forms.CharField(
        label="Organisatie melder", required=False, max_length=200
    )
    reporter_phone = forms.CharField(label="Telefoon melder", required=False, max_length=40)
    reporter_email = forms.EmailField(
        label="E-mail melder",
        required=False,
        error_messages={"invalid": "Dit is geen geldig e-mailadres."},
    )
    reporter_anonymous = forms.BooleanField(
        label="Melder blijft anoniem richting de betrokkenen", required=False
    )
    wants_feedback = forms.BooleanField(
        label="Melder wil terugkoppeling", required=False, initial=True
    )
    violence_forms = forms.ModelMultipleChoiceField(
        ViolenceForm.objects.all(),
        label="Geweldsvormen",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(label="Omschrijving van de melding", widget=forms.Textarea)
    acute = forms.BooleanField(label="Acute onveiligheid gemeld", required=False)

    def clean_received_at(self):
        return NotFuture().clean_moment(self.cleaned_data["received_at"])

    def clean(self):
        data = super().clean()
        district, municipality = data.get("district"), data.get("municipality")
        if district and municipality and district.municipality_id != municipality.pk:
            self.add_error("district", "Deze wijk hoort niet bij de gekozen gemeente.")
        return data


class PersonForm(forms.Form):
    person_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    role = forms.ChoiceField(label="Rol", choices=InvolvementRole.choices)
    given_names = forms.CharField(label="Voornamen", required=False, max_length=200)
    surname_prefix = forms.CharField(label="Tussenvoegsel", required=False, max_length=20)
    surname = forms.CharField(label="Achternaam", required=False, max_length=200)
    date_of_birth = forms.DateField(
        label="Geboortedatum",
        required=False,
        widget=DATE,
        error_messages={"invalid": "Geef een geldige datum."},
    )
    sex = forms.ChoiceField(label="Geslacht", choices=Sex.choices, initial=Sex.OTHER)
    bsn = forms.CharField(label="BSN", required=False, max_length=9, validators=[validate_bsn])
    street = forms.CharField(label="Straat", required=False, max_length=200)
    house_number = forms.CharField(label="Huisnummer", required=False, max_length=20)
    postcode = forms.CharField(label="Postcode", required=False, max_length=7)
    city = forms.CharField(label="Woonplaats", required=False, max_length=100)
    confidential_address = forms.BooleanField(label="Geheim adres", required=False)

    IDENTITY = (
        "person_id",
        "given_names",
        "surname_prefix",
        "surname",
        "date_of_birth",
        "bsn",
        "street",
        "house_number",
        "postcode",
        "city",
    )

    def has_changed(self) -> bool:
        """A row counts only when something identifies a person (role and sex have defaults)."""
        return any(name in self.changed_data for name in self.IDENTITY)

    def clean_postcode(self):
        return normalise_postcode(self.cleaned_data.get("postcode") or "")

    def clean_date_of_birth(self):
        born = self.cleaned_data.get("date_of_birth")
        if born and born > clock.today():
            raise ValidationError("De geboortedatum ligt in de toekomst.")
        return born

    def clean(self):
        data = super().clean()
        if self.has_changed() and not (
            data.get("surname")
            or data.get("given_names")
            or data.get("bsn")
            or data.get("person_id")
        ):
            raise ValidationError("Geef ten minste een naam of een BSN.")
        return data


class BasePeopleFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not any(f.has_changed() for f in self.forms):
            raise ValidationError("Een melding noemt ten minste één betrokkene.")


PeopleFormSet = forms.formset_factory(
    PersonForm, formset=BasePeopleFormSet, extra=3, max_num=12, validate_max=True
)


class AssessmentForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    acute_unsafety = forms.BooleanField(label="Acute onveiligheid", required=False)
    structural_unsafety = forms.BooleanField(label="Structurele onveiligheid", required=False)
    assessment_rationale = forms.CharField(
        label="Onderbouwing veiligheidsbeoordeling", widget=forms.Textarea
    )
    outcome = forms.ChoiceField(label="Voorgesteld triagebesluit", choices=TriageOutcome.choices)
    rationale = forms.CharField(label="Onderbouwing besluit", widget=forms.Textarea)
    crisis_intervention = forms.BooleanField(label="Crisisinterventie ingezet", required=False)
    notify_police = forms.BooleanField(label="Politie informeren", required=False)
    notify_rvdk = forms.BooleanField(
        label="Raad voor de Kinderbescherming informeren", required=False
    )


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label="Toelichting of reden", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class InformForm(forms.Form):
    kind = forms.ChoiceField(
        label="Wat",
        choices=[
            (TermKind.FEEDBACK_REPORTER, TermKind.FEEDBACK_REPORTER.label),
            (TermKind.INFORM_INVOLVED, TermKind.INFORM_INVOLVED.label),
            (TermKind.FEEDBACK_AFTER_INVESTIGATION, TermKind.FEEDBACK_AFTER_INVESTIGATION.label),
        ],
    )
    on = forms.DateField(label="Datum", widget=DATE, initial=clock.today)
    note = forms.CharField(label="Toelichting", required=False)


class HandoverForm(forms.Form):
    destination = forms.ModelChoiceField(HandoverDestination.objects.all(), label="Overdragen aan")
    handed_over_on = forms.DateField(label="Datum overdracht", widget=DATE, initial=clock.today)
    warm = forms.BooleanField(
        label="Warme overdracht (gesprek met gezin en nieuwe partij)", required=False
    )
    note = forms.CharField(
        label="Toelichting", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CloseServiceForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    conclusion = forms.CharField(label="Conclusie", widget=forms.Textarea)

    def __init__(self, *args, violence_forms=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.violence_forms = list(violence_forms)
        for form in self.violence_forms:
            self.fields[f"finding_{form.pk}"] = forms.ChoiceField(
                label=f"Uitkomst: {form.name}",
                choices=[("", "— kies —"), *InvestigationFinding.choices],
            )

    def findings(self) -> dict[int, str]:
        return {f.pk: self.cleaned_data[f"finding_{f.pk}"] for f in self.violence_forms}


class EvaluationForm(forms.Form):
    done_on = forms.DateField(label="Datum evaluatie", widget=DATE, initial=clock.today)
    score_family = forms.IntegerField(
        label="Veiligheidscijfer gezin (1–10)", min_value=1, max_value=10, required=False
    )
    score_professionals = forms.IntegerField(
        label="Veiligheidscijfer professionals (1–10)", min_value=1, max_value=10, required=False
    )
    note = forms.CharField(
        label="Toelichting", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ExtendForm(forms.Form):
    until = forms.DateField(label="Nieuwe termijn", widget=DATE)
    # The due date the professional saw: a term extended by someone else since is refused.
    seen_due_on = forms.DateField(required=False, widget=forms.HiddenInput)
    reason = forms.CharField(label="Reden verlenging", widget=forms.Textarea(attrs={"rows": 2}))

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until < clock.today():
            raise ValidationError("De nieuwe termijn ligt in het verleden.")
        return until


class SearchForm(forms.Form):
    bsn = forms.CharField(label="BSN", required=False, max_length=9, validators=[validate_bsn])
    surname = forms.CharField(label="Achternaam (begin)", required=False, max_length=200)
    given_names = forms.CharField(label="Voornaam", required=False, max_length=200)
    date_of_birth = forms.DateField(
        label="Geboortedatum",
        required=False,
        widget=DATE,
        error_messages={"invalid": "Geef een geldige datum."},
    )

    def clean_surname(self):
        surname = self.cleaned_data["surname"].strip()
        if surname and len(surname) < 2:
            raise ValidationError("Geef ten minste twee letters van de achternaam.")
        return surname

    def clean(self):
        data = super().clean()
        if not self.errors and not (
            data.get("bsn") or data.get("surname") or data.get("date_of_birth")
        ):
            raise ValidationError("Zoek op BSN, op achternaam of op geboortedatum.")
        return data
