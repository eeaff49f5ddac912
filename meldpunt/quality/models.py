"""Client and partner satisfaction surveys and the complaints register."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class SurveyKind(models.TextChoices):
    CLIENT = "client", "Cliënttevredenheid"
    PARTNER = "partner", "Partnertevredenheid"


class Respondent(models.TextChoices):
    FAMILY = "family", "Gezinslid"
    REPORTER = "reporter", "Melder"
    PARTNER = "partner", "Gemeente of ketenpartner"


class SurveyInvitation(models.Model):
    """A one-time link. Only the token's hash is stored; the link shows no personal data."""

    kind = models.CharField("soort", max_length=12, choices=SurveyKind.choices)
    respondent = models.CharField("respondent", max_length=12, choices=Respondent.choices)
    service = models.ForeignKey(
        "process.Service",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_invitations",
    )
    municipality = models.ForeignKey(
        "reference.Municipality", null=True, blank=True, on_delete=models.PROTECT
    )
    team = models.ForeignKey("access.Team", null=True, blank=True, on_delete=models.SET_NULL)
    partner_name = models.CharField(
        "gemeente of ketenpartner", max_length=200, blank=True, help_text="Alleen bij partners."
    )
    token_hash = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField("verstuurd")
    expires_at = models.DateTimeField("verloopt")
    channel = models.CharField(
        "verzonden per", max_length=8, choices=[("email", "E-mail"), ("letter", "Brief")]
    )
    used_at = models.DateTimeField("ingevuld", null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "uitnodiging tevredenheidsonderzoek"
        verbose_name_plural = "uitnodigingen tevredenheidsonderzoek"
        indexes = [models.Index(fields=["kind", "sent_at"])]


class SurveyResponse(models.Model):
    invitation = models.OneToOneField(
        SurveyInvitation, on_delete=models.CASCADE, related_name="response"
    )
    # The two marks of quality/questions.py: for clients the service and how they were
    # treated, for partners the cooperation and the reachability.
    score_service = models.PositiveSmallIntegerField("cijfer vraag 1 (hulp / samenwerking)")
    score_treatment = models.PositiveSmallIntegerField(
        "cijfer vraag 2 (bejegening / bereikbaarheid)"
    )
    comment = models.TextField("toelichting", blank=True)
    answered_at = models.DateTimeField("beantwoord")

    class Meta:
        verbose_name = "antwoord tevredenheidsonderzoek"
        verbose_name_plural = "antwoorden tevredenheidsonderzoek"
        constraints = [
            models.CheckConstraint(
                condition=Q(score_service__gte=1, score_service__lte=10),
                name="survey_service_1_to_10",
            ),
            models.CheckConstraint(
                condition=Q(score_treatment__gte=1, score_treatment__lte=10),
                name="survey_treatment_1_to_10",
            ),
        ]


class ComplaintStage(models.TextChoices):
    RECEIVED = "received", "Ontvangen"
    INTERNAL = "internal", "Intern behandeld"
    COMMITTEE = "committee", "Bij de externe klachtencommissie"
    DECIDED = "decided", "Uitspraak gedaan"
    WITHDRAWN = "withdrawn", "Ingetrokken"


class ComplaintQuerySet(models.QuerySet):
    def visible_to(self, user):
        from meldpunt.access.roles import Right

        return self if user.can(Right.VIEW_COMPLAINTS) else self.none()


class Complaint(models.Model):
    """A complaint; visible to the complaints officer and management only."""

    received_on = models.DateField("ontvangen")
    case = models.ForeignKey(
        "registry.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="complaints"
    )
    summary = models.TextField("klacht")
    stage = models.CharField(
        "stand", max_length=12, choices=ComplaintStage.choices, default=ComplaintStage.RECEIVED
    )
    handled_internally_on = models.DateField("intern afgehandeld", null=True, blank=True)
    committee_on = models.DateField("voorgelegd aan commissie", null=True, blank=True)
    decided_on = models.DateField("uitspraak", null=True, blank=True)
    well_founded = models.BooleanField("gegrond", null=True, blank=True)
    measures = models.TextField("maatregelen", blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = "klacht"
        verbose_name_plural = "klachten"
        indexes = [models.Index(fields=["committee_on"])]
