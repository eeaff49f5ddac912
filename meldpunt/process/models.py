"""The process record: assessments, decisions, services, terms, hand-overs and the history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from meldpunt.process.states import SERVICE_STATUS_LABELS, Machine, ServiceStatus
from meldpunt.reference.cbs import InvestigationFinding, SafetyTaxation


class TriageOutcome(models.TextChoices):
    HANDOVER = "overdracht", "Overdracht"
    SUPPORT = "voorwaarden_vervolg", "Voorwaarden & Vervolg"
    INVESTIGATION = "onderzoek", "Onderzoek"
    RVDK_REQUEST = "verzoek_rvdk", "Verzoek tot onderzoek bij de Raad voor de Kinderbescherming"
    NO_FURTHER_ACTION = "einde_bemoeienis", "Einde bemoeienis / geen verdere inzet"


class SafetyAssessment(models.Model):
    """The veiligheidsbeoordeling: acute and structural unsafety with a rationale."""

    report = models.OneToOneField(
        "registry.Report", on_delete=models.CASCADE, related_name="safety_assessment"
    )
    acute_unsafety = models.BooleanField("acute onveiligheid")
    structural_unsafety = models.BooleanField("structurele onveiligheid")
    rationale = models.TextField("onderbouwing")
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assessed_at = models.DateTimeField("vastgelegd")

    class Meta:
        verbose_name = "veiligheidsbeoordeling"
        verbose_name_plural = "veiligheidsbeoordelingen"

    @property
    def taxation(self) -> str:
        if self.acute_unsafety:
            return SafetyTaxation.ACUTE
        if self.structural_unsafety:
            return SafetyTaxation.STRUCTURAL
        return SafetyTaxation.NEITHER


class DecisionStatus(models.TextChoices):
    PROPOSED = "proposed", "Voorgesteld"
    APPROVED = "approved", "Geaccordeerd"
    REJECTED = "rejected", "Teruggestuurd"


class Placed(models.Model):
    """The report's file, municipality and work area, carried on a row of the process (a report
    keeps them for life), so that the KPIs count the rows by place and visibility from a
    covering index without joining the reports. Set from the report when the services create
    the row (`places.of`); rows written in bulk (legacy import, generator) take them with
    `places.place_unplaced`; `places.misplaced` checks them."""

    case = models.ForeignKey(
        "registry.Case",
        verbose_name="dossier",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    municipality = models.ForeignKey(
        "reference.Municipality",
        verbose_name="gemeente",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    work_area = models.ForeignKey(
        "reference.WorkArea",
        verbose_name="werkgebied",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )

    class Meta:
        abstract = True


def _unplaced(name: str) -> models.Index:
    return models.Index(fields=["id"], condition=Q(case__isnull=True), name=name)


PLACE = ["case", "municipality", "work_area"]


class TriageDecision(Placed):
    """A triage decision. It takes effect only when a second professional approves it."""

    report = models.ForeignKey(
        "registry.Report", on_delete=models.CASCADE, related_name="triage_decisions"
    )
    outcome = models.CharField("besluit", max_length=24, choices=TriageOutcome.choices)
    rationale = models.TextField("onderbouwing")
    crisis_intervention = models.BooleanField("crisisinterventie ingezet", default=False)
    notify_police = models.BooleanField("politie geïnformeerd", default=False)
    notify_rvdk = models.BooleanField("Raad voor de Kinderbescherming geïnformeerd", default=False)
    status = models.CharField(
        "status", max_length=12, choices=DecisionStatus.choices, default=DecisionStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField("voorgesteld")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("besloten", null=True, blank=True)
    review_note = models.TextField("toelichting tweede professional", blank=True)

    class Meta:
        verbose_name = "triagebesluit"
        verbose_name_plural = "triagebesluiten"
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("proposed_by")),
                name="decision_approver_is_not_proposer",
            ),
            models.UniqueConstraint(
                fields=["report"],
                condition=Q(status="approved"),
                name="one_effective_decision_per_report",
            ),
        ]
        indexes = [
            # The KPI: approved decisions of a period by outcome and place, from the index.
            models.Index(
                fields=["decided_at"],
                include=["id", "status", "outcome", *PLACE],
                name="decision_kpi_cover",
            ),
            _unplaced("decision_unplaced"),
        ]


class ServiceKind(models.TextChoices):
    SUPPORT = "voorwaarden_vervolg", "Voorwaarden & Vervolg"
    INVESTIGATION = "onderzoek", "Onderzoek"
    MONITORING = "monitoring", "Monitoring"


class ServiceQuerySet(models.QuerySet):
    def visible_to(self, user) -> ServiceQuerySet:
        from meldpunt.access.visibility import case_filter

        return self.filter(case_filter(user, prefix="report__case__"))


class Service(Placed):
    """A service (dienst) of Veilig Thuis after the triage decision."""

    report = models.ForeignKey("registry.Report", on_delete=models.CASCADE, related_name="services")
    kind = models.CharField("dienst", max_length=24, choices=ServiceKind.choices)
    status = models.CharField(
        "status",
        max_length=16,
        choices=[(s.value, SERVICE_STATUS_LABELS[s]) for s in ServiceStatus],
        default=ServiceStatus.ACTIVE,
    )
    version = models.PositiveIntegerField("versie", default=0)
    started_on = models.DateField("gestart")
    closed_on = models.DateField("afgesloten", null=True, blank=True)
    previous = models.ForeignKey(
        "self",
        verbose_name="volgt op",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followed_by",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="toegewezen aan",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_services",
    )
    conclusion = models.TextField("conclusie", blank=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = "dienst"
        verbose_name_plural = "diensten"
        indexes = [
            # The KPIs: services started and monitoring closed in a period, from the index.
            models.Index(
                fields=["kind", "started_on"], include=["id", *PLACE], name="service_start_cover"
            ),
            models.Index(
                fields=["kind", "closed_on"],
                include=["id", "started_on", *PLACE],
                name="service_close_cover",
            ),
            _unplaced("service_unplaced"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} bij {self.report}"


class Finding(models.Model):
    """Outcome of an Onderzoek per form of violence."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="findings")
    violence_form = models.ForeignKey("reference.ViolenceForm", on_delete=models.PROTECT)
    finding = models.CharField("uitkomst", max_length=24, choices=InvestigationFinding.choices)

    class Meta:
        verbose_name = "uitkomst onderzoek"
        verbose_name_plural = "uitkomsten onderzoek"
        constraints = [
            models.UniqueConstraint(
                fields=["service", "violence_form"], name="one_finding_per_form"
            )
        ]


