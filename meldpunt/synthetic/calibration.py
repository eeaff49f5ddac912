"""The numbers the synthetic data is calibrated on.

Shares read from the shipped reference data (`meldpunt/reference/data`, copied from the
documents' figures) where the documents give them; the rest are stated assumptions, each with
its reason, so a reader can see what is measured and what is chosen.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from meldpunt.reference.services import DATA_DIR

# Reports per 1,000 inhabitants when a municipality has no figure (region_averages.csv).
REGION_AVERAGE_PER_1000 = 7.6

# Advice requests per report: VT Zuid-Holland-Zuid 2023 had 3,305 advice requests and 4,599
# reports (about 3 : 4).
ADVICE_PER_REPORT = 0.72

# Reports about households reported before ("more than half", DOMAIN.md; nationally 2023
# 38% repeat + 29% follow-up). When an earlier household is reported again, the intake finds and
# links the existing Person rows in this share; otherwise it registers new rows, written the way
# this reporter writes them (the radar's work).
REPEAT_SHARE = 0.52
LINKED_SHARE_OF_REPEATS = 0.35
# A repeat report is often soon after the first (follow-up during involvement).
RECENT_REPEAT_SHARE = 0.45
RECENT_REPEAT_DAYS = 90

CRISIS_SHARE = 0.10  # "about 10% of reports" (DOMAIN.md)
ACUTE_WITHOUT_CRISIS_SHARE = 0.04

# Triage outcomes. VT ZHZ plans 3,900 direct hand-overs, 600 V&V and 600 Onderzoek on
# 4,600 reports; the rest ends without further VT involvement or with an RvdK request.
TRIAGE_OUTCOMES: dict[str, float] = {
    "overdracht": 0.62,
    "voorwaarden_vervolg": 0.11,
    "onderzoek": 0.10,
    "verzoek_rvdk": 0.02,
    "einde_bemoeienis": 0.15,
}

# Process timings (kpi_norms.csv: triage on time realised 72% at ZHZ against an 80% norm;
# Onderzoek on time realised 71% against 80-85%).
TRIAGE_ON_TIME = 0.76
SUPPORT_ON_TIME = 0.78
INVESTIGATION_ON_TIME = 0.74
# A late Onderzoek usually gets its term extended with a reason by an approving role.
LATE_INVESTIGATION_EXTENDED = 0.6
FEEDBACK_ON_TIME = 0.85
# A register has its past work done: what slips is caught up, usually when the team reviews
# its open files. The rest of the late work is the recent work still open at the cut-off.
FEEDBACK_SLIPPED = 0.03  # informing forgotten, done 21-80 working days after the decision
WARM_HANDOVER = 0.35
EVALUATION_SLIPPED = 0.04  # an evaluation held one to three months after its moment
REPORT_CLOSED_LATE = 0.03  # everything done, the report closed only weeks later
RETURNED_TO_POLICE_SHARE = 0.015  # police reports that are "not for VT"

# Monitoring: the norm is a safety score of 6 or more in 65% of cases.
SAFETY_SCORE_MEAN = 6.5
SAFETY_SCORE_SD = 1.7

# Onderzoek outcome per form of violence.
FINDINGS: dict[str, float] = {
    "bevestigd": 0.46,
    "niet_bevestigd": 0.33,
    "weerlegd": 0.12,
    "voortijdig_beeindigd": 0.09,
}

# Main form of violence of a report (codes of reference.services.VIOLENCE_FORMS). Nationally
# about half of the reports concern (suspected) child abuse and 38% (ex-)partner violence.
VIOLENCE_FORMS: dict[str, float] = {
    "partnergeweld": 0.36,
    "getuige-huiselijk-geweld": 0.10,
    "kindermishandeling-lichamelijk": 0.08,
    "kindermishandeling-psychisch": 0.06,
    "verwaarlozing": 0.06,
    "kindermishandeling-seksueel": 0.02,
    "complexe-scheiding": 0.06,
    "kwetsbare-opvoedsituatie": 0.07,
    "geweld-tegen-ouders": 0.03,
    "ouderenmishandeling": 0.03,
    "familiegeweld-overig": 0.03,
    "eergerelateerd": 0.005,
    "belaging": 0.02,
    "seksueel-geweld": 0.01,
    "mensenhandel": 0.003,
    "andere-problematiek": 0.012,
    "geen": 0.005,
    "onbekend": 0.005,
}
# With children in the household, partner violence comes with "witness" in this share.
WITNESS_WITH_PARTNER_VIOLENCE = 0.4

# How reporter groups of reporter_shares_2018.csv split over the ReporterType rows.
REPORTER_TYPES_PER_GROUP: dict[str, dict[str, float]] = {
    "Justitie en veiligheid": {"politie": 0.95, "justitie-overig": 0.05},
    "Gezondheidszorg": {"huisarts": 0.4, "ziekenhuis": 0.35, "jgz": 0.25},
    "Gebiedsteams, maatschappelijke ondersteuning en lokaal veld (Welzijn & Jeugd)": {
        "wijkteam": 1.0
    },
    "Onderwijs en kinderopvang": {"onderwijs": 0.7, "kinderopvang": 0.2, "leerplicht": 0.1},
    "Gecertificeerde Instelling": {"gi": 1.0},
    "GGZ": {"ggz": 1.0},
    "Anders": {
        "omgeving": 0.45,
        "betrokkene": 0.3,
        "jeugdhulp": 0.1,
        "andere-organisatie": 0.1,
        "vt-andere-regio": 0.05,
    },
}
# Advice requests come far more from professionals other than the police and from citizens.
ADVICE_ASKERS: dict[str, float] = {
    "omgeving": 0.28,
    "betrokkene": 0.14,
    "huisarts": 0.07,
    "jgz": 0.06,
    "ziekenhuis": 0.04,
    "onderwijs": 0.12,
    "kinderopvang": 0.05,
    "wijkteam": 0.1,
    "jeugdhulp": 0.06,
    "ggz": 0.04,
    "politie": 0.04,
}

# Approximate populations of the Rotterdam districts (gebieden), for spreading Rotterdam's
# reports over the districts and so over the work areas.
ROTTERDAM_DISTRICTS: dict[str, int] = {
    "Prins Alexander": 96000,
    "stadscentrum": 37000,
    "Delfshaven": 75000,
    "Kralingen-Crooswijk": 55000,
    "Noord": 52000,
    "Overschie": 19000,
    "Hillegersberg-Schiebroek": 45000,
    "Hoek van Holland": 10000,
    "Feijenoord": 75000,
    "IJsselmonde": 60000,
    "Charlois": 70000,
    "Rozenburg": 12000,
    "Hoogvliet": 35000,
    "Pernis": 5000,
}

# Approximate postcode ranges (four digits) and place names per municipality (CBS code).
PLACES: dict[str, tuple[tuple[int, int], tuple[str, ...]]] = {
    "GM0599": ((3011, 3089), ("Rotterdam",)),
    "GM0606": ((3111, 3125), ("Schiedam",)),
    "GM0622": ((3131, 3138), ("Vlaardingen",)),
    "GM0556": ((3141, 3147), ("Maassluis",)),
    "GM1621": ((2651, 2665), ("Berkel en Rodenrijs", "Bergschenhoek", "Bleiswijk")),
    "GM0502": ((2901, 2909), ("Capelle aan den IJssel",)),
    "GM0542": ((2921, 2926), ("Krimpen aan den IJssel",)),
    "GM0597": ((2981, 2988), ("Ridderkerk",)),
    "GM0489": ((2991, 2994), ("Barendrecht",)),
    "GM0613": ((3161, 3172), ("Rhoon", "Poortugaal")),
    "GM1930": ((3201, 3209), ("Spijkenisse", "Zuidland", "Hekelingen")),
    "GM0530": ((3221, 3227), ("Hellevoetsluis",)),
    "GM0501": ((3231, 3232), ("Brielle",)),
    "GM0614": ((3233, 3238), ("Oostvoorne", "Rockanje")),
    "GM1992": ((3221, 3238), ("Hellevoetsluis", "Brielle", "Oostvoorne", "Rockanje")),
    "GM1924": ((3240, 3258), ("Middelharnis", "Sommelsdijk", "Dirksland", "Ouddorp")),
    "GM1963": ((3260, 3299), ("Oud-Beijerland", "'s-Gravendeel", "Puttershoek")),
}
DISTRICT_PLACES: dict[str, tuple[tuple[int, int], str]] = {
    "Hoek van Holland": ((3151, 3151), "Hoek van Holland"),
    "Rozenburg": ((3181, 3182), "Rozenburg"),
    "Pernis": ((3195, 3195), "Pernis"),
    "Hoogvliet": ((3191, 3194), "Hoogvliet"),
}
# A report about a family in a municipality outside the region goes to that region's VT.
OTHER_REGION = "Veilig Thuis Zuid-Holland Zuid"
# Reports about families outside the region are a small share in practice, much smaller than
# population × rate would give for a neighbouring municipality.
OUTSIDE_REGION_WEIGHT = 0.15


@dataclass(frozen=True)
class Share:
    name: str
    share: float


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@cache
def reporter_group_shares() -> dict[str, float]:
    """reporter_shares_2018.csv as fractions."""
    rows = _rows("reporter_shares_2018.csv")
    total = sum(float(r["share_percent"]) for r in rows)
    return {r["reporter_type"]: float(r["share_percent"]) / total for r in rows}


@cache
def reporter_type_shares() -> dict[str, float]:
    """The share of each ReporterType code among reports."""
    out: dict[str, float] = {}
    for group, share in reporter_group_shares().items():
        for code, part in REPORTER_TYPES_PER_GROUP[group].items():
            out[code] = out.get(code, 0.0) + share * part
    return out


@cache
def referral_shares() -> dict[str, float]:
    """referral_shares.csv as fractions, keyed by destination name."""
    rows = _rows("referral_shares.csv")
    total = sum(float(r["share_percent"]) for r in rows)
    return {r["destination"]: float(r["share_percent"]) / total for r in rows}


@cache
def reports_per_1000() -> dict[str, float]:
    """Reports per 1,000 inhabitants by municipality name; the region average when missing."""
    return {
        r["municipality"]: float(r["reports_per_1000"])
        if r["reports_per_1000"]
        else REGION_AVERAGE_PER_1000
        for r in _rows("reports_per_1000.csv")
    }


# --- Four eyes, advice turned into reports, shielded files ---------------------------------
# The approver sends a triage proposal back in this share (an assumption: refusals are the
# exception; the four-eyes screen exists for them).
TRIAGE_REJECTED = 0.05
# Reports that start as an advice request by the same asker, turned into a report within a
# month (about 5% of the advice requests; an assumption in line with "advies omgezet in melding"
# being a small share of the advice figures).
REPORT_FROM_ADVICE = 0.15
ADVICE_CONVERTED_WITHIN_DAYS = 30
# New files shielded for the team that handles them (an employee or a public figure).
SHIELDED_SHARE = 0.004

# --- Acute work (kpi_norms.csv, Crisisinterventieteam ZHZ, per 4,600 reports a year) ----------
# Crisis interventions: 400-500 a year, one per crisis report (CRISIS_SHARE above, about 10%).
CRISIS_HANDOVER_IN_48H = 0.9  # the norm is 100%; a realistic share misses it
CRISIS_COMPLETED_LATER = 0.85  # the short form is completed afterwards
# Temporary restraining orders: about 2.5% of reports (nationally about 3,500 orders a year on
# roughly 130,000 reports); imposed after a police call, so drawn among police reports.
ORDER_SHARE_OF_POLICE_REPORTS = 0.035
ORDER_ADVICE_EXTEND = 0.4  # about four in ten orders are extended
ORDER_LIFTED = 0.05  # lifted by the mayor before the end
# "Bijdrage aan huisverbod buiten kantooruren": 35 a year, about 0.76% of reports: a share of the
# orders imposed out of hours.
ORDER_OUT_OF_HOURS_CONTRIBUTION = 0.45
# Hearings under the Wvggz: 400 a year per 4,600 reports.
HEARINGS_PER_REPORT = 400 / 4600
HEARING_NOT_HEARD = 0.12
# Information requests during the safety assessment (verrijking): in this share of the
# non-crisis assessments, one or two requests; most are answered within days.
INFORMATION_REQUESTED = 0.35
INFORMATION_ANSWERED = 0.92  # within four days; the rest after reminders, within three weeks
INFORMATION_SOURCES: dict[str, float] = {
    "police": 0.35,
    "school": 0.15,
    "gp": 0.15,
    "brp": 0.1,
    "rvdk": 0.08,
    "other_vt": 0.05,
    "other": 0.12,
}
# Interventions around a family (AWARE, opvang, MDA++, Zorg- en Veiligheidshuis) in this share of
# files with structural unsafety.
FAMILY_INTERVENTION = 0.08
FAMILY_INTERVENTIONS: dict[str, float] = {
    "mda_plus": 0.35,
    "zvh": 0.3,
    "shelter": 0.2,
    "aware": 0.15,
}
# Contact journal: entries per V&V or Onderzoek (home visits, calls, partner consultations),
# and a call with the reporter during triage in this share.
JOURNAL_PER_SERVICE = (2, 5)
JOURNAL_IN_TRIAGE = 0.25

# --- Safety conditions, satisfaction, complaints (casework.py) ---------------------------------
# Safety conditions agreed per service: V&V is built on them, an Onderzoek sets them when it
# finds unsafety (an assumption; the documents give no count). Each is scored at every
# monitoring evaluation, close to the family's own safety score.
CONDITIONS_PER_SUPPORT = (1, 4)
CONDITIONS_PER_INVESTIGATION = (0, 2)
# Client satisfaction survey after a closed V&V or Onderzoek. The documents give the norms only
# (kpi_norms.csv: client satisfaction 7 at VTRR, 7.5 at VT ZHZ); the mean mark lies between
# them. Invitation, response and channel shares are assumptions.
SURVEY_INVITED = 0.8
SURVEY_TO_REPORTER = 0.15
SURVEY_BY_EMAIL = 0.4
SURVEY_ANSWERED = 0.3
SURVEY_SCORE_MEAN = 7.3
SURVEY_SCORE_SD = 1.5
# Complaints. kpi_norms.csv: at most 5 complaints a year before the external committee at
# VTRR, which had 12,965 reports in 2018 (vtrr_volumes.csv); the generator sends 4 per 12,965
# reports there. How many complaints come in at all is not given: 0.8% of the decided reports
# (an assumption), one in ten withdrawn, the rest settled by the complaints officer.
COMPLAINT_SHARE = 0.008
COMPLAINT_WITHDRAWN = 0.1
COMPLAINTS_AT_COMMITTEE_PER_REPORT = 4 / 12965
COMPLAINT_TO_COMMITTEE = COMPLAINTS_AT_COMMITTEE_PER_REPORT / (
    COMPLAINT_SHARE * (1 - COMPLAINT_WITHDRAWN)
)
COMPLAINT_WELL_FOUNDED = 0.3
