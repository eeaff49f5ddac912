"""The synthetic world and its plans: real households and people, and for every report the
whole course of its process as a list of dated events (what each professional did when).

Pure Python, no database: `plan_batches` yields the plans in order of receipt; `writer` turns
them into exactly the rows the services would write, and a test replays the same plans through
the services to check that. Everything is drawn from one seeded random generator, so the same
seed and period give the same world.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass, field

from meldpunt.process import deadlines
from meldpunt.synthetic import calibration as cal
from meldpunt.synthetic import casework
from meldpunt.synthetic.names import Pools, Written, bsn, postcode, vary

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
UTC = dt.UTC  # all moments are kept in UTC: arithmetic on Amsterdam wall time skips DST

# Event kinds, in the words of the services they stand for.
REGISTER = "register"  # registry.services.register_report
START = "start"  # process.services.start_assessment
PROPOSE = "propose"  # propose_triage_decision
APPROVE = "approve"  # approve_triage_decision
ASSIGN = "assign"  # teams.services.assign (a service to a case worker)
INFORM = "inform"  # inform (feedback to the reporter, informing the people involved)
HANDOVER = "handover"  # record_handover
EXTEND = "extend"  # extend_term (of a service's term)
PROPOSE_CLOSE = "propose_close"  # propose_service_close
APPROVE_CLOSE = "approve_close"  # approve_service_close
EVALUATION = "evaluation"  # record_evaluation
CLOSE = "close"  # close_report
TRANSFER = "transfer"  # transfer_to_region
RETURN = "return"  # return_to_police
REJECT = "reject"  # reject_triage_decision (four eyes: the second professional sends it back)

MAIN = "main"  # the V&V or Onderzoek of a report
MONITORING = "monitoring"


# --------------------------------------------------------------------------- reference data


@dataclass(frozen=True)
class Muni:
    id: int
    cbs_code: str
    name: str
    work_area_id: int | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    successor_code: str | None
    served: bool
    weight: float  # expected reports: population x reports per 1,000

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True)
class District:
    id: int
    name: str
    work_area_id: int
    weight: float


@dataclass(frozen=True)
class TeamStaff:
    team_id: int
    intake: tuple[int, ...]
    triage: tuple[int, ...]
    approvers: tuple[int, ...]
    case_workers: tuple[int, ...]
    lead: int
    crisis: tuple[int, ...] = ()

    @property
    def everyone(self) -> tuple[int, ...]:
        return (
            *self.intake,
            *self.triage,
            *self.approvers,
            *self.case_workers,
            *self.crisis,
            self.lead,
        )


@dataclass(frozen=True)
class Reference:
    """What the generator needs to know of the database, as plain values."""

    municipalities: tuple[Muni, ...]
    rotterdam_districts: tuple[District, ...]
    reporter_types: dict[str, tuple[int, bool]]  # code -> (id, professional)
    violence_forms: dict[str, int]  # code -> id
    destinations: dict[str, tuple[int, str]]  # name -> (id, code)
    teams: dict[int | None, TeamStaff]  # work area id (None: outside the region) -> staff
    calendar: deadlines.HolidayCalendar
    triage_working_days: int
    feedback_working_days: int
    support_weeks: int
    investigation_weeks: int
    monitoring_months: tuple[int, ...]
    complaints_officer: int = 0
    office_hours: tuple[dt.time, dt.time] = (dt.time(8), dt.time(17))  # the organisation's


# --------------------------------------------------------------------------- the world


@dataclass(eq=False, slots=True)
class RealHousehold:
    key: int
    muni: Muni
    district: District | None
    street: str
    house_number: str
    postcode: str
    city: str
    form: str
    adults: list[RealPerson] = field(default_factory=list)
    children: list[RealPerson] = field(default_factory=list)
    victim: RealPerson | None = None
    suspect: RealPerson | None = None
    reports: list[ReportPlan] = field(default_factory=list)


@dataclass(eq=False, slots=True)
class RealPerson:
    key: int
    household: RealHousehold
    given_names: str
    surname_prefix: str
    surname: str
    date_of_birth: dt.date
    sex: str
    bsn: str
    rows: list[PersonRow] = field(default_factory=list)


@dataclass(eq=False, slots=True)
class PersonRow:
    """One Person row in the register."""

    key: int  # position among the Person rows of the run (id = first id + key)
    real: RealPerson
    written: Written
    municipality_id: int
    household_key: int
    created_at: dt.datetime
    reports: list[ReportPlan] = field(default_factory=list)


@dataclass(slots=True)
class Event:
    at: dt.datetime
    kind: str
    by: int
    data: dict


@dataclass(frozen=True, slots=True)
class ReporterPlan:
    type_id: int
    name: str
    organisation: str
    phone: str
    email: str
    anonymous: bool
    wants_feedback: bool


@dataclass(eq=False, slots=True)
class ReportPlan:
    key: int  # position among the reports of the run (id = first id + key)
    received_at: dt.datetime
    source: str
    police_reference: str | None
    municipality_id: int
    district_id: int | None
    work_area_id: int | None
    team_id: int
    acute: bool
    description: str
    violence_form_ids: list[int]
    reporter: ReporterPlan
    people: list[tuple[PersonRow, str, bool]]  # (row, role, new row made by this report)
    household_key: int  # the register's household (and case: one case per household)
    new_household: bool
    events: list[Event] = field(default_factory=list)
    prior_involvement: str = ""
    # Milestones for classifying later reports (None: not before the cut-off).
    approved_at: dt.datetime | None = None
    routed_at: dt.datetime | None = None
    main_closed_at: dt.datetime | None = None
    monitoring_closed_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    has_main: bool = False
    main_started_on: dt.date | None = None
    monitoring_started_on: dt.date | None = None
    # A new file shielded for the team that handles it (`Case.shielded_for`), or None.
    shielded_for: tuple[int, ...] | None = None
    from_advice: AdvicePlan | None = None  # registered by turning this advice into a report


@dataclass(eq=False, slots=True)
class AdvicePlan:
    key: int
    received_at: dt.datetime
    by: int
    asker_type_id: int
    anonymous: bool
    consent: bool
    asker_name: str
    asker_organisation: str
    asker_phone: str
    municipality_id: int | None
    violence_form_ids: list[int]
    question: str
    advice_given: str
    converted: bool = False


@dataclass(eq=False, slots=True)
class Batch:
    index: int
    reports: list[ReportPlan]
    advice: list[AdvicePlan]
    hearings: list
    new_rows: list[PersonRow]
    new_households: list[int]


# --------------------------------------------------------------------------- texts

DESCRIPTIONS = {
    "partnergeweld": "Ruzie tussen partners met duwen en slaan; politie ter plaatse geweest.",
    "getuige-huiselijk-geweld": "Kinderen waren aanwezig bij geweld tussen de ouders.",
    "kindermishandeling-lichamelijk": "Blauwe plekken bij het kind, uitleg van ouders past niet.",
    "kindermishandeling-psychisch": "Kind wordt structureel uitgescholden en gekleineerd.",
    "kindermishandeling-seksueel": "Vermoeden van seksueel misbruik van een kind.",
    "verwaarlozing": "Kind komt zonder eten en in vuile kleren naar school.",
    "complexe-scheiding": "Ouders in vechtscheiding; kinderen klem tussen beide ouders.",
    "kwetsbare-opvoedsituatie": "Ouder met psychische problemen; zorgen over de opvoeding.",
    "geweld-tegen-ouders": "Zoon bedreigt en slaat zijn ouder.",
    "ouderenmishandeling": "Zorgen over financiële uitbuiting van een oudere door familie.",
    "familiegeweld-overig": "Geweld tussen familieleden in één huis.",
    "eergerelateerd": "Signalen van eergerelateerd geweld en dreigende huwelijksdwang.",
    "belaging": "Ex-partner blijft berichten sturen en staat voor de deur.",
    "seksueel-geweld": "Melding van seksueel geweld tussen volwassenen.",
    "mensenhandel": "Signalen van seksuele uitbuiting van een jongvolwassene.",
    "andere-problematiek": "Zorgen over de thuissituatie zonder duidelijk geweld.",
    "geen": "Na navraag geen signalen van huiselijk geweld.",
    "onbekend": "Onduidelijke melding; nadere informatie nodig.",
}
OUTCOME_RATIONALE = {
    "overdracht": "Hulp is passend bij het lokale veld; overdracht met afspraken.",
    "voorwaarden_vervolg": "Veiligheidsvoorwaarden nodig; Veilig Thuis regelt vervolghulp.",
    "onderzoek": "Onduidelijk of er sprake is van geweld; onderzoek nodig.",
    "verzoek_rvdk": "Ouders werken niet mee; verzoek tot onderzoek bij de Raad.",
    "einde_bemoeienis": "Geen verdere inzet van Veilig Thuis nodig.",
}
ASSESSMENT_RATIONALE = {
    (True, True): "Acute en structurele onveiligheid vastgesteld.",
    (True, False): "Acute onveiligheid; crisisinterventie ingezet.",
    (False, True): "Structurele onveiligheid, geen acute dreiging.",
    (False, False): "Geen acute of structurele onveiligheid.",
}
CONCLUSIONS = {
    MAIN: "Veiligheidsvoorwaarden afgesproken en hulp overgedragen.",
    MONITORING: "Monitoring afgerond; veiligheid is stabiel.",
}
REJECT_REASONS = (
    "Onderbouwing van de veiligheidsbeoordeling is onvoldoende; vraag eerst informatie op.",
    "Niet eens met het besluit: de onveiligheid vraagt om meer dan een overdracht.",
    "De kinderen zijn niet gezien in de beoordeling; graag aanvullen.",
)
EXTENSION_REASON = "Onderzoek vraagt meer tijd: informatie van betrokken partijen ontbreekt."
RETURN_REASON = "Geen huiselijk geweld of kindermishandeling: niet voor Veilig Thuis."
TRANSFER_REASON = "Het gezin woont buiten de regio."
ADVICE_QUESTIONS = {
    "partnergeweld": "Mijn buurvrouw wordt geslagen door haar partner; wat kan ik doen?",
    "getuige-huiselijk-geweld": "Een leerling vertelt over ruzies thuis; hoe pak ik dit aan?",
    "kindermishandeling-lichamelijk": "Ik zie vaak blauwe plekken bij een kind; wat nu?",
    "verwaarlozing": "Een kind in de klas komt vaak zonder eten; moet ik iets doen?",
    "ouderenmishandeling": "Ik vermoed dat mijn oom mijn oma financieel uitbuit.",
}
ADVICE_DEFAULT_QUESTION = "Ik maak mij zorgen over de thuissituatie; wat kan ik doen?"
ADVICE_GIVEN = "Advies gegeven over de stappen van de meldcode en het gesprek met het gezin."

CHILD_FORMS = {
    "getuige-huiselijk-geweld",
    "kindermishandeling-lichamelijk",
    "kindermishandeling-psychisch",
    "kindermishandeling-seksueel",
    "verwaarlozing",
    "complexe-scheiding",
    "kwetsbare-opvoedsituatie",
}
ORGANISATIONS = {
    "politie": ("Politie Eenheid Rotterdam",),
    "justitie-overig": ("Openbaar Ministerie", "Reclassering Nederland"),
    "huisarts": ("Huisartsenpraktijk",),
    "ziekenhuis": ("Erasmus MC", "Maasstad Ziekenhuis", "Ikazia Ziekenhuis", "Franciscus"),
    "jgz": ("CJG Rijnmond",),
    "ggz": ("GGZ Delfland", "Antes", "Parnassia"),
    "kinderopvang": ("Kinderopvang De Boomhut", "Kinderdagverblijf Het Kasteel"),
    "onderwijs": ("Basisschool De Regenboog", "Basisschool Het Anker", "Zadkine"),
    "leerplicht": ("Bureau Leerplicht",),
    "gi": ("Jeugdbescherming Rotterdam Rijnmond", "William Schrikker Stichting"),
    "jeugdhulp": ("Enver", "Pluryn", "Timon"),
    "wijkteam": ("Wijkteam",),
    "vt-andere-regio": ("Veilig Thuis Haaglanden", "Veilig Thuis Zuid-Holland Zuid"),
    "andere-organisatie": ("Woonstad Rotterdam", "Leger des Heils", "Humanitas"),
}


# --------------------------------------------------------------------------- helpers


class FastRandom(random.Random):
    """random.Random with a cheaper randint (the planner draws millions); still seeded."""

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]

    def choices(self, population, weights=None, *, cum_weights=None, k=1):
        if k != 1:
            return super().choices(population, weights, cum_weights=cum_weights, k=k)
        if cum_weights is None:
            cum_weights = list(itertools.accumulate(weights))
        x = self.random() * cum_weights[-1]
        return [population[bisect.bisect(cum_weights, x, 0, len(population) - 1)]]


_CUMULATIVE: dict[int, tuple[dict, list, list]] = {}


def _pick(rng: random.Random, weights: dict) -> str:
    found = _CUMULATIVE.get(id(weights))
    if found is None or found[0] is not weights:
        total, cum = 0.0, []
        for value in weights.values():
            total += value
            cum.append(total)
        found = _CUMULATIVE[id(weights)] = (weights, list(weights), cum)
    return rng.choices(found[1], cum_weights=found[2])[0]


class _Times:
    def __init__(self, ref: Reference, rng: random.Random):
        self.cal = ref.calendar
        self.rng = rng
        self._base: dict[dt.date, dt.datetime] = {}
        self._wd: dict[tuple[dt.date, int], dt.date] = {}
        self._working: dict[dt.date, dt.date] = {}

    @staticmethod
    def day(moment: dt.datetime) -> dt.date:
        """The Amsterdam date of `moment`. Amsterdam is 1 or 2 hours ahead of UTC, so before
        22:00 UTC the date is the UTC date (the planner keeps its moments in UTC)."""
        if moment.tzinfo is UTC and moment.hour < 22:
            return moment.date()
        return moment.astimezone(AMS).date()

    def office(self, day: dt.date) -> dt.datetime:
        """A moment in office hours (08:15-17:15 Amsterdam time) on `day`, in UTC."""
        base = self._base.get(day)
        if base is None:
            noon = dt.datetime(day.year, day.month, day.day, 12, tzinfo=AMS)
            base = self._base[day] = (
                dt.datetime(day.year, day.month, day.day, tzinfo=UTC) - noon.utcoffset()
            )
        rng = self.rng
        return base + dt.timedelta(
            seconds=rng.randint(8 * 3600 + 900, 17 * 3600 + 900),
            microseconds=rng.randint(0, 999_999),
        )

    def after(self, prev: dt.datetime, day: dt.date) -> dt.datetime:
        """Office hours on `day`, but always after `prev`."""
        moment = self.office(day)
        if moment <= prev:
            moment = prev + dt.timedelta(
                minutes=self.rng.randint(3, 90), microseconds=self.rng.randint(0, 999_999)
            )
        return moment

    def wd(self, day: dt.date, n: int) -> dt.date:
        if n <= 0:
            return day
        found = self._wd.get((day, n))
        if found is None:
            found = self._wd[(day, n)] = deadlines.add_working_days(day, n, self.cal)
        return found

    def working(self, day: dt.date) -> dt.date:
        found = self._working.get(day)
        if found is None:
            found = self._working[day] = deadlines.next_working_day(day, self.cal)
        return found


# --------------------------------------------------------------------------- the planner


class Planner:
    """Draws the world report by report, in order of receipt."""

    def __init__(
        self,
        *,
        seed: int,
        reports: int,
        start: dt.datetime,
        cutoff: dt.datetime,
        ref: Reference,
        pools: Pools,
        run_no: int = 1,
        batch_size: int = 2000,
    ):
        self.seed = seed
        self.n = reports
        self.start = start.astimezone(UTC)
        self.cutoff = cutoff.astimezone(UTC)
        self.ref = ref
        self.pools = pools
        self.run_no = run_no
        self.batch_size = batch_size
        self.rng = FastRandom(f"meldpunt-{seed}-reports")
        from meldpunt.synthetic import acute  # plans the acute work beside the reports

        self.acute = acute
        self.t = _Times(ref, self.rng)
        self.households: list[RealHousehold] = []
        self.people = 0
        self.rows = 0
        self.reg_households = 0
        self.reported: list[tuple[dt.datetime, RealHousehold]] = []
        self.reported_times: list[dt.datetime] = []
        self.type_codes = list(cal.reporter_type_shares())
        self.type_weights = list(cal.reporter_type_shares().values())
        dest = cal.referral_shares()
        self.destinations = [ref.destinations[name][0] for name in dest]
        self.destination_weights = list(dest.values())

    # ---------------------------------------------------------------- receipt times

    def _times(self, rng: random.Random, n: int, office_share: list[bool]) -> list[dt.datetime]:
        span = (self.cutoff - self.start).total_seconds()
        out = []
        for office in office_share:
            while True:
                moment = self.start + dt.timedelta(seconds=rng.random() * span)
                local = moment.astimezone(AMS)
                weekend = local.weekday() >= 5
                if office:
                    # Professionals report on working days in office hours.
                    if weekend or not 8 <= local.hour < 18:
                        continue
                elif weekend and rng.random() < 0.3:
                    continue
                out.append(moment.replace(microsecond=rng.randint(0, 999_999)))
                break
        out.sort()
        for i in range(1, n):  # strictly increasing: the order of receipt is the order of keys
            if out[i] <= out[i - 1]:
                out[i] = out[i - 1] + dt.timedelta(microseconds=1)
        return out

    # ---------------------------------------------------------------- batches

    def batches(self) -> Iterator[Batch]:
        rng = self.rng
        types = rng.choices(self.type_codes, weights=self.type_weights, k=self.n)
        office = [code != "politie" and code not in ("omgeving", "betrokkene") for code in types]
        times = self._times(rng, self.n, office)
        adv_rng = FastRandom(f"meldpunt-{self.seed}-advice")
        n_advice = round(self.n * cal.ADVICE_PER_REPORT)
        advice_times = self._times(adv_rng, n_advice, [True] * n_advice)
        advice_types = adv_rng.choices(
            list(cal.ADVICE_ASKERS), weights=list(cal.ADVICE_ASKERS.values()), k=n_advice
        )
        hearings = self.acute.HearingStream(self, n_reports=self.n)
        self.open_advice: dict[int, list[AdvicePlan]] = {}  # asker type id -> recent advice
        a = 0
        for index, first in enumerate(range(0, self.n, self.batch_size)):
            last = min(first + self.batch_size, self.n)
            rows_before, households_before = self.rows, self.reg_households
            advice: list[AdvicePlan] = []
            plans = []
            for key in range(first, last):
                # The advice requests received before this report: it may come from one.
                while a < n_advice and advice_times[a] < times[key]:
                    plan = self._advice(adv_rng, a, advice_times[a], advice_types[a])
                    self.open_advice.setdefault(plan.asker_type_id, []).append(plan)
                    advice.append(plan)
                    a += 1
                plans.append(self._report(key, times[key], types[key]))
            new_rows = [row for p in plans for row, _, new in p.people if new]
            until = times[last] if last < self.n else self.cutoff
            while a < n_advice and advice_times[a] < until:
                plan = self._advice(adv_rng, a, advice_times[a], advice_types[a])
                self.open_advice.setdefault(plan.asker_type_id, []).append(plan)
                advice.append(plan)
                a += 1
            assert len(new_rows) == self.rows - rows_before
            yield Batch(
                index=index,
                reports=plans,
                advice=advice,
                hearings=hearings.until(until),
                new_rows=new_rows,
                new_households=list(range(households_before, self.reg_households)),
            )

    def _advice_to_convert(self, type_code: str, received_at: dt.datetime) -> AdvicePlan | None:
        """A recent advice request by the same kind of asker that is turned into this report."""
        if type_code not in cal.ADVICE_ASKERS or self.rng.random() >= cal.REPORT_FROM_ADVICE:
            return None
        recent = self.open_advice.get(self.ref.reporter_types[type_code][0])
        since = received_at - dt.timedelta(days=cal.ADVICE_CONVERTED_WITHIN_DAYS)
        while recent and recent[0].received_at < since:
            recent.pop(0)
        return recent.pop() if recent else None

    # ---------------------------------------------------------------- households

    def _municipality(self, day: dt.date) -> Muni:
        candidates = [m for m in self.ref.municipalities if m.valid_on(day) and m.weight > 0]
        return self.rng.choices(candidates, weights=[m.weight for m in candidates])[0]

    def _address(self, muni: Muni, district: District | None) -> tuple[str, str, str, str]:
        rng = self.rng
        (low, high), places = cal.PLACES.get(muni.cbs_code, ((3011, 3089), (muni.name,)))
        city = rng.choice(places)
        if district is not None and district.name in cal.DISTRICT_PLACES:
            (low, high), city = cal.DISTRICT_PLACES[district.name]
        number = str(rng.randint(1, 240))
        if rng.random() < 0.12:
            number += rng.choice(("A", "B", "-1", "-2", " bis"))
        return rng.choice(self.pools.streets), number, postcode(rng, low, high), city

    def _person(
        self, hh: RealHousehold, *, sex: str, age: tuple[int, int], on: dt.date, surname=None
    ) -> RealPerson:
        rng = self.rng
        names = self.pools.female if sex == "v" else self.pools.male
        n_given = rng.choices((1, 2, 3), weights=(45, 40, 15))[0]
        given = " ".join(dict.fromkeys(rng.choice(names) for _ in range(n_given)))
        prefix, name = surname or rng.choice(self.pools.surnames)
        years = rng.randint(*age)
        born = on - dt.timedelta(days=years * 365 + rng.randint(0, 364))
        person = RealPerson(
            key=self.people,
            household=hh,
            given_names=given,
            surname_prefix=prefix,
            surname=name,
            date_of_birth=born,
            sex=sex,
            bsn=bsn(rng),
        )
        self.people += 1
        return person

    def _household(self, on: dt.date, form: str) -> RealHousehold:
        rng = self.rng
        muni = self._municipality(on)
        district = None
        if muni.cbs_code == "GM0599" and self.ref.rotterdam_districts:
            ds = self.ref.rotterdam_districts
            district = rng.choices(ds, weights=[d.weight for d in ds])[0]
        street, number, pc, city = self._address(muni, district)
        hh = RealHousehold(
            key=len(self.households),
            muni=muni,
            district=district,
            street=street,
            house_number=number,
            postcode=pc,
            city=city,
            form=form,
        )
        self.households.append(hh)
        family = rng.choice(self.pools.surnames)
        if form == "ouderenmishandeling":
            elder = self._person(hh, sex=rng.choice("vm"), age=(66, 92), on=on, surname=family)
            child = self._person(hh, sex=rng.choice("vm"), age=(35, 62), on=on, surname=family)
            hh.adults = [elder, child]
            hh.victim, hh.suspect = elder, child
            return hh
        if form == "geweld-tegen-ouders":
            parent = self._person(hh, sex=rng.choice("vvm"), age=(40, 62), on=on, surname=family)
            child = self._person(hh, sex=rng.choice("mmv"), age=(14, 30), on=on, surname=family)
            hh.adults, hh.children = [parent], [child]
            hh.victim, hh.suspect = parent, child
            return hh
        with_children = form in CHILD_FORMS or rng.random() < 0.55
        single = form in CHILD_FORMS and rng.random() < 0.3
        victim_sex = "v" if rng.random() < 0.8 else "m"
        partner_sex = ("m" if victim_sex == "v" else "v") if rng.random() < 0.92 else victim_sex
        victim = self._person(hh, sex=victim_sex, age=(20, 55), on=on)
        hh.adults = [victim]
        hh.victim = victim
        if not single:
            partner = self._person(hh, sex=partner_sex, age=(20, 58), on=on, surname=family)
            hh.adults.append(partner)
            hh.suspect = partner
        if with_children:
            father = next((p for p in hh.adults if p.sex == "m"), hh.adults[0])
            kid_surname = (father.surname_prefix, father.surname)
            kids = rng.choices((1, 2, 3, 4), weights=(40, 35, 18, 7))[0]
            for _ in range(kids):
                kid = self._person(
                    hh, sex=rng.choice("vm"), age=(0, 17), on=on, surname=kid_surname
                )
                hh.children.append(kid)
            if len(hh.children) >= 2 and rng.random() < 0.05:  # twins
                twin, other = hh.children[0], hh.children[1]
                other.date_of_birth = twin.date_of_birth
            son = next((c for c in hh.children if c.sex == "m"), None)
            if son is not None and father.sex == "m" and rng.random() < 0.06:  # junior
                son.given_names = father.given_names
        return hh

    # ---------------------------------------------------------------- one report

    def _who(self, hh: RealHousehold, form: str) -> list[tuple[RealPerson, str]]:
        """Who a report about `hh` names, with their roles; each person once."""
        seen: dict[int, tuple[RealPerson, str]] = {}
        for person, role in self._roles(hh, form):
            seen.setdefault(person.key, (person, role))
        return list(seen.values())

    def _roles(self, hh: RealHousehold, form: str) -> list[tuple[RealPerson, str]]:
        rng = self.rng
        out: list[tuple[RealPerson, str]] = []
        if form in CHILD_FORMS and hh.children:
            if form in ("getuige-huiselijk-geweld",) and hh.victim is not None:
                out.append((hh.victim, "victim"))
                if hh.suspect is not None:
                    out.append((hh.suspect, "suspect"))
            else:
                role = "other" if form == "complexe-scheiding" else "suspect"
                for adult in hh.adults:
                    out.append((adult, role))
            out += [(c, "child") for c in hh.children]
            return out
        if hh.victim is not None:
            out.append((hh.victim, "victim"))
        if hh.suspect is not None:
            out.append((hh.suspect, "suspect"))
        for adult in hh.adults:
            if adult is not hh.victim and adult is not hh.suspect:
                out.append((adult, "other"))
        if hh.children and (form == "partnergeweld" or rng.random() < 0.5):
            role = "child"
            out += [(c, role) for c in hh.children if c is not hh.suspect]
        return out

    def _written(self, person: RealPerson, *, police: bool, variations: int) -> Written:
        rng = self.rng
        hh = person.household
        given = person.given_names
        if not police and rng.random() < 0.6:
            given = given.split()[0]
        w = Written(
            given_names=given,
            surname_prefix=person.surname_prefix,
            surname=person.surname,
            date_of_birth=person.date_of_birth if rng.random() < 0.93 else None,
            sex=person.sex,
            bsn=person.bsn if rng.random() < (0.8 if police else 0.35) else "",
            street=hh.street,
            house_number=hh.house_number,
            postcode=hh.postcode,
            city=hh.city,
        )
        if variations:
            w = vary(rng, w, how_many=variations)
        return w

    def _reporter(self, code: str) -> ReporterPlan:
        rng = self.rng
        type_id, professional = self.ref.reporter_types[code]
        names = self.pools.female if rng.random() < 0.6 else self.pools.male
        prefix, surname = rng.choice(self.pools.surnames)
        name = " ".join(p for p in (rng.choice(names), prefix, surname) if p)
        if code in ORGANISATIONS:
            org = rng.choice(ORGANISATIONS[code])
            if code in ("huisarts", "wijkteam"):
                org = f"{org} {surname}" if code == "huisarts" else f"{org} {rng.randint(1, 40)}"
            phone = f"010-{rng.randint(2000000, 4999999)}"
        else:
            org = ""
            phone = f"06-{rng.randint(10000000, 99999999)}"
        anonymous = rng.random() < (0.04 if professional else 0.45)
        feedback = rng.random() < (0.9 if code == "politie" else 0.85 if professional else 0.6)
        return ReporterPlan(type_id, name, org, phone, "", anonymous, feedback)

    def _forms(self, hh: RealHousehold | None, primary: str) -> list[str]:
        forms = [primary]
        if (
            primary == "partnergeweld"
            and hh is not None
            and hh.children
            and self.rng.random() < cal.WITNESS_WITH_PARTNER_VIOLENCE
        ):
            forms.append("getuige-huiselijk-geweld")
        return forms

    def _report(self, key: int, received_at: dt.datetime, type_code: str) -> ReportPlan:
        rng = self.rng
        day = _Times.day(received_at)
        police = type_code == "politie"

        # About which household: one reported before, or a new one.
        hh: RealHousehold | None = None
        if self.reported and rng.random() < cal.REPEAT_SHARE:
            if rng.random() < cal.RECENT_REPEAT_SHARE:
                since = received_at - dt.timedelta(days=cal.RECENT_REPEAT_DAYS)
                lo = bisect.bisect_left(self.reported_times, since)
                hh = (
                    self.reported[rng.randrange(lo, len(self.reported))][1]
                    if lo < len(self.reported)
                    else None
                )
            if hh is None:
                hh = self.reported[rng.randrange(len(self.reported))][1]
        if hh is None:
            primary = _pick(rng, cal.VIOLENCE_FORMS)
            hh = self._household(day, primary)
            repeat = False
        else:
            primary = hh.form if rng.random() < 0.7 else _pick(rng, cal.VIOLENCE_FORMS)
            if (primary in CHILD_FORMS and not hh.children) or primary in (
                "ouderenmishandeling",
                "geweld-tegen-ouders",
            ):
                primary = hh.form
            repeat = True
        forms = self._forms(hh, primary)

        muni = hh.muni
        while not muni.valid_on(day) and muni.successor_code:
            muni = next(m for m in self.ref.municipalities if m.cbs_code == muni.successor_code)
        district = hh.district if muni.cbs_code == "GM0599" else None
        work_area_id = district.work_area_id if district else muni.work_area_id
        staff = self.ref.teams.get(work_area_id) or self.ref.teams[None]

        # The people, as this registration writes them.
        linked = repeat and rng.random() < cal.LINKED_SHARE_OF_REPEATS
        people: list[tuple[PersonRow, str, bool]] = []
        reg_household: int | None = None
        register_at = received_at
        for person, role in self._who(hh, forms[0]):
            if linked and person.rows:
                row = person.rows[-1]
                people.append((row, role, False))
                if reg_household is None:
                    reg_household = row.household_key
                continue
            variations = 0
            if repeat:
                variations = rng.choices((0, 1, 2), weights=(35, 40, 25))[0]
            elif rng.random() < 0.12:
                variations = 1
            written = self._written(person, police=police, variations=variations)
            row = PersonRow(
                key=self.rows,
                real=person,
                written=written,
                municipality_id=muni.id,
                household_key=-1,
                created_at=register_at,
            )
            self.rows += 1
            people.append((row, role, True))
        new_household = reg_household is None
        if new_household:
            reg_household = self.reg_households
            self.reg_households += 1
        for row, _, new in people:
            if new:
                row.household_key = reg_household
                row.real.rows.append(row)

        year = received_at.astimezone(AMS).year
        plan = ReportPlan(
            key=key,
            received_at=received_at,
            source="police" if police else "web",
            police_reference=f"PL17{self.run_no:02d}-{year}-{key:07d}" if police else None,
            municipality_id=muni.id,
            district_id=district.id if district else None,
            work_area_id=work_area_id,
            team_id=staff.team_id,
            acute=False,
            description=DESCRIPTIONS[forms[0]],
            violence_form_ids=[self.ref.violence_forms[f] for f in forms],
            reporter=self._reporter(type_code),
            people=people,
            household_key=reg_household,
            new_household=new_household,
        )
        if not police:
            plan.from_advice = self._advice_to_convert(type_code, received_at)
            if plan.from_advice is not None:
                plan.from_advice.converted = True
                plan.source = "advice"
        if new_household and rng.random() < cal.SHIELDED_SHARE:
            plan.shielded_for = staff.everyone
        for row, _, _ in people:
            row.reports.append(plan)
        self._timeline(plan, staff, served=muni.served, police=police)
        hh.reports.append(plan)
        self.reported.append((received_at, hh))
        self.reported_times.append(received_at)
        return plan

    # ---------------------------------------------------------------- the process

    def _timeline(self, plan: ReportPlan, staff: TeamStaff, *, served: bool, police: bool) -> None:
        rng, t, ref = self.rng, self.t, self.ref
        events = plan.events
        received = plan.received_at
        rday = t.day(received)
        intake = rng.choice(staff.intake)
        triage = rng.choice(staff.triage)
        approver = rng.choice(staff.approvers)
        events.append(Event(received, REGISTER, intake, {}))

        crisis = rng.random() < cal.CRISIS_SHARE
        plan.acute = crisis or rng.random() < cal.ACUTE_WITHOUT_CRISIS_SHARE

        if not served or (police and rng.random() < cal.RETURNED_TO_POLICE_SHARE):
            start = t.after(received, t.wd(rday, rng.randint(0, 1)))
            events.append(Event(start, START, triage, {}))
            at = t.after(start, t.wd(t.day(start), rng.randint(0, 2)))
            if served:
                events.append(Event(at, RETURN, triage, {"reason": RETURN_REASON}))
            else:
                events.append(
                    Event(at, TRANSFER, triage, {"to": cal.OTHER_REGION, "reason": TRANSFER_REASON})
                )
            self._finish(plan)
            return

        outcome = _pick(rng, cal.TRIAGE_OUTCOMES)
        if crisis:
            start = received + dt.timedelta(minutes=rng.randint(5, 40))
            propose = start + dt.timedelta(minutes=rng.randint(20, 120))
            approve = propose + dt.timedelta(
                minutes=rng.randint(10, 60), seconds=rng.randint(0, 59)
            )
        else:
            if rng.random() < cal.TRIAGE_ON_TIME:
                d = rng.choices((1, 2, 3, 4, 5), weights=(8, 14, 20, 26, 32))[0]
            else:
                d = ref.triage_working_days + 1 + min(int(rng.expovariate(0.3)), 25)
            k_start = rng.randint(0, max(0, min(2, d - 1)))
            k_prop = rng.randint(k_start, d)
            start = t.after(received, t.wd(rday, k_start))
            propose = t.after(start, t.wd(rday, k_prop))
            approve = t.after(propose, t.wd(rday, d))
        structural = outcome in ("voorwaarden_vervolg", "onderzoek", "verzoek_rvdk") or (
            rng.random() < (0.6 if outcome == "overdracht" else 0.15)
        )
        acute_unsafety = crisis or (plan.acute and rng.random() < 0.5)
        events.append(Event(start, START, triage, {}))

        def proposal(at: dt.datetime, proposed: str) -> Event:
            return Event(
                at,
                PROPOSE,
                triage,
                {
                    "acute": acute_unsafety,
                    "structural": structural,
                    "assessment_rationale": ASSESSMENT_RATIONALE[(acute_unsafety, structural)],
                    "outcome": proposed,
                    "rationale": OUTCOME_RATIONALE[proposed],
                    "crisis": crisis,
                    "notify_police": crisis and rng.random() < 0.3,
                    "notify_rvdk": proposed == "verzoek_rvdk",
                },
            )

        if rng.random() < cal.TRIAGE_REJECTED:
            # Four eyes: the approver sends the proposal back (often for another outcome), the
            # triage professional proposes again and the approver then approves.
            first = _pick(rng, cal.TRIAGE_OUTCOMES) if rng.random() < 0.5 else outcome
            events.append(proposal(propose, first))
            rejected = propose + dt.timedelta(
                minutes=rng.randint(15, 240), seconds=rng.randint(0, 59)
            )
            reason = REJECT_REASONS[rng.randint(0, len(REJECT_REASONS) - 1)]
            events.append(Event(rejected, REJECT, approver, {"reason": reason}))
            propose = rejected + dt.timedelta(
                minutes=rng.randint(10, 300), seconds=rng.randint(0, 59)
            )
            approve = max(approve, propose + dt.timedelta(minutes=rng.randint(10, 120)))
        events.append(proposal(propose, outcome))
        events.append(Event(approve, APPROVE, approver, {"note": ""}))
        aday = t.day(approve)
        last = approve

        for kind in ("informeren_betrokkenen", "terugkoppeling_melder"):
            if kind == "terugkoppeling_melder" and not plan.reporter.wants_feedback:
                continue
            at = t.after(approve, t.wd(aday, self._inform_after()))
            events.append(Event(at, INFORM, triage, {"kind": kind}))
            last = max(last, at)

        closer = triage
        if outcome == "overdracht":
            at = t.after(approve, t.wd(aday, rng.randint(0, 4)))
            events.append(Event(at, HANDOVER, triage, self._handover(None)))
            last = max(last, at)
        elif outcome in ("voorwaarden_vervolg", "onderzoek"):
            plan.has_main = True
            worker = rng.choice(staff.case_workers)
            closer = worker
            at = t.after(approve, t.wd(aday, rng.randint(0, 2)))
            events.append(Event(at, ASSIGN, staff.lead, {"to": worker, "service": MAIN}))
            last = self._service(plan, outcome, aday, at, worker, approver, staff)
        # Everything is done in the end: the report is closed, mostly within days; sometimes
        # it waits until someone reviews the file.
        late = rng.random() < cal.REPORT_CLOSED_LATE
        days = rng.randint(20, 80) if late else rng.randint(0, 5)
        events.append(Event(t.after(last, t.wd(t.day(last), days)), CLOSE, closer, {}))
        self.acute.plan_report(self, plan, staff, crisis=crisis, police=police, start=start)
        casework.complaint(self, plan, approved=approve)
        self._finish(plan)

    def _inform_after(self) -> int:
        """Working days from the decision (or the end of an Onderzoek) until the reporter or
        the people involved are informed: mostly within the norm, some late, and a few slip
        until a file review finds them; none stays owed for good."""
        rng = self.rng
        chance = rng.random()
        if chance < cal.FEEDBACK_SLIPPED:
            return rng.randint(21, 80)
        if chance < cal.FEEDBACK_SLIPPED + (1 - cal.FEEDBACK_SLIPPED) * cal.FEEDBACK_ON_TIME:
            return rng.randint(0, self.ref.feedback_working_days)
        return rng.randint(self.ref.feedback_working_days + 1, 20)

    def _handover(self, service: str | None) -> dict:
        rng = self.rng
        dest = rng.choices(self.destinations, weights=self.destination_weights)[0]
        return {"destination": dest, "warm": rng.random() < cal.WARM_HANDOVER, "service": service}

    def _service(
        self,
        plan: ReportPlan,
        outcome: str,
        started: dt.date,
        assigned: dt.datetime,
        worker: int,
        approver: int,
        staff: TeamStaff,
    ) -> dt.datetime:
        """V&V or Onderzoek, its hand-over, closing and the monitoring after it. Returns the
        last moment."""
        rng, t, ref = self.rng, self.t, self.ref
        events = plan.events
        investigation = outcome == "onderzoek"
        weeks = ref.investigation_weeks if investigation else ref.support_weeks
        due = deadlines.add_weeks(started, weeks, ref.calendar)
        on_time = rng.random() < (
            cal.INVESTIGATION_ON_TIME if investigation else cal.SUPPORT_ON_TIME
        )
        if on_time:
            close_day = started + dt.timedelta(days=rng.randint(30, (due - started).days))
            close_day = min(t.working(close_day), due)
            if close_day < started + dt.timedelta(days=14):
                close_day = due
        else:
            close_day = t.working(due + dt.timedelta(days=1 + int(rng.expovariate(1 / 20))))
        propose_day = max(started + dt.timedelta(days=10), close_day - dt.timedelta(days=3))
        propose_day = min(propose_day, close_day)
        handover_day = max(
            started + dt.timedelta(days=7), propose_day - dt.timedelta(days=rng.randint(0, 10))
        )
        handover_day = min(handover_day, propose_day)
        last = assigned
        if investigation and not on_time and rng.random() < cal.LATE_INVESTIGATION_EXTENDED:
            ext_day = max(deadlines.subtract_working_days(due, 3, ref.calendar), started)
            at = t.after(last, ext_day)
            until = t.working(close_day + dt.timedelta(days=rng.randint(7, 28)))
            if t.day(at) < close_day and until > due:
                events.append(
                    Event(
                        at,
                        EXTEND,
                        approver,
                        {"service": MAIN, "until": until, "reason": EXTENSION_REASON},
                    )
                )
                last = at
        handover_at = t.after(last, handover_day)
        n_conditions = casework.conditions(
            self,
            plan,
            investigation=investigation,
            worker=worker,
            assigned=assigned,
            started=started,
            until=t.day(handover_at),
        )
        events.append(Event(handover_at, HANDOVER, worker, self._handover(MAIN)))
        propose_at = t.after(handover_at, propose_day)
        findings = None
        if investigation:
            findings = {form: _pick(rng, cal.FINDINGS) for form in plan.violence_form_ids}
        events.append(
            Event(
                propose_at,
                PROPOSE_CLOSE,
                worker,
                {"service": MAIN, "conclusion": CONCLUSIONS[MAIN], "findings": findings},
            )
        )
        close_at = t.after(propose_at, close_day)
        events.append(Event(close_at, APPROVE_CLOSE, approver, {"service": MAIN}))
        casework.survey(self, plan, by=worker, closed=close_at)
        last = close_at
        if investigation and plan.reporter.wants_feedback:
            at = t.after(close_at, t.wd(t.day(close_at), self._inform_after()))
            events.append(Event(at, INFORM, worker, {"kind": "terugkoppeling_onderzoek"}))
            last = max(last, at)

        # Monitoring from the hand-over: evaluations at 3, 9 and 18 months.
        hday = t.day(handover_at)
        level = rng.gauss(cal.SAFETY_SCORE_MEAN, cal.SAFETY_SCORE_SD)
        eval_last = close_at
        for months in ref.monitoring_months:
            eval_due = t.working(deadlines.add_months(hday, months))
            chance = rng.random()
            if chance < cal.EVALUATION_SLIPPED:
                shift = rng.randint(31, 90)  # held late, when the file review finds it
            elif chance < 0.85:
                shift = rng.randint(-6, 3)
            else:
                shift = rng.randint(4, 30)
            day = max(eval_due + dt.timedelta(days=shift), t.day(close_at))
            at = t.after(eval_last, t.working(day))
            level += rng.gauss(0.15, 0.6)
            family = min(10, max(1, round(level + rng.gauss(0.3, 1.0))))
            professionals = min(10, max(1, round(level + rng.gauss(-0.1, 0.7))))
            events.append(
                Event(
                    at,
                    EVALUATION,
                    worker,
                    {
                        "moment": months,
                        "family": family,
                        "professionals": professionals,
                        "note": "",
                    },
                )
            )
            if n_conditions:
                casework.score_conditions(
                    self, plan, n=n_conditions, moment=months, by=worker, at=at, family=family
                )
            eval_last = at
        last = max(last, eval_last)
        at = t.after(eval_last, t.wd(t.day(eval_last), rng.randint(1, 10)))
        events.append(
            Event(
                at,
                PROPOSE_CLOSE,
                worker,
                {"service": MONITORING, "conclusion": CONCLUSIONS[MONITORING], "findings": None},
            )
        )
        at2 = t.after(at, t.wd(t.day(at), rng.randint(0, 3)))
        events.append(Event(at2, APPROVE_CLOSE, approver, {"service": MONITORING}))
        return max(last, at2)

    def _finish(self, plan: ReportPlan) -> None:
        """Keep what happened before the cut-off; note the milestones; classify."""
        plan.events.sort(key=lambda e: e.at)
        plan.events = [e for e in plan.events if e.at <= self.cutoff]
        for e in plan.events:
            if e.kind == APPROVE:
                plan.approved_at = e.at
                plan.main_started_on = _Times.day(e.at)
            elif e.kind in (TRANSFER, RETURN):
                plan.routed_at = e.at
            elif e.kind == HANDOVER and e.data["service"] == MAIN:
                plan.monitoring_started_on = _Times.day(e.at)
            elif e.kind == APPROVE_CLOSE:
                if e.data["service"] == MAIN:
                    plan.main_closed_at = e.at
                else:
                    plan.monitoring_closed_at = e.at
            elif e.kind == CLOSE:
                plan.closed_at = e.at
        if plan.approved_at is not None:
            plan.prior_involvement = classify(plan, plan.approved_at)

    # ---------------------------------------------------------------- advice

    def _advice(
        self, rng: random.Random, key: int, received_at: dt.datetime, code: str
    ) -> AdvicePlan:
        type_id, professional = self.ref.reporter_types[code]
        anonymous = rng.random() < (0.05 if professional else 0.4)
        consent = not anonymous and rng.random() < 0.6
        names = self.pools.female if rng.random() < 0.6 else self.pools.male
        prefix, surname = rng.choice(self.pools.surnames)
        name = " ".join(p for p in (rng.choice(names), prefix, surname) if p)
        form = _pick(rng, cal.VIOLENCE_FORMS)
        muni = None
        if rng.random() < 0.9:
            muni = self._municipality_for_advice(rng, received_at)
        staff = self.ref.teams.get(muni.work_area_id if muni else None) or self.ref.teams[None]
        recent = received_at > self.cutoff - dt.timedelta(days=2)
        return AdvicePlan(
            key=key,
            received_at=received_at,
            by=rng.choice(staff.intake),
            asker_type_id=type_id,
            anonymous=anonymous,
            consent=consent,
            asker_name=name if consent else "",
            asker_organisation=rng.choice(ORGANISATIONS[code]) if code in ORGANISATIONS else "",
            asker_phone=f"06-{rng.randint(10000000, 99999999)}" if consent else "",
            municipality_id=muni.id if muni else None,
            violence_form_ids=[self.ref.violence_forms[form]],
            question=ADVICE_QUESTIONS.get(form, ADVICE_DEFAULT_QUESTION),
            advice_given="" if recent and rng.random() < 0.5 else ADVICE_GIVEN,
        )

    def _municipality_for_advice(self, rng: random.Random, moment: dt.datetime) -> Muni:
        day = _Times.day(moment)
        candidates = [
            m for m in self.ref.municipalities if m.valid_on(day) and m.weight > 0 and m.served
        ]
        return rng.choices(candidates, weights=[m.weight for m in candidates])[0]


def classify(plan: ReportPlan, at: dt.datetime) -> str:
    """What `process.prior_involvement.classify` finds for `plan` when its decision is approved
    at `at`: the situation at receipt, computed from the plans of the earlier reports about the
    same Person rows (as far as the database shows them at `at`)."""
    moment = plan.received_at
    day = _Times.day(moment)

    def by(when: dt.datetime | None, limit: dt.datetime) -> bool:
        return when is not None and when <= limit

    earlier: dict[int, ReportPlan] = {}
    for row, _, _ in plan.people:
        for other in row.reports:
            if other is not plan and other.received_at < moment and not by(other.routed_at, at):
                earlier[other.key] = other
    if not earlier:
        return "eerste_melding"
    if any(not by(e.approved_at, moment) for e in earlier.values()):
        return "tijdens_veiligheidsbeoordeling"

    def running(created, started_on, closed_at) -> bool:
        """A service row that exists at `at` and runs on the day of receipt."""
        if not by(created, at) or started_on > day:
            return False
        return not by(closed_at, at) or _Times.day(closed_at) >= day

    if any(
        running(e.main_closed_at, e.monitoring_started_on, e.monitoring_closed_at)
        for e in earlier.values()
    ):
        return "tijdens_monitoring"
    main_running = any(
        e.has_main and running(e.approved_at, e.main_started_on, e.main_closed_at)
        for e in earlier.values()
    )
    if main_running or any(not by(e.closed_at, moment) for e in earlier.values()):
        return "na_veiligheidsbeoordeling"
    mine = {row.key for row, _, _ in plan.people}
    known = {row.key for e in earlier.values() for row, _, _ in e.people if row.key in mine}
    return "hermelding_meer" if len(known) > 1 else "hermelding_een"
