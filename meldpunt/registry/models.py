"""The register: people, households, cases, advice requests and reports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from meldpunt.registry.validators import (
    validate_birth_date,
    validate_bsn,
    validate_not_future,
    validate_postcode,
)


class Sex(models.TextChoices):
    FEMALE = "v", "Vrouw"
    MALE = "m", "Man"
    OTHER = "x", "Anders / onbekend"


class Household(models.Model):
    """A household system (gezinssysteem): the identity the radar and the statistics count."""

    created_at = models.DateTimeField("aangemaakt", auto_now_add=True)

    class Meta:
        verbose_name = "huishouden"
        verbose_name_plural = "huishoudens"

    def __str__(self) -> str:
        return f"Huishouden {self.pk}"


class Person(models.Model):
    given_names = models.CharField("voornamen", max_length=200, blank=True)
    surname_prefix = models.CharField("tussenvoegsel", max_length=20, blank=True)
    surname = models.CharField("achternaam", max_length=200, blank=True)
    date_of_birth = models.DateField(
        "geboortedatum", null=True, blank=True, validators=[validate_birth_date]
    )
    sex = models.CharField("geslacht", max_length=1, choices=Sex.choices, default=Sex.OTHER)
    bsn = models.CharField("BSN", max_length=9, blank=True, validators=[validate_bsn])
    street = models.CharField("straat", max_length=200, blank=True)
    house_number = models.CharField("huisnummer", max_length=20, blank=True)
    postcode = models.CharField(
        "postcode", max_length=7, blank=True, validators=[validate_postcode]
    )
    city = models.CharField("woonplaats", max_length=100, blank=True)
    municipality = models.ForeignKey(
        "reference.Municipality",
        verbose_name="gemeente",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    confidential_address = models.BooleanField(
        "geheim adres",
        default=False,
        help_text="Bijvoorbeeld in de opvang: alleen zichtbaar voor wie het nodig heeft.",
    )
    household = models.ForeignKey(
        Household,
        verbose_name="huishouden",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    created_at = models.DateTimeField("geregistreerd", auto_now_add=True)

    class Meta:
        verbose_name = "persoon"
        verbose_name_plural = "personen"
        indexes = [
            models.Index(fields=["bsn"]),
            models.Index(fields=["surname", "date_of_birth"]),
            models.Index(fields=["postcode", "house_number"]),
            # The known-people check compares surnames case-insensitively (no use of the index
            # above); the date of birth narrows it to a handful of rows.
            models.Index(fields=["date_of_birth"], name="person_birth_date"),
        ]

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_names, self.surname_prefix, self.surname) if p)

    def __str__(self) -> str:
        return self.full_name or f"Persoon {self.pk}"


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user) -> CaseQuerySet:
        from meldpunt.access.visibility import case_filter

        return self.filter(case_filter(user, prefix=""))


class Case(models.Model):
    """A file (dossier): the reports about one household."""

    household = models.ForeignKey(
        Household, verbose_name="huishouden", on_delete=models.PROTECT, related_name="cases"
    )
    opened_at = models.DateTimeField("geopend")
    closed_at = models.DateTimeField("gesloten", null=True, blank=True)
    shielded = models.BooleanField("afgeschermd dossier", default=False)
    shielded_for = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="toegang tot afgeschermd dossier",
        blank=True,
        related_name="shielded_cases",
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = "dossier"
        verbose_name_plural = "dossiers"
        # The visibility filter asks for the shielded files (a few per thousand) on every page.
        indexes = [
            models.Index(fields=["id"], condition=models.Q(shielded=True), name="shielded_case"),
            # The stored previous-report fact (services.refresh_previous_reports): a household's
            # files, and a file's household, read from the indexes alone.
            models.Index(fields=["id"], include=["household"], name="case_household_of"),
            models.Index(fields=["household"], include=["id"], name="case_household_cover"),
        ]

    @property
    def number(self) -> str:
        return f"D-{self.pk:07d}"

    def get_absolute_url(self) -> str:
        return reverse("web:case_detail", args=[self.pk])

    def __str__(self) -> str:
        return self.number


class ReportStatus(models.TextChoices):
    RECEIVED = "received", "Ontvangen"
    IN_ASSESSMENT = "in_assessment", "In veiligheidsbeoordeling"
    AWAITING_APPROVAL = "awaiting_approval", "Besluit ter accordering"
    DECIDED = "decided", "Triagebesluit genomen"
    CLOSED = "closed", "Afgesloten"
    TRANSFERRED = "transferred", "Overgedragen aan andere Veilig Thuis-regio"
    RETURNED = "returned", "Teruggestuurd naar de politie (niet voor Veilig Thuis)"


class ReportSource(models.TextChoices):
    WEB = "web", "Intake (scherm)"
    POLICE = "police", "Politie (koppeling)"
    API = "api", "API"
    ADVICE = "advice", "Omgezet adviesvraag"
    GENERATED = "generated", "Synthetische gegevens"
    MIGRATED = "migrated", "Migratie"


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user) -> ReportQuerySet:
        from meldpunt.access.visibility import case_filter

        return self.filter(case_filter(user, prefix="case__"))


class Report(models.Model):
    """A report (melding). Every report gets its own triage decision."""

    case = models.ForeignKey(
        Case, verbose_name="dossier", on_delete=models.PROTECT, related_name="reports"
    )
    received_at = models.DateTimeField("ontvangen", validators=[validate_not_future])
    status = models.CharField(
        "status", max_length=24, choices=ReportStatus.choices, default=ReportStatus.RECEIVED
    )
    version = models.PositiveIntegerField("versie", default=0)
    source = models.CharField(
        "bron", max_length=16, choices=ReportSource.choices, default=ReportSource.WEB
    )
    municipality = models.ForeignKey(
        "reference.Municipality", verbose_name="gemeente", on_delete=models.PROTECT
    )
    district = models.ForeignKey(
        "reference.District", verbose_name="wijk", null=True, blank=True, on_delete=models.PROTECT
    )
    work_area = models.ForeignKey(
        "reference.WorkArea",
        verbose_name="werkgebied",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    team = models.ForeignKey(
        "access.Team", verbose_name="team", null=True, blank=True, on_delete=models.SET_NULL
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="toegewezen aan",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_reports",
    )
    acute = models.BooleanField("acute onveiligheid gemeld", default=False)
    crisis_intervention = models.BooleanField("crisisinterventie", default=False)
    description = models.TextField("omschrijving", blank=True)
    violence_forms = models.ManyToManyField(
        "reference.ViolenceForm", verbose_name="geweldsvormen", blank=True
    )
    police_reference = models.CharField(
        "registratienummer politie", max_length=40, null=True, blank=True, unique=True
    )
    prior_involvement = models.CharField("eerdere betrokkenheid", max_length=40, blank=True)
    # A stored fact for the recidivism figures (insight/volumes.py): when the household of this
    # report's file was last reported before it (the latest earlier report of any of the
    # household's files). Kept by `registry.services.refresh_previous_reports`, which every path
    # that writes or deletes reports calls; `registry.selectors.previous_report_drift` compares
    # it with the slow way.
    household_previous_at = models.DateTimeField(
        "vorige melding van het huishouden", null=True, blank=True, editable=False
    )
    from_advice = models.OneToOneField(
        "registry.Advice",
        verbose_name="uit adviesvraag",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="converted_report",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="geregistreerd door",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = "melding"
        verbose_name_plural = "meldingen"
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["received_at"]),
            models.Index(fields=["municipality", "received_at"]),
            models.Index(fields=["work_area", "received_at"]),
            # A file's reports by date (the refresh of the stored previous-report fact), from the
            # index alone.
            models.Index(fields=["case", "received_at"], name="report_case_received"),
            # Rows placed by their report's file, municipality and work area (routings, acute
            # work; the process rows carry their own, process.places): a join probe reads this
            # index only.
            models.Index(
                fields=["id"],
                include=["case", "municipality", "work_area"],
                name="report_place_cover",
            ),
        ]

    @property
    def number(self) -> str:
        return f"M-{self.pk:07d}"

    def get_absolute_url(self) -> str:
        return reverse("web:report_detail", args=[self.pk])

    def __str__(self) -> str:
        return self.number


class Reporter(models.Model):
    """The reporter (melder). When `anonymous` the identity is known to VT only."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="reporter")
    reporter_type = models.ForeignKey(
        "reference.ReporterType", verbose_name="soort melder", on_delete=models.PROTECT
    )
    name = models.CharField("naam", max_length=200, blank=True)
    organisation = models.CharField("organisatie", max_length=200, blank=True)
    phone = models.CharField("telefoon", max_length=40, blank=True)
    email = models.EmailField("e-mail", blank=True)
    anonymous = models.BooleanField("anoniem richting betrokkenen", default=False)
    wants_feedback = models.BooleanField("wil terugkoppeling", default=True)

    class Meta:
        verbose_name = "melder"
        verbose_name_plural = "melders"

    @property
    def is_professional(self) -> bool:
        return self.reporter_type.is_professional


