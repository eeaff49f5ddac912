"""Plans of the work beside report → triage → service: crisis interventions with their 48-hour
hand-over, temporary restraining orders (help offered, the advice to the mayor, extension, end,
aftermath, the crisis team's out-of-hours contributions), Wvggz hearings, information requests
during the safety assessment, interventions around a family and the contact journal.

Pure Python like `world`: the events join the report's plan (one list, sorted by time, cut at
the cut-off) and `acute_writer` turns them into the rows `acute.services` and
`casefile.services` write. Hearings are not about a report: they come as their own stream.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from meldpunt.acute import clocks
from meldpunt.process import deadlines
from meldpunt.synthetic import calibration as cal
from meldpunt.synthetic import world as w

# Event kinds, in the words of the services they stand for.
CRISIS = "crisis"  # acute.services.register_crisis_intervention
CRISIS_COMPLETE = "crisis_complete"  # complete_crisis_intervention
CRISIS_HANDOVER = "crisis_handover"  # hand_over_crisis
ORDER = "order"  # register_restraining_order
ORDER_HELP = "order_help"  # offer_help
ORDER_ADVICE = "order_advice"  # advise_mayor
ORDER_EXTEND = "order_extend"  # extend_order
ORDER_END = "order_end"  # end_order
ORDER_CLOSE = "order_close"  # close_order
ORDER_OUT_OF_HOURS = "order_out_of_hours"  # record_out_of_hours_contribution
INFO_ASK = "info_ask"  # request_information
INFO_ANSWER = "info_answer"  # record_answer
FAMILY_START = "family_start"  # start_family_intervention
FAMILY_END = "family_end"  # end_family_intervention
JOURNAL = "journal"  # casefile.services.add_journal_entry
HEARING_REQUEST = "hearing_request"  # request_hearing
HEARING_RECORD = "hearing_record"  # record_hearing

KINDS = frozenset(
    {
        CRISIS,
        CRISIS_COMPLETE,
        CRISIS_HANDOVER,
        ORDER,
        ORDER_HELP,
        ORDER_ADVICE,
        ORDER_EXTEND,
        ORDER_END,
        ORDER_CLOSE,
        ORDER_OUT_OF_HOURS,
        INFO_ASK,
        INFO_ANSWER,
        FAMILY_START,
        FAMILY_END,
        JOURNAL,
    }
)

CRISIS_SUMMARIES = (
    "Politie belt: escalatie tussen partners, kinderen aanwezig.",
    "Crisis in gezin na geweldsincident; direct veiligheid regelen.",
    "Acute zorgen om een kind na een melding van de politie.",
)
CRISIS_OUTCOMES = {
    "safety_plan": 0.45,
    "shelter": 0.15,
    "restraining_order": 0.1,
    "crisis_care": 0.12,
    "placement": 0.05,
    "no_action": 0.13,
}
ORDER_AFTERMATH = {"handover": 0.55, "service": 0.3, "none": 0.15}
ORDER_HELP_NOTE = "Hulp aangeboden door Veilig Thuis."
QUESTIONS = {
    "police": "Zijn er eerdere incidenten of registraties bij de politie?",
    "school": "Hoe gaat het met het kind op school; zijn er zorgen?",
    "gp": "Zijn er medische zorgen of eerdere signalen bij de huisarts?",
    "brp": "Wie staan er op het adres ingeschreven?",
    "rvdk": "Is de Raad voor de Kinderbescherming betrokken (geweest)?",
    "other_vt": "Is het gezin bekend bij een andere Veilig Thuis-organisatie?",
    "other": "Is het gezin bij u bekend en welke hulp loopt er?",
}
ANSWERED_BY = {
    "police": "Politie Eenheid Rotterdam",
    "school": "Intern begeleider",
    "gp": "Huisartsenpraktijk",
    "brp": "BRP",
    "rvdk": "Raad voor de Kinderbescherming",
    "other_vt": "Veilig Thuis Haaglanden",
    "other": "Wijkteam",
}
ANSWER = "Informatie ontvangen en in de beoordeling meegenomen."
LEAD_ORGANISATIONS = {
    "mda_plus": "MDA++ Rotterdam-Rijnmond",
    "zvh": "Zorg- en Veiligheidshuis Rotterdam-Rijnmond",
    "shelter": "Vrouwenopvang Rotterdam",
    "aware": "Politie Eenheid Rotterdam",
}
JOURNAL_CHANNELS = {
    "home_visit": 0.35,
    "phone": 0.35,
    "conversation": 0.15,
    "partner_consult": 0.15,
}
JOURNAL_PARTICIPANTS = {
    "home_visit": "ouders en kinderen",
    "phone": "moeder",
    "conversation": "vader en moeder",
    "partner_consult": "wijkteam en school",
}
JOURNAL_NOTES = {
    "home_visit": "Huisbezoek: veiligheid besproken, afspraken gemaakt over de kinderen.",
    "phone": "Telefonisch contact over de voortgang van de afspraken.",
    "conversation": "Gesprek op kantoor over de zorgen en de veiligheidsvoorwaarden.",
    "partner_consult": "Overleg met de betrokken hulpverleners over de hulp en de signalen.",
}
TRIAGE_CALL = "Melder gebeld voor aanvullende informatie."
NOT_HEARD = "Betrokkene was niet aanspreekbaar."


def _minutes(rng, low: int, high: int) -> dt.timedelta:
    return dt.timedelta(minutes=rng.randint(low, high), seconds=rng.randint(0, 59))


def _hours(rng, low: int, high: int) -> dt.timedelta:
    return dt.timedelta(hours=rng.randint(low, high), minutes=rng.randint(0, 59))


def _milestones(events: list[w.Event]) -> dict[str, w.Event]:
    """The first proposal and approval, and the main service's assignment and closing proposal
    (one pass over the events)."""
    found: dict[str, w.Event] = {}
    for e in events:
        kind = e.kind
        main = kind in (w.ASSIGN, w.PROPOSE_CLOSE) and e.data["service"] == w.MAIN
        if main or kind in (w.PROPOSE, w.APPROVE):
            found.setdefault(kind, e)
    return found


def plan_report(
    planner: w.Planner,
    plan: w.ReportPlan,
    staff: w.TeamStaff,
    *,
    crisis: bool,
    police: bool,
    start: dt.datetime,
) -> None:
    """Add the acute and file work around `plan` (whose process events are planned)."""
    rng = planner.rng
    crisis_team = staff.crisis or staff.triage
    if crisis:
        _crisis(planner, plan, rng.choice(crisis_team))
    if police and rng.random() < cal.ORDER_SHARE_OF_POLICE_REPORTS:
        _order(planner, plan, staff, rng.choice(crisis_team))
    milestones = _milestones(plan.events)
    propose = milestones[w.PROPOSE]
    triage = propose.by
    if not crisis and rng.random() < cal.INFORMATION_REQUESTED:
        for _ in range(rng.choice((1, 1, 2))):
            _information(planner, plan, triage, after=start)
    if rng.random() < cal.JOURNAL_IN_TRIAGE:
        at = start + _minutes(rng, 5, 180)
        plan.events.append(
            w.Event(
                at,
                JOURNAL,
                triage,
                {
                    "occurred_at": at - _minutes(rng, 5, 60),
                    "channel": "phone",
                    "participants": "melder",
                    "note": TRIAGE_CALL,
                },
            )
        )
    assign = milestones.get(w.ASSIGN)
    if assign is not None:
        close = milestones.get(w.PROPOSE_CLOSE)
        until = close.at if close is not None else assign.at + dt.timedelta(days=70)
        _journal(planner, plan, assign.data["to"], assign.at, until)
    if propose.data["structural"] and rng.random() < cal.FAMILY_INTERVENTION:
        approve = milestones[w.APPROVE]
        by = assign.data["to"] if assign is not None else triage
        _family(planner, plan, by, approve.at)


def _crisis(planner: w.Planner, plan: w.ReportPlan, by: int) -> None:
    rng = planner.rng
    called = plan.received_at
    at = called + _minutes(rng, 1, 15)
    plan.events.append(
        w.Event(
            at,
            CRISIS,
            by,
            {"called_at": called, "summary": rng.choice(CRISIS_SUMMARIES)},
        )
    )
    if rng.random() < cal.CRISIS_COMPLETED_LATER:
        on_site = called + _minutes(rng, 20, 90)
        responders = [by]
        plan.events.append(
            w.Event(
                on_site + _hours(rng, 1, 40),
                CRISIS_COMPLETE,
                by,
                {
                    "on_site_at": on_site,
                    "outcome": w._pick(rng, CRISIS_OUTCOMES),
                    "responders": responders,
                },
            )
        )
    within = rng.random() < cal.CRISIS_HANDOVER_IN_48H
    handed = called + (_hours(rng, 3, 46) if within else _hours(rng, 49, 120))
    plan.events.append(
        w.Event(
            handed + _minutes(rng, 0, 30),
            CRISIS_HANDOVER,
            by,
            {"handed_over_at": handed, "destination": planner._handover(None)["destination"]},
        )
    )


def _order(planner: w.Planner, plan: w.ReportPlan, staff: w.TeamStaff, by: int) -> None:
    rng, ref = planner.rng, planner.ref
    removed = next((row for row, role, _ in plan.people if role == "suspect"), None)
    if removed is None:
        return
    staying = [row for row, role, _ in plan.people if role in ("victim", "child")]
    imposed = (plan.received_at - _hours(rng, 1, 20)).astimezone(w.AMS)
    registered = plan.received_at + _minutes(rng, 30, 240)
    home = staying[0].written if staying else removed.written
    events = plan.events
    events.append(
        w.Event(
            registered,
            ORDER,
            by,
            {
                "imposed_at": imposed,
                "removed": removed,
                "staying": staying,
                "street": home.street,
                "house_number": home.house_number,
                "postcode": home.postcode,
                "city": home.city,
            },
        )
    )
    helper = rng.choice(staff.triage)
    after = registered + dt.timedelta(minutes=10)
    helped = after
    for to_removed in (True, False):
        offered = max(imposed + _hours(rng, 20, 72), after)
        helped = max(helped, offered)
        events.append(
            w.Event(offered, ORDER_HELP, helper, {"to_removed": to_removed, "offered_at": offered})
        )
    end = clocks.order_end(imposed)
    due = clocks.advice_due(imposed, ref.calendar)
    advised = max(due - _hours(rng, 2, 48), registered + dt.timedelta(hours=1))
    extend = rng.random() < cal.ORDER_ADVICE_EXTEND
    events.append(
        w.Event(
            advised,
            ORDER_ADVICE,
            helper,
            {"advice": "extend" if extend else "do_not_extend", "advised_at": advised},
        )
    )
    ends = end
    decided = advised
    if extend and advised + dt.timedelta(hours=13) < end:
        decided = advised + _hours(rng, 1, 12)
        ends = clocks.latest_end(imposed)
        events.append(w.Event(decided, ORDER_EXTEND, by, {"decided_at": decided, "until": ends}))
    if rng.random() < cal.ORDER_LIFTED:
        ended, reason = max(imposed + _hours(rng, 48, 200), decided, helped), "lifted"
    else:
        ended, reason = ends, "expired"
    at = max(ended, decided, helped) + _minutes(rng, 5, 600)
    events.append(w.Event(at, ORDER_END, by, {"ended_at": ended, "reason": reason}))
    closed = at + dt.timedelta(days=rng.randint(1, 14))
    events.append(
        w.Event(closed, ORDER_CLOSE, helper, {"aftermath": w._pick(rng, ORDER_AFTERMATH)})
    )
    opens, closes = ref.office_hours
    if deadlines.is_out_of_hours(imposed, ref.calendar, opens=opens, closes=closes) and (
        rng.random() < cal.ORDER_OUT_OF_HOURS_CONTRIBUTION
    ):
        started = imposed + _minutes(rng, 10, 60)
        if deadlines.is_out_of_hours(started, ref.calendar, opens=opens, closes=closes):
            stopped = started + _minutes(rng, 60, 240)
            events.append(
                w.Event(
                    max(stopped, registered) + _minutes(rng, 5, 60),
                    ORDER_OUT_OF_HOURS,
                    by,
                    {"started_at": started, "ended_at": stopped},
                )
            )


def _information(planner: w.Planner, plan: w.ReportPlan, by: int, *, after: dt.datetime) -> None:
    rng = planner.rng
    source = w._pick(rng, cal.INFORMATION_SOURCES)
    asked = after + _minutes(rng, 10, 300)
    key = sum(1 for e in plan.events if e.kind == INFO_ASK)
    plan.events.append(
        w.Event(asked, INFO_ASK, by, {"key": key, "source": source, "question": QUESTIONS[source]})
    )
    # Answered within days, or after reminders within weeks: no request stays open for good.
    late = rng.random() >= cal.INFORMATION_ANSWERED
    plan.events.append(
        w.Event(
            asked + (_hours(rng, 120, 500) if late else _hours(rng, 1, 96)),
            INFO_ANSWER,
            by,
            {"key": key, "answer": ANSWER, "answered_by": ANSWERED_BY[source]},
        )
    )


def _journal(
    planner: w.Planner, plan: w.ReportPlan, by: int, start: dt.datetime, end: dt.datetime
) -> None:
    rng = planner.rng
    span = max((end - start).total_seconds(), 3600.0)
    for _ in range(rng.randint(*cal.JOURNAL_PER_SERVICE)):
        occurred = start + dt.timedelta(seconds=rng.random() * span)
        channel = w._pick(rng, JOURNAL_CHANNELS)
        plan.events.append(
            w.Event(
                occurred + _minutes(rng, 10, 240),
                JOURNAL,
                by,
                {
                    "occurred_at": occurred,
                    "channel": channel,
                    "participants": JOURNAL_PARTICIPANTS[channel],
                    "note": JOURNAL_NOTES[channel],
                },
            )
        )


def _family(planner: w.Planner, plan: w.ReportPlan, by: int, approved: dt.datetime) -> None:
    rng, t = planner.rng, planner.t
    kind = w._pick(rng, cal.FAMILY_INTERVENTIONS)
    start_day = t.wd(t.day(approved), rng.randint(1, 15))
    at = t.after(approved, start_day)
    vt_leads = kind == "mda_plus" and rng.random() < 0.3
    plan.events.append(
        w.Event(
            at,
            FAMILY_START,
            by,
            {
                "kind": kind,
                "started_on": start_day,
                "lead": "Veilig Thuis" if vt_leads else LEAD_ORGANISATIONS[kind],
                "vt_leads": vt_leads,
            },
        )
    )
    # Every intervention ends, after one to eighteen months; those still running are recent.
    end_day = t.working(start_day + dt.timedelta(days=rng.randint(30, 540)))
    plan.events.append(
        w.Event(t.after(at, end_day), FAMILY_END, by, {"kind": kind, "ended_on": end_day})
    )


# --------------------------------------------------------------------------- hearings


@dataclass(eq=False, slots=True)
class HearingPlan:
    key: int
    requested_at: dt.datetime
    municipality_id: int
    events: list[w.Event] = field(default_factory=list)


class HearingStream:
    """Hearings under the Wvggz on behalf of the mayors, in order of request: 400 a year per
    4,600 reports, spread over the day and the week (crisis measures do not keep office hours)."""

    def __init__(self, planner: w.Planner, *, n_reports: int):
        self.planner = planner
        self.rng = w.FastRandom(f"meldpunt-{planner.seed}-hearings")
        n = round(n_reports * cal.HEARINGS_PER_REPORT)
        span = (planner.cutoff - planner.start).total_seconds()
        self.times = sorted(
            planner.start + dt.timedelta(seconds=self.rng.random() * span) for _ in range(n)
        )
        self.next = 0

    def until(self, moment: dt.datetime) -> list[HearingPlan]:
        out = []
        while self.next < len(self.times) and self.times[self.next] < moment:
            out.append(self._plan(self.next, self.times[self.next]))
            self.next += 1
        return out

    def _plan(self, key: int, requested: dt.datetime) -> HearingPlan:
        rng, planner = self.rng, self.planner
        muni = planner._municipality_for_advice(rng, requested)
        staff = planner.ref.teams.get(muni.work_area_id) or planner.ref.teams[None]
        by = rng.choice(staff.crisis or staff.triage)
        plan = HearingPlan(key=key, requested_at=requested, municipality_id=muni.id)
        plan.events.append(w.Event(requested + _minutes(rng, 1, 30), HEARING_REQUEST, by, {}))
        if rng.random() < cal.HEARING_NOT_HEARD:
            sent = requested + _hours(rng, 2, 12)
            data = {"heard_at": None, "not_heard_reason": NOT_HEARD, "report_sent_at": sent}
        else:
            heard = requested + _hours(rng, 1, 20)
            sent = heard + _hours(rng, 1, 6)
            data = {"heard_at": heard, "not_heard_reason": "", "report_sent_at": sent}
        plan.events.append(w.Event(sent + _minutes(rng, 0, 30), HEARING_RECORD, by, data))
        plan.events = [e for e in plan.events if e.at <= planner.cutoff]
        return plan
