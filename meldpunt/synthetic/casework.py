"""Plans of the file's other work: the safety conditions agreed in a V&V or Onderzoek and their
scores at each monitoring evaluation, the satisfaction survey after a service, and complaints.

Pure Python like `world`: the events join the report's plan and `casework_writer` turns them
into the rows `casefile.services` and `quality.services` write.
"""

from __future__ import annotations

import datetime as dt

from meldpunt.synthetic import calibration as cal
from meldpunt.synthetic import world as w

# Event kinds, in the words of the services they stand for.
CONDITION = "condition"  # casefile.services.agree_safety_condition
SCORE_CONDITIONS = "score_conditions"  # casefile.services.score_conditions
SURVEY_INVITE = "survey_invite"  # quality.services.invite_for_service
SURVEY_ANSWER = "survey_answer"  # quality.services.answer_survey
COMPLAINT = "complaint"  # quality.services.register_complaint
COMPLAINT_STEP = "complaint_step"  # quality.services.advance_complaint

KINDS = frozenset(
    {CONDITION, SCORE_CONDITIONS, SURVEY_INVITE, SURVEY_ANSWER, COMPLAINT, COMPLAINT_STEP}
)

CONDITIONS = (
    ("Er wordt niet geslagen, geduwd of gedreigd in het bijzijn van de kinderen.", "ouders"),
    ("Bij spanning belt moeder de politie of het crisisnummer.", "moeder"),
    ("Vader volgt de training agressieregulatie en rondt die af.", "vader"),
    ("De kinderen gaan iedere dag naar school en de leerkracht houdt zicht.", "ouders en school"),
    ("Het wijkteam komt wekelijks op huisbezoek.", "wijkteam"),
    ("Er is een veiligheidsplan met een netwerk dat de kinderen opvangt bij crisis.", "netwerk"),
    ("De ouders spreken elkaar alleen via de mediator over de omgang.", "ouders"),
    ("Moeder houdt haar afspraken bij de GGZ-behandelaar.", "moeder"),
)
SURVEY_COMMENTS = (
    "",
    "",
    "",
    "Fijn dat er naar ons werd geluisterd.",
    "Het duurde lang voordat we iets hoorden.",
    "Duidelijke afspraken, maar weinig contact.",
    "De medewerker was betrokken en eerlijk.",
)
COMPLAINTS = (
    "De melding is niet goed onderzocht; mijn kant van het verhaal is niet gehoord.",
    "Er staan onjuistheden in het dossier die niet zijn gecorrigeerd.",
    "Ik ben niet geïnformeerd over de melding en het besluit.",
    "De medewerker was niet bereikbaar en belde niet terug.",
    "Zonder overleg is informatie gedeeld met de school.",
)
MEASURES = "Werkwijze besproken in het team; het dossier is aangevuld."


def conditions(
    planner: w.Planner,
    plan: w.ReportPlan,
    *,
    investigation: bool,
    worker: int,
    assigned: dt.datetime,
    started: dt.date,
    until: dt.date,
) -> int:
    """The safety conditions agreed with the family (V&V always, an Onderzoek often), between
    the start of the service and its hand-over. Returns how many."""
    rng, t = planner.rng, planner.t
    low, high = cal.CONDITIONS_PER_INVESTIGATION if investigation else cal.CONDITIONS_PER_SUPPORT
    n = rng.randint(low, high)
    if n == 0:
        return 0
    span = max((until - started).days, 0)
    day = t.working(started + dt.timedelta(days=rng.randint(0, min(span, 14))))
    day = min(day, until)
    at = t.after(assigned, day)
    for i, (description, responsible) in enumerate(rng.sample(CONDITIONS, n)):
        plan.events.append(
            w.Event(
                at + dt.timedelta(minutes=i + 1),
                CONDITION,
                worker,
                {"description": description, "responsible": responsible, "agreed_on": day},
            )
        )
    return n


def score_conditions(
    planner: w.Planner,
    plan: w.ReportPlan,
    *,
    n: int,
    moment: int,
    by: int,
    at: dt.datetime,
    family: int,
) -> None:
    """At a monitoring evaluation every condition gets a mark, close to the family's score."""
    rng = planner.rng
    scores = [min(10, max(1, round(family + rng.gauss(0.2, 1.2)))) for _ in range(n)]
    plan.events.append(
        w.Event(
            at + dt.timedelta(minutes=rng.randint(2, 30)),
            SCORE_CONDITIONS,
            by,
            {"moment": moment, "scores": scores},
        )
    )


def survey(planner: w.Planner, plan: w.ReportPlan, *, by: int, closed: dt.datetime) -> None:
    """After the V&V or Onderzoek is closed, the case worker invites the family (or the
    reporter) to the satisfaction survey; some answer within the link's 30 days."""
    rng, t = planner.rng, planner.t
    if rng.random() >= cal.SURVEY_INVITED:
        return
    at = t.after(closed, t.wd(t.day(closed), rng.randint(1, 10)))
    respondent = "reporter" if rng.random() < cal.SURVEY_TO_REPORTER else "family"
    channel = "email" if rng.random() < cal.SURVEY_BY_EMAIL else "letter"
    plan.events.append(
        w.Event(
            at,
            SURVEY_INVITE,
            by,
            {
                "respondent": respondent,
                "channel": channel,
                "email": f"respondent{plan.key}@example.nl" if channel == "email" else "",
            },
        )
    )
    if rng.random() >= cal.SURVEY_ANSWERED:
        return
    service = min(10, max(1, round(rng.gauss(cal.SURVEY_SCORE_MEAN, cal.SURVEY_SCORE_SD))))
    treatment = min(10, max(1, round(service + rng.gauss(0.3, 1.0))))
    answered = at + dt.timedelta(hours=rng.randint(2, 28 * 24), seconds=rng.randint(0, 3599))
    plan.events.append(
        w.Event(
            answered,
            SURVEY_ANSWER,
            by,
            {"service": service, "treatment": treatment, "comment": rng.choice(SURVEY_COMMENTS)},
        )
    )


def complaint(planner: w.Planner, plan: w.ReportPlan, *, approved: dt.datetime) -> None:
    """A complaint about the handling of a report: most are settled by the complaints officer,
    some withdrawn, a few go to the external committee, which rules on them."""
    rng, t = planner.rng, planner.t
    if rng.random() >= cal.COMPLAINT_SHARE:
        return
    officer = planner.ref.complaints_officer
    received = t.working(t.day(approved) + dt.timedelta(days=rng.randint(7, 120)))
    at = t.after(approved, received)
    events = plan.events
    events.append(
        w.Event(
            at, COMPLAINT, officer, {"received_on": received, "summary": rng.choice(COMPLAINTS)}
        )
    )

    def step(after: dt.datetime, days: tuple[int, int], **data) -> dt.datetime:
        on = t.working(t.day(after) + dt.timedelta(days=rng.randint(*days)))
        moment = t.after(after, on)
        events.append(w.Event(moment, COMPLAINT_STEP, officer, {"on": on, **data}))
        return moment

    if rng.random() < cal.COMPLAINT_WITHDRAWN:
        step(at, (5, 40), stage="withdrawn")
        return
    at = step(at, (14, 60), stage="internal")
    if rng.random() < cal.COMPLAINT_TO_COMMITTEE:
        at = step(at, (14, 60), stage="committee")
        founded = rng.random() < cal.COMPLAINT_WELL_FOUNDED
        step(
            at,
            (40, 120),
            stage="decided",
            well_founded=founded,
            measures=MEASURES if founded else "",
        )
