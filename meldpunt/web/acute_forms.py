"""Forms of acute work (restraining orders, crisis interventions, hearings, information
requests, family interventions): shape only, in Dutch; the services check the rules."""

from __future__ import annotations

from django import forms

from meldpunt.acute.models import (
    Advice,
    Aftermath,
    CrisisOutcome,
    EndReason,
    InformationSource,
    InterventionKind,
)
from meldpunt.reference.models import HandoverDestination, Municipality
from meldpunt.registry.validators import normalise_postcode
from meldpunt.web.forms import DATE, DATETIME, _now_local

TEXT2 = forms.Textarea(attrs={"rows": 2})


def _moment(label: str, *, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        widget=DATETIME,
        required=required,
        initial=_now_local if required else None,
        error_messages={
            "required": "Vul datum en tijd in.",
            "invalid": "Vul een geldige datum en tijd in.",
        },
    )


def _municipality() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label="Gemeente",
        queryset=Municipality.objects.filter(served=True).order_by("name"),
        error_messages={"required": "Kies de gemeente.", "invalid_choice": "Kies een gemeente."},
    )


class RestrainingOrderForm(forms.Form):
    imposed_at = _moment("Opgelegd op")
    municipality = _municipality()
    police_reference = forms.CharField(label="Registratienummer politie", required=False)
    removed_person = forms.TypedChoiceField(label="Uithuisgeplaatste", coerce=int)
    staying_behind = forms.TypedMultipleChoiceField(
        label="Achterblijvers (ook kinderen)",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    street = forms.CharField(label="Straat")
    house_number = forms.CharField(label="Huisnummer")
    postcode = forms.CharField(label="Postcode", required=False)
    city = forms.CharField(label="Plaats")

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(p.pk, f"{p.full_name or 'Naam onbekend'} ({role})") for p, role in people]
        self.fields["removed_person"].choices = choices
        self.fields["staying_behind"].choices = choices

    def clean_postcode(self):
        return normalise_postcode(self.cleaned_data["postcode"])


class OfferHelpForm(forms.Form):
    to = forms.ChoiceField(
        label="Hulp aangeboden aan",
        choices=[("removed", "De uithuisgeplaatste"), ("staying", "De achterblijvers")],
    )
    offered_at = _moment("Op")


class AdviseForm(forms.Form):
    advice = forms.ChoiceField(label="Advies aan de burgemeester", choices=Advice.choices)
    advised_at = _moment("Gegeven op")
    note = forms.CharField(label="Toelichting", required=False, widget=TEXT2)


class ExtendOrderForm(forms.Form):
    decided_at = _moment("Besluit burgemeester op")
    until = _moment("Verlengd tot")


class EndOrderForm(forms.Form):
    reason = forms.ChoiceField(label="Reden", choices=EndReason.choices)
    ended_at = _moment("Geëindigd op")


class CloseOrderForm(forms.Form):
    aftermath = forms.ChoiceField(label="Wat gebeurde daarna", choices=Aftermath.choices)
    new_order = forms.IntegerField(
        label="Nieuw huisverbod (nummer, alleen bij een nieuw huisverbod)", required=False
    )
    note = forms.CharField(label="Toelichting", required=False, widget=TEXT2)


class ContributionForm(forms.Form):
    started_at = _moment("Begin inzet")
    ended_at = _moment("Einde inzet", required=False)
    note = forms.CharField(label="Toelichting", required=False, widget=TEXT2)


class CrisisShortForm(forms.Form):
    called_at = _moment("Melding binnengekomen")
    municipality = _municipality()
    summary = forms.CharField(label="Korte omschrijving", widget=TEXT2)
    report_number = forms.CharField(
        label="Melding (nummer, als die er al is)",
        required=False,
        help_text="Bijvoorbeeld M-0000012",
    )

    def clean_report_number(self):
        value = self.cleaned_data["report_number"].strip().upper()
        if not value:
            return None
        digits = value.removeprefix("M-")
        if not digits.isdigit():
            raise forms.ValidationError("Een meldingsnummer ziet eruit als M-0000012.")
        return int(digits)


class CrisisCompleteForm(forms.Form):
    on_site_at = _moment("Ter plaatse")
    outcome = forms.ChoiceField(label="Uitkomst", choices=CrisisOutcome.choices)
    outcome_note = forms.CharField(label="Toelichting", required=False, widget=TEXT2)
    # When the form was last completed, as the professional saw it (the form's version): a
    # completion saved by someone else since is not overwritten.
    seen = forms.CharField(required=False, widget=forms.HiddenInput)

    @staticmethod
    def version_of(intervention) -> str:
        return intervention.completed_at.isoformat() if intervention.completed_at else ""


class CrisisHandoverForm(forms.Form):
    handed_over_at = _moment("Overgedragen op")
    destination = forms.ModelChoiceField(
        label="Aan", queryset=HandoverDestination.objects.all(), empty_label=None
    )


class HearingRequestForm(forms.Form):
    requested_at = _moment("Verzoek ontvangen")
    municipality = _municipality()


class HearingRecordForm(forms.Form):
    heard_at = _moment("Gehoord op", required=False)
    not_heard_reason = forms.CharField(
        label="Of: waarom horen niet kon", required=False, widget=TEXT2
    )
    report_sent_at = _moment("Verslag verstuurd op", required=False)


class InformationRequestForm(forms.Form):
    source = forms.ChoiceField(label="Bij", choices=InformationSource.choices)
    question = forms.CharField(label="Vraag", widget=TEXT2)


class AnswerForm(forms.Form):
    answer = forms.CharField(label="Antwoord", widget=TEXT2)
    answered_by = forms.CharField(label="Beantwoord door")


class BrpLookupForm(forms.Form):
    bsn = forms.CharField(label="BSN", max_length=9)


class FamilyInterventionForm(forms.Form):
    kind = forms.ChoiceField(label="Interventie", choices=InterventionKind.choices)
    started_on = forms.DateField(label="Gestart", widget=DATE)
    lead_organisation = forms.CharField(label="Regievoerende organisatie", required=False)
    vt_leads = forms.BooleanField(label="Veilig Thuis heeft de procesregie", required=False)
    note = forms.CharField(label="Toelichting", required=False, widget=TEXT2)


class EndInterventionForm(forms.Form):
    ended_on = forms.DateField(label="Beëindigd", widget=DATE)
