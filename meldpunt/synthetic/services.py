"""`meldpunt generate`: options, the synthetic staff, the reference snapshot and the run.

A run commits per batch of reports. It is recorded in `GenerationRun`; when it is interrupted,
running the same command again (same seed and number of reports) continues after the last
committed batch: the plans are drawn again from the seed (cheap), the batches already written
are skipped. A different seed or size while a run is unfinished is refused with a clear message.
"""

from __future__ import annotations

import datetime as dt
import time
import zoneinfo
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from django.db import connection, connections, transaction
from faker import Faker

from meldpunt import clock
from meldpunt.access import audit
from meldpunt.access.models import Team, User
from meldpunt.access.roles import Role
from meldpunt.access.services import grant_roles
from meldpunt.errors import DomainError
from meldpunt.reference.models import (
    District,
    HandoverDestination,
    Municipality,
    ReporterType,
    ViolenceForm,
    WorkArea,
)
from meldpunt.reference.services import holiday_calendar, organisation_settings
from meldpunt.registry.models import Report
from meldpunt.synthetic import calibration as cal
from meldpunt.synthetic import world as w
from meldpunt.synthetic.models import GenerationRun
from meldpunt.synthetic.names import pools
from meldpunt.synthetic.writer import Writer, execute, next_free_ids

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
MAX_REPORTS = 5_000_000
DEFAULT_YEARS = 2
BATCH_SIZE = 2000
COMPLAINTS_OFFICER = "synth-klachtenfunctionaris"

# Synthetic staff per work area: enough people that the worklist per person looks real.
STAFF_PER_TEAM = {
    Role.INTAKE: 3,
    Role.TRIAGE: 6,
    Role.APPROVER: 3,
    Role.CASE_WORKER: 10,
    Role.TEAM_LEAD: 1,
    Role.CRISIS_TEAM: 2,
}


@dataclass(frozen=True)
class Options:
    reports: int
    seed: int
    date_from: dt.date
    date_to: dt.date


def parse_options(
    *, reports: str | int, seed: str | int, date_from: str | None, date_to: str | None
) -> Options:
    """Check the command's flags; Dutch messages for whoever runs it."""
    try:
        n = int(reports)
    except (TypeError, ValueError):
        raise DomainError(f"--reports moet een geheel getal zijn, niet '{reports}'.") from None
    if n <= 0:
        raise DomainError("--reports moet groter dan 0 zijn.")
    if n > MAX_REPORTS:
        raise DomainError(f"--reports mag hoogstens {MAX_REPORTS:,} zijn.".replace(",", "."))
    try:
        s = int(seed)
    except (TypeError, ValueError):
        raise DomainError(f"--seed moet een geheel getal zijn, niet '{seed}'.") from None

    def day(value: str, flag: str) -> dt.date:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise DomainError(
                f"{flag} '{value}' is geen geldige datum; schrijf JJJJ-MM-DD, bijvoorbeeld "
                "2025-01-31."
            ) from None

    today = clock.today()
    to = day(date_to, "--to") if date_to else today
    start = day(date_from, "--from") if date_from else to - dt.timedelta(days=365 * DEFAULT_YEARS)
    if to > today:
        raise DomainError(f"--to ({to:%Y-%m-%d}) ligt in de toekomst.")
    if start >= to:
        raise DomainError(f"--from ({start:%Y-%m-%d}) moet vóór --to ({to:%Y-%m-%d}) liggen.")
    if start.year < 2000:
        raise DomainError("--from moet in 2000 of later liggen.")
    return Options(reports=n, seed=s, date_from=start, date_to=to)


def period(options: Options) -> tuple[dt.datetime, dt.datetime]:
    """From the start of the first day to the end of the last (or now, when that is today)."""
    start = dt.datetime.combine(options.date_from, dt.time(0, 0), tzinfo=AMS)
    end = dt.datetime.combine(options.date_to, dt.time(23, 59, 59), tzinfo=AMS)
    return start, min(end, clock.now())


# --------------------------------------------------------------------------- staff


def _team_name(area: WorkArea | None) -> str:
    return f"Team {area.name.removeprefix('Regio ')}" if area else "Team Buiten de regio"