class InvolvementRole(models.TextChoices):
    VICTIM = "victim", "Slachtoffer"
    SUSPECT = "suspect", "(Vermoedelijke) pleger"
    CHILD = "child", "Kind"
    OTHER = "other", "Overig betrokkene"


class Involvement(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="involvements")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="involvements")
    role = models.CharField("rol", max_length=16, choices=InvolvementRole.choices)

    class Meta:
        verbose_name = "betrokkene"
        verbose_name_plural = "betrokkenen"
        constraints = [
            models.UniqueConstraint(fields=["report", "person"], name="person_once_per_report")
        ]


class AdviceStatus(models.TextChoices):
    OPEN = "open", "Open"
    GIVEN = "given", "Advies gegeven"
    CONVERTED = "converted", "Omgezet in melding"


class AdviceQuerySet(models.QuerySet):
    def visible_to(self, user) -> AdviceQuerySet:
        from meldpunt.access.roles import Right

        return self if user.can(Right.VIEW_CASES) else self.none()


class Advice(models.Model):
    """An advice request. Records the asker (with consent) and the advice, never personal data
    of the family it is about."""

    received_at = models.DateTimeField("ontvangen", validators=[validate_not_future])
    asker_type = models.ForeignKey(
        "reference.ReporterType", verbose_name="soort vrager", on_delete=models.PROTECT
    )
    anonymous = models.BooleanField("anoniem", default=False)
    asker_name = models.CharField("naam vrager", max_length=200, blank=True)
    asker_organisation = models.CharField("organisatie vrager", max_length=200, blank=True)
    asker_phone = models.CharField("telefoon vrager", max_length=40, blank=True)
    consent = models.BooleanField("toestemming om gegevens vrager vast te leggen", default=False)
    municipality = models.ForeignKey(
        "reference.Municipality",
        verbose_name="gemeente",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    violence_forms = models.ManyToManyField(
        "reference.ViolenceForm", verbose_name="geweldsvormen", blank=True
    )
    question = models.TextField("vraag")
    advice_given = models.TextField("gegeven advies", blank=True)
    status = models.CharField(
        "status", max_length=16, choices=AdviceStatus.choices, default=AdviceStatus.OPEN
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="behandeld door",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )

    objects = AdviceQuerySet.as_manager()

    class Meta:
        verbose_name = "adviesvraag"
        verbose_name_plural = "adviesvragen"
        indexes = [
            # Lists by date, and the KPI (advice requests of a period by asker and municipality)
            # from the index alone.
            models.Index(
                fields=["received_at"],
                include=["id", "municipality", "asker_type"],
                name="advice_received_cover",
            )
        ]

    @property
    def number(self) -> str:
        return f"A-{self.pk:07d}"

    def __str__(self) -> str:
        return self.number
