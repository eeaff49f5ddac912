from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from meldpunt.access.roles import (
    APPROVER_POLICY_LABELS,
    QUALIFICATION_LABELS,
    ROLE_LABELS,
    ApproverPolicy,
    Qualification,
    Right,
    Role,
    allows,
    effective_roles,
)


class Team(models.Model):
    name = models.CharField("naam", max_length=100, unique=True)
    work_area = models.ForeignKey(
        "reference.WorkArea",
        verbose_name="werkgebied",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )

    class Meta:
        verbose_name = "team"
        verbose_name_plural = "teams"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A professional or a system client. Roles are data: one `RoleGrant` row per role."""

    team = models.ForeignKey(
        Team,
        verbose_name="team",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    qualification = models.CharField(
        "discipline",
        max_length=24,
        choices=[(q.value, QUALIFICATION_LABELS[q]) for q in Qualification],
        default=Qualification.PROFESSIONAL,
        help_text="Bepaalt samen met het accordeerbeleid wie als tweede professional accordeert.",
    )

    class Meta:
        verbose_name = "gebruiker"
        verbose_name_plural = "gebruikers"

    @property
    def roles(self) -> frozenset[Role]:
        cached = getattr(self, "_roles_cache", None)
        if cached is None:
            if not self.pk or not self.is_active:
                cached = frozenset()
            else:
                granted = list(self.role_grants.values_list("role", flat=True))
                policy = access_settings().approver_policy if Role.APPROVER in granted else ""
                cached = effective_roles(
                    granted, qualification=self.qualification, policy=policy or "senior"
                )
            self._roles_cache = cached
        return cached

    def has_role(self, role: Role) -> bool:
        return role in self.roles

    def can(self, right: Right) -> bool:
        return allows(self.roles, right)

    @property
    def role_labels(self) -> str:
        return ", ".join(sorted(ROLE_LABELS[r] for r in self.roles))

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class RoleGrant(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField("rol", max_length=32, choices=[(r.value, ROLE_LABELS[r]) for r in Role])

    class Meta:
        verbose_name = "rol"
        verbose_name_plural = "rollen"
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="one_grant_per_role")]


class AuditEntry(models.Model):
    """One line of the audit trail (NEN 7513): who, when, from where, which files and persons,
    which action. Ids and event codes only, never names or free text, so entries outlive a purge.

    Append-only: the application has no update or delete path for these rows; on PostgreSQL the
    application's role has only INSERT and SELECT on the table (`meldpunt dbroles`), and sealed
    blocks (`AuditSeal`) make any change detectable (`meldpunt audit verify`).
    """

    at = models.DateTimeField("tijdstip", db_index=True)
    actor_id = models.BigIntegerField("gebruiker-id", null=True, db_index=True)
    event = models.CharField("gebeurtenis", max_length=64, db_index=True)
    subject_type = models.CharField("soort object", max_length=64)
    subject_id = models.BigIntegerField("object-id", null=True)
    # ",12,40," so that one id is found with a plain LIKE on every database.
    case_ids = models.CharField("dossier-ids", max_length=2000, blank=True, default="")
    person_ids = models.CharField("persoon-ids", max_length=4000, blank=True, default="")
    details = models.JSONField("details", default=dict)
    remote_addr = models.GenericIPAddressField("adres", null=True, blank=True)
    channel = models.CharField("kanaal", max_length=8, blank=True, default="")

    class Meta:
        verbose_name = "auditregel"
        verbose_name_plural = "audittrail"
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def save(self, *args, **kwargs):  # noqa: D401 - refusing updates is the point
        if self.pk is not None:
            raise RuntimeError("Audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Audit entries are append-only")

    @staticmethod
    def ids(text: str) -> list[int]:
        return [int(part) for part in text.strip(",").split(",") if part]


class AuditSeal(models.Model):
    """A sealed block of the trail: an HMAC over the block's entries and the previous seal,
    with a key kept outside the database."""

    number = models.PositiveIntegerField("bloknummer", unique=True)
    first_entry_id = models.BigIntegerField("eerste regel")
    last_entry_id = models.BigIntegerField("laatste regel")
    entry_count = models.PositiveIntegerField("aantal regels")
    previous_mac = models.CharField("vorige zegel", max_length=64)
    mac = models.CharField("zegel", max_length=64)
    sealed_at = models.DateTimeField("verzegeld")

    class Meta:
        verbose_name = "auditzegel"
        verbose_name_plural = "auditzegels"
        ordering = ["number"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Audit seals are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Audit seals are append-only")


class AccessSettings(models.Model):
    """The organisation's privacy and access choices (one row), editable by the functional
    administrator."""

    approver_policy = models.CharField(
        "wie accordeert als tweede professional",
        max_length=16,
        choices=[(p.value, APPROVER_POLICY_LABELS[p]) for p in ApproverPolicy],
        default=ApproverPolicy.SENIOR,
    )
    retention_years = models.PositiveSmallIntegerField(
        "bewaartermijn dossiers (jaren)",
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text="Wmo 2015: 20 jaar na het einde van de bemoeienis.",
    )
    retention_years_no_violence = models.PositiveSmallIntegerField(
        "bewaartermijn zonder vastgesteld geweld (jaren)",
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text="Voor dossiers waarin geen geweld is vastgesteld; mag korter dan de gewone "
        "termijn als de organisatie daartoe besluit.",
    )
    emergency_access_hours = models.PositiveSmallIntegerField(
        "duur noodtoegang (uren)",
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(72)],
    )

    class Meta:
        verbose_name = "privacy-instellingen"
        verbose_name_plural = "privacy-instellingen"


def access_settings() -> AccessSettings:
    settings_row = AccessSettings.objects.order_by("pk").first()
    return settings_row if settings_row is not None else AccessSettings()


class FactKind(models.TextChoices):
    REPORT = "report", "Melding"
    ADVICE = "advice", "Adviesvraag"


class StatisticalFact(models.Model):
    """What remains of a destroyed report or advice request: anonymous facts only, so the
    KPIs and CBS figures of past years stay right after `meldpunt purge` (docs/security.md).
    No names, no free text, no ids of the destroyed rows: `group` is a fresh random number shared
    by the reports of one destroyed file, for counting households."""

    kind = models.CharField("soort", max_length=8, choices=FactKind.choices)
    group = models.BigIntegerField("anonieme groep (huishouden)")
    received_on = models.DateField("ontvangen op", db_index=True)
    municipality = models.ForeignKey(
        "reference.Municipality", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    work_area = models.ForeignKey(
        "reference.WorkArea", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reporter_group = models.CharField("CBS-categorie melder", max_length=32, blank=True)
    violence_categories = models.CharField("CBS-categorieën geweld", max_length=300, blank=True)
    prior_involvement = models.CharField("eerdere betrokkenheid", max_length=40, blank=True)
    final_status = models.CharField("laatste status", max_length=24, blank=True)
    source = models.CharField("bron", max_length=16, blank=True)
    facts = models.JSONField("feiten", default=dict)
    purged_on = models.DateField("vernietigd op")

    class Meta:
        verbose_name = "statistisch feit"
        verbose_name_plural = "statistische feiten"
        indexes = [models.Index(fields=["kind", "received_on"])]


class EmergencyAccess(models.Model):
    """Break the glass: a crisis-team member opens a file outside his normal rights (a shielded
    file), with a stated reason, for a limited time; the privacy officer reviews every one the
    next working day. Goes with the file when it is destroyed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="emergency_accesses"
    )
    case = models.ForeignKey(
        "registry.Case", on_delete=models.CASCADE, related_name="emergency_accesses"
    )
    reason = models.TextField("reden")
    started_at = models.DateTimeField("geopend")
    expires_at = models.DateTimeField("verloopt", db_index=True)
    review_due_on = models.DateField("controle uiterlijk")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField("gecontroleerd", null=True, blank=True)
    justified = models.BooleanField("terecht", null=True)
    review_note = models.TextField("bevinding", blank=True)

    class Meta:
        verbose_name = "noodtoegang"
        verbose_name_plural = "noodtoegang"
        ordering = ["started_at", "id"]