class Evaluation(Placed):
    """A monitoring evaluation moment with the safety scores (veiligheidscijfer, 1-10)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="evaluations")
    moment = models.PositiveSmallIntegerField("moment (maanden na overdracht)")
    done_on = models.DateField("gehouden", null=True, blank=True)
    score_family = models.PositiveSmallIntegerField(
        "veiligheidscijfer gezin", null=True, blank=True
    )
    score_professionals = models.PositiveSmallIntegerField(
        "veiligheidscijfer professionals", null=True, blank=True
    )
    note = models.TextField("toelichting", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "evaluatie"
        verbose_name_plural = "evaluaties"
        indexes = [
            # The monitoring KPI, by date held, from the index.
            models.Index(
                fields=["done_on"],
                include=["id", "score_family", "score_professionals", *PLACE],
                name="evaluation_kpi_cover",
            ),
            _unplaced("evaluation_unplaced"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(score_family__isnull=True)
                | Q(score_family__gte=1, score_family__lte=10),
                name="score_family_1_to_10",
            ),
            models.CheckConstraint(
                condition=Q(score_professionals__isnull=True)
                | Q(score_professionals__gte=1, score_professionals__lte=10),
                name="score_professionals_1_to_10",
            ),
        ]


class Handover(Placed):
    """A hand-over (overdracht) to the party that then carries responsibility for safety."""

    report = models.ForeignKey(
        "registry.Report", on_delete=models.CASCADE, related_name="handovers"
    )
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="handovers"
    )
    destination = models.ForeignKey(
        "reference.HandoverDestination", verbose_name="naar", on_delete=models.PROTECT
    )
    warm = models.BooleanField("warme overdracht", default=False)
    handed_over_on = models.DateField("datum overdracht")
    note = models.TextField("toelichting", blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "overdracht"
        verbose_name_plural = "overdrachten"
        indexes = [
            models.Index(
                fields=["handed_over_on"],
                include=["id", "destination", *PLACE],
                name="handover_kpi_cover",
            ),
            _unplaced("handover_unplaced"),
        ]


class TermKind(models.TextChoices):
    TRIAGE = "triage", "Veiligheidsbeoordeling (5 werkdagen)"
    SUPPORT = "voorwaarden_vervolg", "Voorwaarden & Vervolg (10 weken)"
    INVESTIGATION = "onderzoek", "Onderzoek (10 weken)"
    EVALUATION = "evaluatie", "Monitoringsevaluatie"
    FEEDBACK_REPORTER = "terugkoppeling_melder", "Terugkoppeling aan melder"
    INFORM_INVOLVED = "informeren_betrokkenen", "Betrokkenen informeren"
    FEEDBACK_AFTER_INVESTIGATION = "terugkoppeling_onderzoek", "Terugkoppeling na Onderzoek"


class TermQuerySet(models.QuerySet):
    def open(self) -> TermQuerySet:
        return self.filter(met_on__isnull=True)

    def visible_to(self, user) -> TermQuerySet:
        from meldpunt.access.visibility import report_filter

        return self.filter(report_filter(user, prefix="report__"))


class Term(Placed):
    """A clock: something owed by a date. The worklist is one indexed query over open terms,
    and closed terms are the facts the KPIs count (met_on against original_due_on)."""

    kind = models.CharField("soort", max_length=32, choices=TermKind.choices)
    report = models.ForeignKey("registry.Report", on_delete=models.CASCADE, related_name="terms")
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="terms"
    )
    evaluation = models.OneToOneField(
        Evaluation, null=True, blank=True, on_delete=models.CASCADE, related_name="term"
    )
    started_on = models.DateField("gestart")
    original_due_on = models.DateField("oorspronkelijke termijn")
    due_on = models.DateField("termijn")
    warn_on = models.DateField("waarschuwen vanaf")
    met_on = models.DateField("voldaan op", null=True, blank=True)
    # Closed without being met because it is no longer owed (the report was transferred to
    # another region or returned to the police). KPIs leave cancelled terms out.
    cancelled = models.BooleanField("vervallen", default=False)
    met_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField("toelichting", blank=True)
    extension_reason = models.TextField("reden verlenging", blank=True)

    objects = TermQuerySet.as_manager()

    class Meta:
        verbose_name = "termijn"
        verbose_name_plural = "termijnen"
        indexes = [
            # The worklist: open terms by due date. On PostgreSQL the index also carries what
            # the worklist counts and filters on (the kind, the place), so counting the open
            # work, also of one work area or municipality, reads the index only.
            models.Index(
                fields=["due_on"],
                include=["id", "report_id", "kind", "work_area", "municipality"],
                name="open_term_due_cover",
                condition=Q(met_on__isnull=True),
            ),
            # The KPIs: terms met in a period, counted by place from the index alone.
            models.Index(
                fields=["kind", "met_on"],
                include=[
                    "id",
                    "started_on",
                    "original_due_on",
                    "cancelled",
                    "case",
                    "municipality",
                    "work_area",
                ],
                name="term_met_cover",
            ),
            # places.place_unplaced finds the few terms written in bulk without their place.
            models.Index(fields=["id"], condition=Q(case__isnull=True), name="term_unplaced"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=F("original_due_on")), name="extension_never_shortens"
            ),
        ]

    @property
    def is_extended(self) -> bool:
        return self.due_on != self.original_due_on


class RoutingKind(models.TextChoices):
    TRANSFER = "transfer", "Overgedragen aan andere Veilig Thuis-regio"
    RETURN_TO_POLICE = "return_to_police", "Teruggestuurd naar de politie"


class Routing(models.Model):
    """A report that leaves this organisation: to another Veilig Thuis region or back to the
    police. Counted, but not in this organisation's process figures."""

    report = models.OneToOneField(
        "registry.Report", on_delete=models.CASCADE, related_name="routing"
    )
    kind = models.CharField("soort", max_length=20, choices=RoutingKind.choices)
    to_organisation = models.CharField("naar", max_length=200)
    reason = models.TextField("reden")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("tijdstip", db_index=True)

    class Meta:
        verbose_name = "doorzending"
        verbose_name_plural = "doorzendingen"


class Transition(models.Model):
    """Append-only history: every status change and term extension, with who, when and why."""

    machine = models.CharField(max_length=16)
    action = models.CharField(max_length=32)
    report = models.ForeignKey(
        "registry.Report", on_delete=models.CASCADE, related_name="transitions"
    )
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="transitions"
    )
    from_status = models.CharField(max_length=24)
    to_status = models.CharField(max_length=24)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    reason = models.TextField(blank=True)
    # Set on history brought in from an earlier registration system: "system:source key".
    migrated_from = models.CharField(max_length=160, blank=True)

    class Meta:
        verbose_name = "statusovergang"
        verbose_name_plural = "statusovergangen"
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["action", "at"])]

    @property
    def action_label(self) -> str:
        from meldpunt.process.states import ACTION_LABELS, Action

        return ACTION_LABELS.get(Action(self.action), self.action)

    @property
    def status_labels(self) -> tuple[str, str]:
        from meldpunt.process.transitions import status_label

        machine = Machine(self.machine)
        return status_label(machine, self.from_status), status_label(machine, self.to_status)

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("Transitions are append-only")
        super().save(*args, **kwargs)
