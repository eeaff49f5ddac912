"""Forms of the satisfaction survey, the complaints register and the year plan's entries."""

from __future__ import annotations

from django import forms

from meldpunt.quality.models import ComplaintStage, Respondent
from meldpunt.reference.models import Municipality
from meldpunt.web.forms import DATE

MARKS = [(n, str(n)) for n in range(1, 11)]


class SurveyForm(forms.Form):
    """The public survey: two marks from 1 to 10 and an optional comment."""

    score_service = forms.TypedChoiceField(
        choices=MARKS, coerce=int, widget=forms.RadioSelect, error_messages={
            "required": "Kies een cijfer van 1 tot en met 10.",
            "invalid_choice": "Kies een cijfer van 1 tot en met 10.",
        }
    )  # fmt: skip
    score_treatment = forms.TypedChoiceField(
        choices=MARKS, coerce=int, widget=forms.RadioSelect, error_messages={
            "required": "Kies een cijfer van 1 tot en met 10.",
            "invalid_choice": "Kies een cijfer van 1 tot en met 10.",
        }
    )  # fmt: skip
    comment = forms.CharField(
        label="Wilt u nog iets kwijt? (niet verplicht)",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Noem liever geen namen.",
    )

    def __init__(self, *args, questions: tuple[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["score_service"].label = questions[0]
        self.fields["score_treatment"].label = questions[1]


class InviteForm(forms.Form):
    respondent = forms.ChoiceField(
        label="Wie nodigt u uit?",
        choices=[(Respondent.FAMILY, "Een gezinslid"), (Respondent.REPORTER, "De melder")],
    )
    channel = forms.ChoiceField(
        label="Hoe?",
        choices=[("email", "Per e-mail"), ("letter", "Per brief met QR-code (PDF om te printen)")],
        widget=forms.RadioSelect,
        initial="email",
    )
    email = forms.EmailField(
        label="E-mailadres",
        required=False,
        help_text="Wordt alleen gebruikt om de link te sturen en niet bewaard.",
    )


class PartnerInviteForm(forms.Form):
    municipality = forms.ModelChoiceField(
        Municipality.objects.filter(served=True).order_by("name"),
        label="Gemeente",
        required=False,
    )
    partner_name = forms.CharField(
        label="Of: ketenpartner", required=False, max_length=200, help_text="Bijv. Politie Eenheid"
    )
    email = forms.EmailField(label="E-mailadres van de contactpersoon")


class ComplaintForm(forms.Form):
    received_on = forms.DateField(label="Ontvangen op", widget=DATE)
    summary = forms.CharField(label="Klacht", widget=forms.Textarea(attrs={"rows": 5}))
    case_number = forms.CharField(
        label="Dossier- of meldingnummer (als de klacht over een zaak gaat)",
        required=False,
        max_length=20,
        help_text="Bijv. D-0000123 of M-0000456.",
    )


class AdvanceComplaintForm(forms.Form):
    stage = forms.ChoiceField(
        label="Nieuwe stand",
        choices=[
            (ComplaintStage.INTERNAL, ComplaintStage.INTERNAL.label),
            (ComplaintStage.COMMITTEE, ComplaintStage.COMMITTEE.label),
            (ComplaintStage.DECIDED, ComplaintStage.DECIDED.label),
            (ComplaintStage.WITHDRAWN, ComplaintStage.WITHDRAWN.label),
        ],
    )
    on = forms.DateField(label="Datum", widget=DATE)
    well_founded = forms.TypedChoiceField(
        label="Uitspraak",
        required=False,
        choices=[("", "—"), ("1", "Gegrond"), ("0", "Ongegrond")],
        coerce=lambda v: v == "1",
        empty_value=None,
    )
    measures = forms.CharField(
        label="Maatregelen", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class PlanEntryForm(forms.Form):
    """An owner's value for one period: a number, yes/no, or a progress text (with the owner's
    judgement whether it is on track)."""

    number = forms.FloatField(label="Waarde", required=False, localize=True)
    yes_no = forms.TypedChoiceField(
        label="Gehaald?",
        required=False,
        choices=[("", "—"), ("1", "Ja"), ("0", "Nee")],
        coerce=lambda v: v == "1",
        empty_value=None,
    )
    text = forms.CharField(
        label="Voortgang (toelichting)", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    judged_on_track = forms.TypedChoiceField(
        label="Op koers?",
        required=False,
        choices=[("", "—"), ("1", "Ja, op koers"), ("0", "Nee, niet op koers")],
        coerce=lambda v: v == "1",
        empty_value=None,
    )