class AnnotationKind(models.TextChoices):
    DISPUTE = "dispute", "Betwist door betrokkene"
    STATEMENT = "statement", "Eigen verklaring van betrokkene"


class PersonAnnotation(models.Model):
    """What a person involved says about information in the file: disputed facts or their own
    statement, kept next to the file and shown wherever that information is shown."""

    person = models.ForeignKey(
        "registry.Person", on_delete=models.CASCADE, related_name="annotations"
    )
    report = models.ForeignKey(
        "registry.Report", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField("soort", max_length=12, choices=AnnotationKind.choices)
    concerns = models.CharField("betreft", max_length=200)
    text = models.TextField("tekst")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("vastgelegd")

    class Meta:
        verbose_name = "aantekening betrokkene"
        verbose_name_plural = "aantekeningen betrokkenen"
        ordering = ["recorded_at", "id"]


class PersonCorrection(models.Model):
    """A correction of a person's details at their request (rectification), with the value it
    replaced; goes with the person when the file is destroyed."""

    person = models.ForeignKey(
        "registry.Person", on_delete=models.CASCADE, related_name="corrections"
    )
    field = models.CharField("gegeven", max_length=40)
    old_value = models.CharField("oude waarde", max_length=200, blank=True)
    new_value = models.CharField("nieuwe waarde", max_length=200, blank=True)
    reason = models.TextField("reden")
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    corrected_at = models.DateTimeField("gecorrigeerd")

    class Meta:
        verbose_name = "correctie persoonsgegevens"
        verbose_name_plural = "correcties persoonsgegevens"
        ordering = ["corrected_at", "id"]


class ProcessingRestriction(models.Model):
    """Restriction of processing (AVG art. 18): while it holds, the person is left out of search
    results, linking and exports, and the file shows that processing is restricted."""

    person = models.OneToOneField(
        "registry.Person", on_delete=models.CASCADE, related_name="restriction"
    )
    reason = models.TextField("reden")
    since = models.DateTimeField("sinds")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "beperking van de verwerking"
        verbose_name_plural = "beperkingen van de verwerking"
