"""Acute work: temporary restraining orders, crisis interventions, hearings under the Wvggz,
information requests during the safety assessment and interventions around a family.

Every row hangs on a file (Case) or a report where one exists, so the register's one visibility
filter applies: a shielded file hides its orders and interventions too.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from meldpunt.acute.states import ORDER_STATUS_LABELS, OrderStatus


def acute_filter(user, *, prefix: str = "") -> Q:
    """Rows `user` may see: those on a file the user may see, and those not (yet) linked to a
    file for anyone with the right to see cases."""
    from meldpunt.access.roles import Right
    from meldpunt.access.visibility import case_filter

    if (
        user is None
        or not getattr(user, "is_authenticated", False)
        or not user.can(Right.VIEW_CASES)
    ):
        return Q(pk__in=[])
    return Q(**{f"{prefix}case__isnull": True}) | case_filter(user, prefix=f"{prefix}case__")


class AcuteQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(acute_filter(user))


class EndReason(models.TextChoices):
    EXPIRED = "expired", "Van rechtswege afgelopen"
    LIFTED = "lifted", "Ingetrokken door de burgemeester"
    ANNULLED = "annulled", "Opgeheven door de rechter"


class Aftermath(models.TextChoices):
    HANDOVER = "handover", "Overdracht aan het lokale veld of lopende hulp"
    SERVICE = "service", "Dienst van Veilig Thuis (V&V of Onderzoek)"
    NEW_ORDER = "new_order", "Nieuw huisverbod"
    NONE = "none", "Geen vervolg nodig"


class Advice(models.TextChoices):
    EXTEND = "extend", "Verlengen"
    DO_NOT_EXTEND = "do_not_extend", "Niet verlengen"


class RestrainingOrder(models.Model):
    """A temporary restraining order (tijdelijk huisverbod) imposed by a mayor."""

    case = models.ForeignKey(
        "registry.Case",
        verbose_name="dossier",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="restraining_orders",
    )
    report = models.ForeignKey(
        "registry.Report",
        verbose_name="politiemelding",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="restraining_orders",
    )
    municipality = models.ForeignKey(
        "reference.Municipality", verbose_name="opgelegd door gemeente", on_delete=models.PROTECT
    )
    imposed_at = models.DateTimeField("opgelegd op")
    police_reference = models.CharField("registratienummer politie", max_length=40, blank=True)
    removed_person = models.ForeignKey(
        "registry.Person",
        verbose_name="uithuisgeplaatste",
        on_delete=models.PROTECT,
        related_name="restraining_orders",
    )
    staying_behind = models.ManyToManyField(
        "registry.Person", verbose_name="achterblijvers", related_name="+", blank=True
    )
    street = models.CharField("straat", max_length=200)
    house_number = models.CharField("huisnummer", max_length=20)
    postcode = models.CharField("postcode", max_length=7, blank=True)
    city = models.CharField("plaats", max_length=100)
    status = models.CharField(
        "status",
        max_length=12,
        choices=[(s.value, ORDER_STATUS_LABELS[s]) for s in OrderStatus],
        default=OrderStatus.IMPOSED,
    )
    version = models.PositiveIntegerField("versie", default=0)
    original_ends_at = models.DateTimeField("einde 10 dagen")
    ends_at = models.DateTimeField("einde", db_index=True)
    advice_due_at = models.DateTimeField("advies verlenging uiterlijk")
    advice_warn_at = models.DateTimeField("waarschuwen vanaf")
    advised_at = models.DateTimeField("advies gegeven", null=True, blank=True)
    advice = models.CharField("advies", max_length=16, choices=Advice.choices, blank=True)
    extended_at = models.DateTimeField("verlenging besloten", null=True, blank=True)
    help_offered_removed_at = models.DateTimeField(
        "hulp aangeboden aan uithuisgeplaatste", null=True, blank=True
    )
    help_offered_staying_at = models.DateTimeField(
        "hulp aangeboden aan achterblijvers", null=True, blank=True
    )
    ended_at = models.DateTimeField("beëindigd", null=True, blank=True)
    end_reason = models.CharField(
        "reden einde", max_length=12, choices=EndReason.choices, blank=True
    )
    aftermath = models.CharField("nazorg", max_length=12, choices=Aftermath.choices, blank=True)
    new_order = models.ForeignKey(
        "self",
        verbose_name="nieuw huisverbod",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    out_of_hours = models.BooleanField("buiten kantoortijd opgelegd", default=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = AcuteQuerySet.as_manager()

    class Meta:
        verbose_name = "tijdelijk huisverbod"
        verbose_name_plural = "tijdelijke huisverboden"
        indexes = [
            models.Index(fields=["municipality", "imposed_at"]),
            models.Index(
                fields=["advice_due_at"],
                name="order_advice_open",
                condition=Q(advised_at__isnull=True, status="imposed"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("original_ends_at")), name="order_never_shortened"
            )
        ]

    @property
    def number(self) -> str:
        return f"HV-{self.pk:06d}"

    @property
    def is_extended(self) -> bool:
        return self.extended_at is not None

    def __str__(self) -> str:
        return self.number


class OrderTransition(models.Model):
    """Append-only history of a restraining order."""

    order = models.ForeignKey(RestrainingOrder, on_delete=models.CASCADE, related_name="history")
    action = models.CharField(max_length=16)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = "stap huisverbod"
        verbose_name_plural = "stappen huisverbod"
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["action", "at"])]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Order transitions are append-only")
        super().save(*args, **kwargs)


class OutOfHoursContribution(models.Model):
    """A contribution by the crisis team to a restraining order outside office hours."""

    order = models.ForeignKey(
        RestrainingOrder, on_delete=models.CASCADE, related_name="out_of_hours_contributions"
    )
    started_at = models.DateTimeField("begin")
    ended_at = models.DateTimeField("einde", null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="medewerker", on_delete=models.PROTECT
    )
    note = models.TextField("toelichting", blank=True)

    class Meta:
        verbose_name = "inzet buiten kantoortijd"
        verbose_name_plural = "inzet buiten kantoortijd"
        indexes = [models.Index(fields=["started_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("started_at")),
                name="contribution_ends_after_start",
            )
        ]


class CrisisOutcome(models.TextChoices):
    SAFETY_PLAN = "safety_plan", "Veiligheidsafspraken gemaakt"
    SHELTER = "shelter", "Opvang geregeld"
    RESTRAINING_ORDER = "restraining_order", "Tijdelijk huisverbod"
    CRISIS_CARE = "crisis_care", "Crisiszorg (ggz / jeugd)"
    PLACEMENT = "placement", "Uithuisplaatsing kind"
    NO_ACTION = "no_action", "Geen crisismaatregel nodig"


class CrisisIntervention(models.Model):
    """A crisis intervention: registered quickly (short form), completed later."""

    case = models.ForeignKey(
        "registry.Case",
        verbose_name="dossier",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="crisis_interventions",
    )
    report = models.ForeignKey(
        "registry.Report",
        verbose_name="melding",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="crisis_interventions",
    )
    municipality = models.ForeignKey(
        "reference.Municipality", verbose_name="gemeente", on_delete=models.PROTECT
    )
    called_at = models.DateTimeField("melding binnengekomen", db_index=True)
    on_site_at = models.DateTimeField("ter plaatse", null=True, blank=True)
    responders = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="uitgerukt", related_name="+", blank=True
    )
    summary = models.TextField("korte omschrijving")
    outcome = models.CharField("uitkomst", max_length=20, choices=CrisisOutcome.choices, blank=True)
    outcome_note = models.TextField("toelichting uitkomst", blank=True)
    completed_at = models.DateTimeField("volledig vastgelegd", null=True, blank=True)
    handed_over_at = models.DateTimeField("overgedragen", null=True, blank=True)
    handover_destination = models.ForeignKey(
        "reference.HandoverDestination",
        verbose_name="overgedragen aan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    handover_due_at = models.DateTimeField("overdracht uiterlijk")
    handover_warn_at = models.DateTimeField("waarschuwen vanaf")
    out_of_hours = models.BooleanField("buiten kantoortijd", default=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = AcuteQuerySet.as_manager()

    class Meta:
        verbose_name = "crisisinterventie"
        verbose_name_plural = "crisisinterventies"
        indexes = [
            models.Index(fields=["municipality", "called_at"]),
            models.Index(
                fields=["handover_due_at"],
                name="crisis_handover_open",
                condition=Q(handed_over_at__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(on_site_at__isnull=True) | Q(on_site_at__gte=F("called_at")),
                name="on_site_after_call",
            ),
            models.CheckConstraint(
                condition=Q(handed_over_at__isnull=True) | Q(handed_over_at__gte=F("called_at")),
                name="handover_after_call",
            ),
        ]

    @property
    def number(self) -> str:
        return f"CI-{self.pk:06d}"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None

    @property
    def handed_over_in_time(self) -> bool | None:
        if self.handed_over_at is None:
            return None
        return self.handed_over_at <= self.handover_due_at

    def __str__(self) -> str:
        return self.number


class Hearing(models.Model):
    """The hearing function under the Wvggz, on behalf of the mayor."""

    case = models.ForeignKey(
        "registry.Case",
        verbose_name="dossier",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hearings",
    )
    municipality = models.ForeignKey(
        "reference.Municipality", verbose_name="namens burgemeester van", on_delete=models.PROTECT
    )
    person = models.ForeignKey(
        "registry.Person",
        verbose_name="te horen persoon",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField("verzoek ontvangen", db_index=True)
    heard_at = models.DateTimeField("gehoord", null=True, blank=True)
    heard_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="gehoord door",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    not_heard_reason = models.TextField("waarom niet gehoord", blank=True)
    report_sent_at = models.DateTimeField("verslag verstuurd", null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = AcuteQuerySet.as_manager()

    class Meta:
        verbose_name = "hoorfunctie Wvggz"
        verbose_name_plural = "hoorfuncties Wvggz"
        indexes = [models.Index(fields=["municipality", "requested_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(heard_at__isnull=True) | Q(not_heard_reason=""),
                name="heard_or_reason_not_both",
            )
        ]


class InformationSource(models.TextChoices):
    POLICE = "police", "Politie"
    RVDK = "rvdk", "Raad voor de Kinderbescherming"
    BRP = "brp", "Basisregistratie Personen (BRP)"
    OM = "om", "Openbaar Ministerie"
    SCHOOL = "school", "School"
    GP = "gp", "Huisarts"
    OTHER_VT = "other_vt", "Andere Veilig Thuis-organisatie"
    OTHER = "other", "Andere organisatie"


class InformationRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        from meldpunt.access.visibility import case_filter

        return self.filter(case_filter(user, prefix="report__case__"))

    def outstanding(self):
        return self.filter(answered_at__isnull=True)


class InformationRequest(models.Model):
    """A request for information during the safety assessment (verrijking)."""

    report = models.ForeignKey(
        "registry.Report", on_delete=models.CASCADE, related_name="information_requests"
    )
    source = models.CharField("bron", max_length=12, choices=InformationSource.choices)
    question = models.TextField("vraag")
    asked_at = models.DateTimeField("gevraagd op")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="gevraagd door",
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField("beantwoord op", null=True, blank=True)
    answer = models.TextField("antwoord", blank=True)
    answered_by = models.CharField("beantwoord door", max_length=200, blank=True)

    objects = InformationRequestQuerySet.as_manager()

    class Meta:
        verbose_name = "informatieverzoek"
        verbose_name_plural = "informatieverzoeken"
        ordering = ["asked_at", "id"]
        indexes = [
            models.Index(
                fields=["report"],
                name="info_request_outstanding",
                condition=Q(answered_at__isnull=True),
            ),
            models.Index(fields=["asked_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | Q(answered_at__gte=F("asked_at")),
                name="answer_after_question",
            )
        ]


class InterventionKind(models.TextChoices):
    AWARE = "aware", "AWARE (alarmsysteem bij belaging)"
    SHELTER = "shelter", "Opvang"
    RESTRAINING_ORDER = "restraining_order", "Tijdelijk huisverbod"
    MDA = "mda_plus", "MDA++ (multidisciplinaire aanpak)"
    ZVH = "zvh", "Zorg- en Veiligheidshuis"


class FamilyInterventionQuerySet(models.QuerySet):
    def visible_to(self, user):
        from meldpunt.access.visibility import case_filter

        return self.filter(case_filter(user, prefix="case__"))


class FamilyIntervention(models.Model):
    """An intervention around a family, per file."""

    case = models.ForeignKey(
        "registry.Case",
        verbose_name="dossier",
        on_delete=models.CASCADE,
        related_name="family_interventions",
    )
    kind = models.CharField("interventie", max_length=20, choices=InterventionKind.choices)
    started_on = models.DateField("gestart")
    ended_on = models.DateField("beëindigd", null=True, blank=True)
    lead_organisation = models.CharField("regievoerende organisatie", max_length=200)
    vt_leads = models.BooleanField("Veilig Thuis heeft de procesregie", default=False)
    note = models.TextField("toelichting", blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = FamilyInterventionQuerySet.as_manager()

    class Meta:
        verbose_name = "interventie rond gezin"
        verbose_name_plural = "interventies rond gezin"
        ordering = ["started_on", "id"]
        indexes = [models.Index(fields=["kind", "started_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="intervention_ends_after_start",
            )
        ]
