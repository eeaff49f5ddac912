"""The year plan as data: parts, KPIs with norms and owners, and the values owners enter."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from meldpunt.access.roles import ROLE_LABELS, Role
from meldpunt.yearplan.norms import Norm, NormKind


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Maandelijks"
    QUARTERLY = "quarterly", "Per kwartaal"
    HALF_YEARLY = "half_yearly", "Per halfjaar"
    YEARLY = "yearly", "Jaarlijks"


class Plan(models.Model):
    name = models.CharField("plan", max_length=200)
    organisation = models.CharField("organisatie", max_length=200)
    year = models.PositiveSmallIntegerField("jaar")
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = "jaarplan"
        verbose_name_plural = "jaarplannen"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="one_plan_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.year}"


class Part(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="parts")
    code = models.CharField("onderdeel", max_length=4)
    title = models.CharField("titel", max_length=200)

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="part_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class PlanKpi(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="kpis")
    part = models.ForeignKey(Part, on_delete=models.PROTECT, related_name="kpis")
    code = models.SlugField("code", max_length=60)
    name = models.CharField("KPI", max_length=300)
    norm_kind = models.CharField(
        "soort norm", max_length=12, choices=[(k.value, k.value) for k in NormKind]
    )
    norm_low = models.FloatField("norm (onder)", null=True, blank=True)
    norm_high = models.FloatField("norm (boven)", null=True, blank=True)
    norm_text = models.CharField("norm (tekst)", max_length=200, blank=True)
    unit = models.CharField("eenheid", max_length=200, blank=True)
    monitoring = models.CharField("hoe gevolgd", max_length=300, blank=True)
    frequency = models.CharField("rapportage", max_length=12, choices=Frequency.choices)
    periods = models.CharField(
        "periodes",
        max_length=60,
        default="month,quarter,half_year,year",
        help_text="Over welke periodes gerapporteerd wordt.",
    )
    owner_role = models.CharField(
        "eigenaar", max_length=32, choices=[(r.value, ROLE_LABELS[r]) for r in Role]
    )
    computed_code = models.CharField(
        "berekend uit het register (indicatorcode)",
        max_length=60,
        blank=True,
        help_text="Leeg: de eigenaar voert de waarde in.",
    )
    report_within_days = models.PositiveSmallIntegerField(
        "aanleveren binnen (dagen na de periode)", default=10
    )

    class Meta:
        verbose_name = "KPI"
        verbose_name_plural = "KPI's"
        ordering = ["part__code", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="kpi_code_unique")]

    @property
    def norm(self) -> Norm:
        return Norm(NormKind(self.norm_kind), self.norm_low, self.norm_high, self.norm_text)

    @property
    def is_computed(self) -> bool:
        return bool(self.computed_code)

    def __str__(self) -> str:
        return self.name


class EnteredValue(models.Model):
    """A value an owner delivered for one period. A correction is a new row; the latest counts
    and the earlier ones stay as history."""

    kpi = models.ForeignKey(PlanKpi, on_delete=models.CASCADE, related_name="entries")
    period = models.CharField("periode", max_length=10)  # 2025-03, 2025-Q1, 2025-H1, 2025
    number = models.FloatField("waarde", null=True, blank=True)
    yes_no = models.BooleanField("ja/nee", null=True, blank=True)
    text = models.TextField("voortgang", blank=True)
    judged_on_track = models.BooleanField("op koers (oordeel eigenaar)", null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField("ingevoerd")
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )

    class Meta:
        verbose_name = "ingevoerde waarde"
        verbose_name_plural = "ingevoerde waarden"
        ordering = ["kpi", "period", "-entered_at", "-id"]
        indexes = [models.Index(fields=["kpi", "period"])]
