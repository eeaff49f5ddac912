"""What a file holds besides the process: the contact journal, documents, letters and the safety
conditions agreed with the family."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Channel(models.TextChoices):
    PHONE = "phone", "Telefoongesprek"
    CONVERSATION = "conversation", "Gesprek op kantoor"
    HOME_VISIT = "home_visit", "Huisbezoek"
    PARTNER_CONSULT = "partner_consult", "Overleg met ketenpartner"
    EMAIL = "email", "E-mail"
    OTHER = "other", "Anders"


class CaseScopedQuerySet(models.QuerySet):
    def visible_to(self, user):
        from meldpunt.access.visibility import case_filter

        return self.filter(case_filter(user, prefix="case__"))


class JournalEntry(models.Model):
    """One contact (contactjournaal). Corrections keep the earlier text as a revision."""

    case = models.ForeignKey("registry.Case", on_delete=models.CASCADE, related_name="journal")
    report = models.ForeignKey(
        "registry.Report", null=True, blank=True, on_delete=models.SET_NULL, related_name="journal"
    )
    occurred_at = models.DateTimeField("datum en tijd")
    channel = models.CharField("kanaal", max_length=20, choices=Channel.choices)
    participants = models.CharField("deelnemers", max_length=300)
    note = models.TextField("verslag")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("vastgelegd")
    version = models.PositiveIntegerField(default=0)

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "journaalregel"
        verbose_name_plural = "contactjournaal"
        ordering = ["-occurred_at", "-id"]


class JournalRevision(models.Model):
    """The text of a journal entry before a correction (append-only)."""

    entry = models.ForeignKey(JournalEntry, on_delete=models.CASCADE, related_name="revisions")
    participants = models.CharField(max_length=300)
    note = models.TextField()
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    corrected_at = models.DateTimeField()
    reason = models.TextField()

    class Meta:
        ordering = ["corrected_at", "id"]


class Document(models.Model):
    """An uploaded file, stored privately and served only through an access-checked view."""

    case = models.ForeignKey("registry.Case", on_delete=models.CASCADE, related_name="documents")
    report = models.ForeignKey(
        "registry.Report",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    title = models.CharField("titel", max_length=200)
    filename = models.CharField("bestandsnaam", max_length=200)
    content_type = models.CharField("soort", max_length=100)
    size = models.PositiveIntegerField("grootte (bytes)")
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=300, unique=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("geüpload")

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "document"
        verbose_name_plural = "documenten"
        ordering = ["-uploaded_at", "-id"]


class SafetyCondition(models.Model):
    """A safety condition (veiligheidsvoorwaarde) agreed with the family in a service."""

    service = models.ForeignKey(
        "process.Service", on_delete=models.CASCADE, related_name="safety_conditions"
    )
    description = models.TextField("voorwaarde")
    responsible = models.CharField("verantwoordelijk", max_length=200)
    agreed_on = models.DateField("afgesproken op")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "veiligheidsvoorwaarde"
        verbose_name_plural = "veiligheidsvoorwaarden"
        ordering = ["agreed_on", "id"]


class ConditionScore(models.Model):
    """How a safety condition was met at a monitoring evaluation (1-10)."""

    evaluation = models.ForeignKey(
        "process.Evaluation", on_delete=models.CASCADE, related_name="condition_scores"
    )
    condition = models.ForeignKey(SafetyCondition, on_delete=models.CASCADE, related_name="scores")
    score = models.PositiveSmallIntegerField("cijfer")

    class Meta:
        verbose_name = "score veiligheidsvoorwaarde"
        verbose_name_plural = "scores veiligheidsvoorwaarden"
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "condition"], name="one_score_per_condition"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=10), name="condition_score_1_to_10"
            ),
        ]


class LetterKind(models.TextChoices):
    FEEDBACK_REPORTER = "feedback_reporter", "Terugkoppeling aan de melder"
    INFORM_INVOLVED = "inform_involved", "Informeren betrokkenen over de melding"
    INVESTIGATION_OUTCOME = "investigation_outcome", "Uitkomst van het Onderzoek"
    HANDOVER_CONFIRMATION = "handover_confirmation", "Bevestiging van de overdracht"


class LetterTemplate(models.Model):
    """A Dutch letter an organisation can edit. Placeholders: see casefile/letters.py."""

    kind = models.CharField("soort", max_length=32, choices=LetterKind.choices, unique=True)
    subject = models.CharField("onderwerp", max_length=200)
    body = models.TextField("tekst")

    class Meta:
        verbose_name = "briefsjabloon"
        verbose_name_plural = "briefsjablonen"


class Letter(models.Model):
    case = models.ForeignKey("registry.Case", on_delete=models.CASCADE, related_name="letters")
    report = models.ForeignKey("registry.Report", on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField("soort", max_length=32, choices=LetterKind.choices)
    addressee = models.CharField("aan", max_length=300)
    subject = models.CharField("onderwerp", max_length=200)
    text = models.TextField("tekst")
    document = models.OneToOneField(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="letter"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("gemaakt")
    sent_on = models.DateField("verzonden op", null=True, blank=True)

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "brief"
        verbose_name_plural = "brieven"
        ordering = ["-created_at", "-id"]