@transaction.atomic
def ensure_staff() -> dict[int | None, w.TeamStaff]:
    """One team per work area with synthetic professionals (no usable password). Idempotent."""
    fake = Faker("nl_NL")
    fake.seed_instance(0)
    out: dict[int | None, w.TeamStaff] = {}
    for area in WorkArea.objects.order_by("name"):
        team, _ = Team.objects.get_or_create(name=_team_name(area), defaults={"work_area": area})
        slug = area.name.removeprefix("Regio ").lower().replace(" ", "-")
        ids: dict[Role, list[int]] = {}
        for role, count in STAFF_PER_TEAM.items():
            for i in range(1, count + 1):
                first, last = fake.first_name(), fake.last_name()
                username = f"synth-{slug}-{role.value.replace('_', '-')}-{i}"
                user = User.objects.filter(username=username).first()
                if user is None:
                    user = User(username=username, first_name=first, last_name=last, team=team)
                    user.set_unusable_password()
                    user.save()
                    grant_roles(user, [role])
                ids.setdefault(role, []).append(user.pk)
        out[area.pk] = w.TeamStaff(
            team_id=team.pk,
            intake=tuple(ids[Role.INTAKE]),
            triage=tuple(ids[Role.TRIAGE]),
            approvers=tuple(ids[Role.APPROVER]),
            case_workers=tuple(ids[Role.CASE_WORKER]),
            lead=ids[Role.TEAM_LEAD][0],
            crisis=tuple(ids[Role.CRISIS_TEAM]),
        )
    if not out:
        raise DomainError("Laad eerst de referentiegegevens: meldpunt loadreference.")
    _ensure_user(COMPLAINTS_OFFICER, Role.COMPLAINTS_OFFICER, fake)
    # Reports about families outside the region are registered by the last team (Zuid West
    # borders on the Hoeksche Waard) and transferred.
    out[None] = out[max(k for k in out if k is not None)]
    return out


def _ensure_user(username: str, role: Role, fake: Faker) -> int:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, first_name=fake.first_name(), last_name=fake.last_name())
        user.set_unusable_password()
        user.save()
        grant_roles(user, [role])
    return user.pk


# --------------------------------------------------------------------------- reference


def reference(teams: dict[int | None, w.TeamStaff]) -> w.Reference:
    settings = organisation_settings()
    rates = cal.reports_per_1000()
    munis = list(Municipality.objects.order_by("cbs_code"))
    if not munis:
        raise DomainError("Laad eerst de referentiegegevens: meldpunt loadreference.")
    weight: dict[str, float] = {}
    for m in munis:
        if m.successor_id is None and m.valid_from is not None:
            continue  # a merged municipality: the sum of its predecessors, below
        population = m.population(2019) or 0
        rate = rates.get(m.name, cal.REGION_AVERAGE_PER_1000)
        weight[m.cbs_code] = population * rate * (1 if m.served else cal.OUTSIDE_REGION_WEIGHT)
    by_id = {m.pk: m for m in munis}
    for m in munis:
        if m.successor_id is not None:
            code = by_id[m.successor_id].cbs_code
            weight[code] = weight.get(code, 0.0) + weight.get(m.cbs_code, 0.0)
    municipalities = tuple(
        w.Muni(
            id=m.pk,
            cbs_code=m.cbs_code,
            name=m.name,
            work_area_id=m.work_area_id,
            valid_from=m.valid_from,
            valid_to=m.valid_to,
            successor_code=by_id[m.successor_id].cbs_code if m.successor_id else None,
            served=m.served,
            weight=weight.get(m.cbs_code, 0.0),
        )
        for m in munis
    )
    districts = tuple(
        w.District(
            id=d.pk,
            name=d.name,
            work_area_id=d.work_area_id,
            weight=cal.ROTTERDAM_DISTRICTS.get(d.name, 30000),
        )
        for d in District.objects.filter(municipality__cbs_code="GM0599").order_by("name")
    )
    return w.Reference(
        municipalities=municipalities,
        rotterdam_districts=districts,
        reporter_types={
            t.code: (t.pk, t.is_professional) for t in ReporterType.objects.order_by("code")
        },
        violence_forms=dict(ViolenceForm.objects.order_by("code").values_list("code", "pk")),
        destinations={d.name: (d.pk, d.code) for d in HandoverDestination.objects.order_by("code")},
        teams=teams,
        calendar=holiday_calendar(settings),
        triage_working_days=settings.triage_working_days,
        feedback_working_days=settings.feedback_working_days,
        support_weeks=settings.support_weeks,
        investigation_weeks=settings.investigation_weeks,
        monitoring_months=tuple(settings.monitoring_month_list()),
        complaints_officer=User.objects.get(username=COMPLAINTS_OFFICER).pk,
        office_hours=(settings.office_opens, settings.office_closes),
    )


def run_number(run: GenerationRun) -> int:
    """1 for the first run in this database: in police numbers and true identities."""
    return GenerationRun.objects.filter(pk__lte=run.pk).count()


