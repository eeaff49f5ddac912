from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models

from meldpunt.reference.cbs import ReporterGroup, ViolenceCategory


class WorkArea(models.Model):
    name = models.CharField("naam", max_length=100, unique=True)

    class Meta:
        verbose_name = "werkgebied"
        verbose_name_plural = "werkgebieden"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MunicipalityQuerySet(models.QuerySet):
    def valid_on(self, day: dt.date) -> MunicipalityQuerySet:
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day),
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day),
        )


class Municipality(models.Model):
    """A municipality as it was in its validity period; a merger ends it and names a successor.

    Reports keep the municipality as it was, so statistics over past years stay right.
    """

    cbs_code = models.CharField(
        "CBS-code",
        max_length=6,
        unique=True,
        validators=[
            RegexValidator(r"^GM\d{4}$", "Een CBS-gemeentecode is GM gevolgd door 4 cijfers.")
        ],
    )
    name = models.CharField("naam", max_length=100)
    work_area = models.ForeignKey(
        WorkArea,
        verbose_name="werkgebied",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text="Leeg wanneer het werkgebied per wijk verschilt (Rotterdam).",
    )
    valid_from = models.DateField("geldig vanaf", null=True, blank=True)
    valid_to = models.DateField("geldig tot en met", null=True, blank=True)
    successor = models.ForeignKey(
        "self", verbose_name="opgegaan in", null=True, blank=True, on_delete=models.PROTECT
    )
    served = models.BooleanField("in het werkgebied van deze organisatie", default=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = "gemeente"
        verbose_name_plural = "gemeenten"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def population(self, year: int) -> int | None:
        """Population of the latest figure at or before `year` (else the earliest known)."""
        figures = list(self.population_figures.order_by("year"))
        best = None
        for f in figures:
            if f.year <= year:
                best = f
        if best is None and figures:
            best = figures[0]
        return best.population if best else None


class District(models.Model):
    """A district of a municipality split over work areas (the Rotterdam gebieden)."""

    name = models.CharField("naam", max_length=100)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="districts"
    )
    work_area = models.ForeignKey(WorkArea, verbose_name="werkgebied", on_delete=models.PROTECT)

    class Meta:
        verbose_name = "wijk"
        verbose_name_plural = "wijken"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="district_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class PopulationFigure(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="population_figures"
    )
    year = models.PositiveSmallIntegerField("jaar")
    population = models.PositiveIntegerField("inwoners")
    source = models.CharField("bron", max_length=200, blank=True)

    class Meta:
        verbose_name = "inwonertal"
        verbose_name_plural = "inwonertallen"
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="one_figure_per_year")
        ]


class ReporterType(models.Model):
    code = models.SlugField("code", max_length=40, unique=True)
    name = models.CharField("naam", max_length=120)
    cbs_group = models.CharField("CBS-categorie", max_length=32, choices=ReporterGroup.choices)

    class Meta:
        verbose_name = "soort melder"
        verbose_name_plural = "soorten melders"
        ordering = ["name"]

    @property
    def is_professional(self) -> bool:
        return self.cbs_group != ReporterGroup.NOT_PROFESSIONAL

    def __str__(self) -> str:
        return self.name


class ViolenceForm(models.Model):
    code = models.SlugField("code", max_length=40, unique=True)
    name = models.CharField("naam", max_length=120)
    cbs_category = models.CharField(
        "CBS-categorie", max_length=32, choices=ViolenceCategory.choices
    )

    class Meta:
        verbose_name = "geweldsvorm"
        verbose_name_plural = "geweldsvormen"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class HandoverDestination(models.Model):
    code = models.SlugField("code", max_length=40, unique=True)
    name = models.CharField("naam", max_length=120)

    class Meta:
        verbose_name = "overdrachtspartij"
        verbose_name_plural = "overdrachtspartijen"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrganisationSettings(models.Model):
    """The settings of this installation (one Veilig Thuis organisation), editable by a
    functional administrator. Defaults follow the national protocol."""

    name = models.CharField("organisatie", max_length=200, default="Veilig Thuis")
    triage_working_days = models.PositiveSmallIntegerField(
        "termijn veiligheidsbeoordeling (werkdagen)",
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    support_weeks = models.PositiveSmallIntegerField(
        "termijn Voorwaarden & Vervolg (weken)",
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
    )
    investigation_weeks = models.PositiveSmallIntegerField(
        "termijn Onderzoek (weken)",
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
    )
    feedback_working_days = models.PositiveSmallIntegerField(
        "termijn terugkoppeling en informeren (werkdagen)",
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    warn_working_days = models.PositiveSmallIntegerField(
        "waarschuwen (werkdagen voor de termijn)",
        default=2,
        validators=[MaxValueValidator(30)],
    )
    monitoring_months = models.CharField(
        "monitoringsmomenten (maanden na overdracht)",
        max_length=40,
        default="3,9,18",
        validators=[
            RegexValidator(
                r"^\d{1,2}(,\d{1,2}){0,2}$",
                "Geef één tot drie aantallen maanden, gescheiden door komma's.",
            )
        ],
    )
    include_decreed_days = models.BooleanField(
        "bij besluit gelijkgestelde dagen (brugdagen) tellen niet als werkdag", default=True
    )
    norm_triage_pct = models.DecimalField(
        "norm triage op tijd (%)", max_digits=5, decimal_places=2, default=80
    )
    norm_support_pct = models.DecimalField(
        "norm V&V op tijd (%)", max_digits=5, decimal_places=2, default=80
    )
    norm_investigation_pct = models.DecimalField(
        "norm Onderzoek op tijd (%)", max_digits=5, decimal_places=2, default=80
    )
    norm_safety_score_pct = models.DecimalField(
        "norm veiligheidscijfer ≥ drempel (%)", max_digits=5, decimal_places=2, default=65
    )
    safety_score_threshold = models.PositiveSmallIntegerField(
        "drempel veiligheidscijfer",
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )

    # Office hours on working days (the holiday calendar above); outside them the crisis team
    # works and may take emergency access to a file (access/emergency.py).
    office_opens = models.TimeField("kantoortijd van", default=dt.time(8))
    office_closes = models.TimeField("kantoortijd tot", default=dt.time(17))

    class Meta:
        verbose_name = "organisatie-instellingen"
        verbose_name_plural = "organisatie-instellingen"

    def clean(self) -> None:
        super().clean()
        if self.office_opens >= self.office_closes:
            raise ValidationError(
                {"office_closes": "Het einde van de kantoortijd moet na het begin liggen."}
            )

    @property
    def office_hours_label(self) -> str:
        """The office hours as the messages print them: "08:00-17:00"."""
        return f"{self.office_opens:%H:%M}-{self.office_closes:%H:%M}"

    def monitoring_month_list(self) -> list[int]:
        return [int(m) for m in self.monitoring_months.split(",") if m]


class CalendarDay(models.Model):
    """An organisation's own correction to the holiday set of the Algemene termijnenwet."""

    date = models.DateField("datum", unique=True)
    is_holiday = models.BooleanField("geen werkdag", default=True)
    description = models.CharField("omschrijving", max_length=200, blank=True)

    class Meta:
        verbose_name = "afwijkende dag"
        verbose_name_plural = "afwijkende dagen"
        ordering = ["date"]
