"""The national categories of CBS "Beleidsinformatie Veilig Thuis".

Every category Meldpunt records maps onto exactly one of these, so the half-yearly delivery can
be produced from the register. The values are stable codes; the labels are CBS's own words.
"""

from __future__ import annotations

from django.db import models


class ReporterGroup(models.TextChoices):
    NOT_PROFESSIONAL = "niet_professional", "Niet-professional"
    HEALTH_CARE = "gezondheidszorg", "Gezondheidszorg"
    MENTAL_HEALTH = "ggz", "Geestelijke gezondheidszorg"
    CHILDCARE = "kinderopvang", "Kinderopvang"
    EDUCATION = "onderwijs", "Onderwijs"
    SCHOOL_ATTENDANCE = "leerplicht", "Bureau Leerplicht"
    YOUTH_CARE = "jeugdzorg", "Jeugdzorg"
    JUSTICE = "justitie", "Justitie en veiligheid"
    OTHER_VT = "vt_andere_regio", "Veilig Thuis andere regio"
    OTHER_ORGANISATION = "andere_organisatie", "Andere organisatie"


class ViolenceCategory(models.TextChoices):
    CHILD_ABUSE = "kindermishandeling", "Kindermishandeling"
    VIOLENCE_AGAINST_PARENTS = "geweld_tegen_ouders", "Geweld tegen ouders"
    PARTNER = "partnergeweld", "(Ex-)Partnergeweld"
    ELDER_ABUSE = "ouderenmishandeling", "Ouderenmishandeling (65+)"
    OTHER_DOMESTIC = "huiselijk_geweld_overig", "Huiselijk geweld overig"
    OTHER_PROBLEMS = "andere_problematiek", "Andere problematiek"
    NONE = "geen", "Geen kindermishandeling/huiselijk geweld"
    UNKNOWN = "onbekend", "Onbekend"


class AssessmentOutcome(models.TextChoices):
    """Safety-assessment outcome as CBS counts it."""

    FOLLOW_UP_AT_VT = "vervolgstappen_vt", "Vervolgstappen beleggen bij Veilig Thuis"
    HANDOVER = "overdracht", "Overdracht"
    NO_FOLLOW_UP = "geen_vervolgstappen", "Geen vervolgstappen nodig"
    REGIONAL = "regionaal_maatwerk", "Inzet regionaal maatwerk"
    NOT_YET = "nog_niet_beoordeeld", "Nog niet beoordeeld"


class SafetyTaxation(models.TextChoices):
    ACUTE = "acuut", "Acute onveiligheid"
    STRUCTURAL = "structureel", "Structurele onveiligheid"
    NEITHER = "geen", "Geen acute of structurele onveiligheid"


class InvestigationFinding(models.TextChoices):
    CONFIRMED = "bevestigd", "Bevestigd"
    NOT_CONFIRMED = "niet_bevestigd", "Niet bevestigd"
    REFUTED = "weerlegd", "Weerlegd"
    CLOSED_EARLY = "voortijdig_beeindigd", "Voortijdig beëindigd"


class PriorInvolvement(models.TextChoices):
    FIRST = "eerste_melding", "Eerste melding (niemand bekend)"
    REPEAT_ONE = "hermelding_een", "Hermelding, één persoon bekend"
    REPEAT_SEVERAL = "hermelding_meer", "Hermelding, meerdere personen bekend"
    DURING_ASSESSMENT = "tijdens_veiligheidsbeoordeling", "Tijdens de veiligheidsbeoordeling"
    AFTER_ASSESSMENT = "na_veiligheidsbeoordeling", "Na de veiligheidsbeoordeling"
    DURING_MONITORING = "tijdens_monitoring", "Tijdens monitoring"