def writer_for(run: GenerationRun, ref: w.Reference) -> Writer:
    settings = organisation_settings()
    return Writer(
        first_ids=run.first_ids,
        next_ids=run.next_ids,
        run_id=run.pk,
        run_no=run_number(run),
        user_teams=dict(User.objects.values_list("pk", "team_id")),
        destination_codes={pk: code for pk, code in ref.destinations.values()},
        settings=settings,
        calendar=holiday_calendar(settings),
    )


def planner_for(run: GenerationRun, ref: w.Reference, *, batch_size: int) -> w.Planner:
    start = dt.datetime.combine(run.date_from, dt.time(0, 0), tzinfo=AMS)
    return w.Planner(
        seed=run.seed,
        reports=run.reports,
        start=start,
        cutoff=run.cutoff,
        ref=ref,
        pools=pools(run.seed),
        run_no=run_number(run),
        batch_size=batch_size,
    )


# --------------------------------------------------------------------------- the run


@dataclass
class Outcome:
    run: GenerationRun | None
    message: str
    rows: int = 0
    seconds: float = 0.0


def generate(
    options: Options,
    *,
    if_empty: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> Outcome:
    """Generate, or continue an interrupted run with the same seed and size."""
    unfinished = GenerationRun.objects.filter(finished_at__isnull=True).order_by("-pk").first()
    if unfinished is not None:
        if (unfinished.seed, unfinished.reports) != (options.seed, options.reports):
            raise DomainError(
                f"Een eerdere generatie (seed {unfinished.seed}, {unfinished.reports} meldingen) "
                f"is na {unfinished.reports_done} meldingen onderbroken. Draai die opnieuw met "
                "dezelfde --seed en --reports om hem af te maken."
            )
        if next_free_ids() != unfinished.next_ids:
            raise DomainError(
                "De onderbroken generatie kan niet verder: er zijn sindsdien andere gegevens "
                "toegevoegd. Begin met een lege database."
            )
        run = unfinished
    else:
        if if_empty and Report.objects.exists():
            return Outcome(None, "Er staan al meldingen in de database; niets gegenereerd.")
        start, cutoff = period(options)
        ids = next_free_ids()
        run = GenerationRun.objects.create(
            seed=options.seed,
            reports=options.reports,
            date_from=options.date_from,
            date_to=options.date_to,
            cutoff=cutoff,
            started_at=clock.now(),
            first_ids=ids,
            next_ids=ids,
        )
        audit.record(
            "synthetic.generated", actor=None, subject=run, seed=run.seed, reports=run.reports
        )
    began = time.perf_counter()
    teams = ensure_staff()
    ref = reference(teams)
    planner = planner_for(run, ref, batch_size=batch_size)
    writer = writer_for(run, ref)
    rows = 0

    def commit(statements: list, index: int, done: int) -> int:
        """One batch and the run's progress in one transaction: an interrupted run has whole
        batches only, and knows which."""
        with transaction.atomic():
            n = execute(statements)
            GenerationRun.objects.filter(pk=run.pk).update(
                batches_done=index + 1, reports_done=done, next_ids=next_free_ids()
            )
        return n

    # Outside a caller's transaction, a second thread with its own connection writes each
    # batch while this one plans and builds the next: the database's work (the sqlite3 and
    # psycopg drivers let go of the GIL while the database works) overlaps with Python's.
    pipelined = not connection.in_atomic_block
    pool = ThreadPoolExecutor(max_workers=1) if pipelined else None
    pending: tuple[Future, int] | None = None

    def finish_pending() -> None:
        nonlocal pending, rows
        if pending is not None:
            future, n_reports = pending
            pending = None
            rows += future.result()
            if progress is not None:
                progress(n_reports)

    try:
        for batch in planner.batches():
            if batch.index < run.batches_done:
                continue
            writer.build(batch)
            statements = writer.take()
            run.reports_done += len(batch.reports)
            run.batches_done = batch.index + 1
            if pool is None:
                rows += commit(statements, batch.index, run.reports_done)
                if progress is not None:
                    progress(len(batch.reports))
            else:
                finish_pending()
                future = pool.submit(commit, statements, batch.index, run.reports_done)
                pending = (future, len(batch.reports))
        finish_pending()
    finally:
        if pool is not None:
            pool.submit(connections.close_all).result()
            pool.shutdown()
    run.refresh_from_db()
    run.finished_at = clock.now()
    run.save(update_fields=["finished_at"])
    seconds = time.perf_counter() - began
    return Outcome(
        run,
        f"{run.reports} meldingen gegenereerd (seed {run.seed}, {run.date_from:%Y-%m-%d} tot en "
        f"met {run.date_to:%Y-%m-%d}): {rows} rijen in {seconds:.1f} s.",
        rows=rows,
        seconds=seconds,
    )
