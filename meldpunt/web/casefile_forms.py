"""Forms for the file and the team: journal, documents, letters, safety conditions, assignment,
cover and routing. Shape only, in Dutch; the services check the rules."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from meldpunt import clock
from meldpunt.access.models import Team, User
from meldpunt.access.roles import Right, roles_with
from meldpunt.casefile.models import Channel, LetterKind
from meldpunt.registry.models import Person
from meldpunt.web.forms import DATE, DATETIME, _now_local

TEXT2 = forms.Textarea(attrs={"rows": 2})
TEXT4 = forms.Textarea(attrs={"rows": 4})


def _case_workers():
    """Active users whose roles let them carry files."""
    return (
        User.objects.filter(
            is_active=True, role_grants__role__in=[str(r) for r in roles_with(Right.VIEW_CASES)]
        )
        .distinct()
        .order_by("first_name", "last_name")
    )


class JournalForm(forms.Form):
    occurred_at = forms.DateTimeField(
        label="Datum en tijd van het contact",
        widget=DATETIME,
        initial=_now_local,
        error_messages={
            "required": "Vul datum en tijd in.",
            "invalid": "Vul een geldig tijdstip in.",
        },
    )
    channel = forms.ChoiceField(
        label="Kanaal",
        choices=[("", "— kies —"), *Channel.choices],
        error_messages={"required": "Kies een kanaal."},
    )
    participants = forms.CharField(
        label="Wie deden mee",
        max_length=300,
        required=False,
        help_text="Bijvoorbeeld: moeder, casusregisseur, wijkteam.",
    )
    note = forms.CharField(
        label="Verslag", widget=TEXT4, error_messages={"required": "Schrijf een verslag."}
    )
    report = forms.ModelChoiceField(
        queryset=None, label="Bij melding", required=False, empty_label="— het hele dossier —"
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report"].queryset = case.reports.order_by("-received_at")


class JournalCorrectionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    participants = forms.CharField(label="Wie deden mee", max_length=300, required=False)
    note = forms.CharField(
        label="Verslag (gecorrigeerd)",
        widget=TEXT4,
        error_messages={"required": "Het verslag mag niet leeg zijn."},
    )
    reason = forms.CharField(
        label="Reden van de correctie",
        widget=TEXT2,
        error_messages={"required": "Geef de reden van de correctie."},
    )


class DocumentForm(forms.Form):
    title = forms.CharField(
        label="Titel", max_length=200, error_messages={"required": "Geef het document een titel."}
    )
    file = forms.FileField(
        label="Bestand",
        help_text="PDF, PNG, JPEG of Word (docx); het type wordt aan de inhoud herkend.",
        error_messages={"required": "Kies een bestand.", "empty": "Het bestand is leeg."},
    )
    report = forms.ModelChoiceField(
        queryset=None, label="Bij melding", required=False, empty_label="— het hele dossier —"
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report"].queryset = case.reports.order_by("-received_at")
        self.fields["file"].widget.attrs["accept"] = ".pdf,.png,.jpg,.jpeg,.docx"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.DOCUMENT_MAX_BYTES
        if upload.size > limit:  # refused before the bytes are read
            raise ValidationError(
                f"Het bestand is te groot ({upload.size // 1024} kB); "
                f"het maximum is {limit // (1024 * 1024)} MB."
            )
        return upload


class LetterForm(forms.Form):
    kind = forms.ChoiceField(
        label="Soort brief",
        choices=[("", "— kies —"), *LetterKind.choices],
        error_messages={"required": "Kies een soort brief."},
    )
    person = forms.ModelChoiceField(
        queryset=None,
        label="Aan (betrokkene)",
        required=False,
        empty_label="— de melder —",
        help_text="Laat leeg voor de terugkoppeling aan de melder.",
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(
            involvements__report=report
        ).order_by("date_of_birth", "pk")


class LetterSentForm(forms.Form):
    sent_on = forms.DateField(
        label="Verzonden op",
        widget=DATE,
        initial=clock.today,
        error_messages={
            "required": "Vul de verzenddatum in.",
            "invalid": "Geef een geldige datum.",
        },
    )


class SafetyConditionForm(forms.Form):
    description = forms.CharField(
        label="Voorwaarde",
        widget=TEXT2,
        error_messages={"required": "Beschrijf de voorwaarde."},
    )
    responsible = forms.CharField(
        label="Wie is verantwoordelijk",
        max_length=200,
        error_messages={"required": "Geef aan wie verantwoordelijk is."},
    )
    agreed_on = forms.DateField(
        label="Afgesproken op",
        widget=DATE,
        initial=clock.today,
        error_messages={"required": "Vul de datum in.", "invalid": "Geef een geldige datum."},
    )


class ConditionScoresForm(forms.Form):
    """One score (1-10) per safety condition of the service the monitoring follows."""

    def __init__(self, *args, conditions, **kwargs):
        super().__init__(*args, **kwargs)
        self.conditions = list(conditions)
        for condition in self.conditions:
            self.fields[f"c{condition.pk}"] = forms.IntegerField(
                label=f"{condition.description} ({condition.responsible})",
                min_value=1,
                max_value=10,
                error_messages={
                    "required": "Geef een cijfer.",
                    "min_value": "Een cijfer loopt van 1 tot en met 10.",
                    "max_value": "Een cijfer loopt van 1 tot en met 10.",
                },
            )

    def scores(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.conditions}


class AssignForm(forms.Form):
    to_user = forms.ModelChoiceField(
        queryset=None, label="Medewerker", required=False, empty_label="— niet wijzigen —"
    )
    to_team = forms.ModelChoiceField(
        queryset=Team.objects.all(), label="Team", required=False, empty_label="— niet wijzigen —"
    )
    reason = forms.CharField(label="Reden", widget=TEXT2, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_user"].queryset = _case_workers()

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("to_user") or data.get("to_team")):
            raise ValidationError("Kies een medewerker of een team.")
        return data


class CoverForm(forms.Form):
    absent = forms.ModelChoiceField(
        queryset=None, label="Afwezige collega", error_messages={"required": "Kies wie afwezig is."}
    )
    covering = forms.ModelChoiceField(
        queryset=None, label="Vervanger", error_messages={"required": "Kies de vervanger."}
    )
    starts_on = forms.DateField(
        label="Vanaf",
        widget=DATE,
        initial=clock.today,
        error_messages={"required": "Vul de begindatum in.", "invalid": "Geef een geldige datum."},
    )
    ends_on = forms.DateField(
        label="Tot en met",
        widget=DATE,
        error_messages={"required": "Vul de einddatum in.", "invalid": "Geef een geldige datum."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["absent"].queryset = _case_workers()
        self.fields["covering"].queryset = _case_workers()


class TransferForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    to_organisation = forms.CharField(
        label="Naar Veilig Thuis-organisatie",
        max_length=200,
        help_text="Bijvoorbeeld: Veilig Thuis Utrecht.",
        error_messages={
            "required": "Geef aan naar welke Veilig Thuis-organisatie de melding gaat."
        },
    )
    reason = forms.CharField(
        label="Reden en overdracht",
        widget=TEXT2,
        error_messages={"required": "Geef de reden."},
    )


class ReturnToPoliceForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Reden (niet voor Veilig Thuis)",
        widget=TEXT2,
        error_messages={"required": "Geef de reden."},
    )
