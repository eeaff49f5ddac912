"""Load test on loopback: the app under gunicorn on PostgreSQL, 20 simulated professionals.

    python -m bench --only load                 # 60 seconds (the harness gives a fresh database)
    python -m bench --only load --size large    # 5 minutes

Five intake workers register reports (the known-people check, then save), five triage workers
start assessments and propose decisions, five approvers approve them (four-eyes) and five case
workers record the feedback to the reporter. They work through the pages as a browser does
(GET the page, POST its form with the CSRF token and the version the page showed) and pick
their work among the first few rows of their list, so that they often save the same file at
the same time: the second save must be refused with a clear message (optimistic locking).

Afterwards the database is checked: every write the server acknowledged (a redirect after the
POST) is there, with its own author and marker (so nothing acknowledged was overwritten), no
report or decision is duplicated, every report is whole (reporter, people, triage term), and no
request got a 5xx. Printed: throughput, p95 latency, the refused conflicting saves by message.
Sessions are made directly in the database (force_login), not through the login page, so the
test measures the work and not the login throttle or a second factor.
"""

from __future__ import annotations

import datetime as dt
import html
import http.client
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKERS_PER_ROLE = 5
GUNICORN_WORKERS = 4
STALE = "intussen"  # every refusal of a conflicting save says someone else did it meanwhile
ANSWERED_IN_PAGE = {"intake: check"}  # a POST whose answer is the page itself (the matches)
REFUSED_AS_DONE = ("niet (meer) verschuldigd", "al voldaan", "kan niet vanuit")


@dataclass
class Ledger:
    """What the clients saw: every request's latency and outcome, every acknowledged write."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    statuses: Counter = field(default_factory=Counter)
    refused: Counter = field(default_factory=Counter)
    acks: list[tuple] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, kind: str, method: str, status: int, seconds: float) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds)
            self.statuses[status] += 1
            # A page must be served (200) and a form answered with its redirect (saved) or
            # with the form and its message (400, refused); anything else (a redirect to the
            # login or to HTTPS, a 403, a 5xx) means the simulated work did not happen.
            expected = (200,) if method == "GET" or kind in ANSWERED_IN_PAGE else (302, 400)
            if status not in expected:
                self.errors.append(f"{kind}: HTTP {status} on {method}")

    def ack(self, *fact) -> None:
        with self.lock:
            self.acks.append(fact)

    def refuse(self, reason: str) -> None:
        with self.lock:
            self.refused[reason] += 1


class Browser:
    """One professional's browser: a session cookie, the CSRF token, plain HTTP/1.1."""

    def __init__(self, port: int, session: str, ledger: Ledger, user_id: int):
        self.port, self.ledger, self.user_id = port, ledger, user_id
        self.cookies = {"sessionid": session}

    def request(self, kind: str, method: str, path: str, data: dict | None = None):
        # As the reverse proxy of the production set-up passes it on: the request came over HTTPS.
        headers = {
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "X-Forwarded-Proto": "https",
        }
        body = None
        if data is not None:
            headers["Origin"] = f"https://127.0.0.1:{self.port}"
            data = {**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            body = urllib.parse.urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        start = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            conn.close()
        self.ledger.note(kind, method, response.status, time.perf_counter() - start)
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location") or "", text

    def get(self, kind, path):
        return self.request(kind, "GET", path)

    def post(self, kind, path, data):
        return self.request(kind, "POST", path, data)


def _report_ids(html: str) -> list[int]:
    seen: dict[int, None] = {}
    for match in re.finditer(r'href="/meldingen/(\d+)/"', html):
        seen[int(match.group(1))] = None
    return list(seen)


def _version(html: str) -> str | None:
    match = re.search(r'name="version" value="(\d+)"', html)
    return match.group(1) if match else None


def _outcome(ledger: Ledger, status: int, text: str) -> bool:
    """True when the write was acknowledged; a refusal is counted by its message."""
    if status == 302:
        return True
    if status == 400:
        alert = re.search(r'class="alert error"[^>]*>(.*?)</div>', text, re.S) or re.search(
            r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', text, re.S
        )
        message = html.unescape(re.sub(r"<[^>]+>", " ", alert.group(1)).strip()) if alert else ""
        if STALE in message:
            ledger.refuse("conflicting save refused: " + message[:90])
        elif any(m in message for m in REFUSED_AS_DONE):
            ledger.refuse("already done by a colleague: " + message[:90])
        else:
            ledger.refuse("other refusal: " + message[:90])
    return False


def _pick(rnd: random.Random, ids: list[int]) -> int | None:
    """Among the first few rows, as colleagues working the same list do."""
    return rnd.choice(ids[:4]) if ids else None


def intake(b: Browser, rnd: random.Random, ctx: dict) -> None:
    status, _, _ = b.get("intake page", "/meldingen/nieuw/")
    marker = uuid.uuid4().hex
    surname = rnd.choice(ctx["surnames"])
    data = {
        "received_at": dt.datetime.now().strftime("%Y-%m-%dT%H:%M"),  # noqa: DTZ005
        "municipality": str(rnd.choice(ctx["municipalities"])),
        "reporter_type": str(ctx["reporter_type"]),
        "reporter_name": "Agent Bakker",
        "wants_feedback": "on",
        "description": f"Ruzie met geweld, kinderen aanwezig [{marker}]",
        "people-TOTAL_FORMS": "1",
        "people-INITIAL_FORMS": "0",
        "people-MIN_NUM_FORMS": "0",
        "people-MAX_NUM_FORMS": "12",
        "people-0-role": "victim",
        "people-0-given_names": rnd.choice(["Anna", "Fatima", "Sanne", "Lotte"]),
        "people-0-surname": surname,
        "people-0-date_of_birth": dt.date(
            rnd.randint(1960, 1999), rnd.randint(1, 12), 15
        ).isoformat(),
        "people-0-sex": "v",
    }
    b.post("intake: check", "/meldingen/nieuw/", {**data, "action": "check"})
    status, location, text = b.post(
        "intake: save", "/meldingen/nieuw/", {**data, "action": "save", "checked": "1"}
    )
    if _outcome(b.ledger, status, text):
        b.ledger.ack("report", int(location.rstrip("/").rsplit("/", 1)[1]), marker, b.user_id)


def triage(b: Browser, rnd: random.Random, ctx: dict) -> None:
    _, _, html = b.get("worklist", "/werkvoorraad/?kind=triage")
    report = _pick(rnd, _report_ids(html))
    if report is None:
        return
    _, _, page = b.get("report page", f"/meldingen/{report}/")
    version = _version(page)
    if version is None:
        return
    if f"/meldingen/{report}/beoordeling-starten/" in page:
        status, _, text = b.post(
            "start assessment", f"/meldingen/{report}/beoordeling-starten/", {"version": version}
        )
        if _outcome(b.ledger, status, text):
            b.ledger.ack("start", report, "", b.user_id)
    elif f"/meldingen/{report}/besluit/" in page:
        status, _, text = b.post(
            "propose decision",
            f"/meldingen/{report}/besluit/",
            {
                "version": version,
                "structural_unsafety": "on",
                "assessment_rationale": "Structurele onveiligheid",
                "outcome": rnd.choice(["overdracht", "onderzoek", "voorwaarden_vervolg"]),
                "rationale": "Zie beoordeling",
            },
        )
        if _outcome(b.ledger, status, text):
            b.ledger.ack("proposal", report, "", b.user_id)


def approve(b: Browser, rnd: random.Random, ctx: dict) -> None:
    _, _, html = b.get("approvals", "/accorderen/")
    report = _pick(rnd, _report_ids(html))
    if report is None:
        return
    _, _, page = b.get("report page", f"/meldingen/{report}/")
    version = _version(page)
    if version is None or f"/meldingen/{report}/accorderen/" not in page:
        return
    status, _, text = b.post(
        "approve decision", f"/meldingen/{report}/accorderen/", {"version": version, "note": ""}
    )
    if _outcome(b.ledger, status, text):
        b.ledger.ack("approval", report, "", b.user_id)


def inform(b: Browser, rnd: random.Random, ctx: dict) -> None:
    _, _, html = b.get("worklist", "/werkvoorraad/?kind=terugkoppeling_melder")
    report = _pick(rnd, _report_ids(html))
    if report is None:
        return
    b.get("report page", f"/meldingen/{report}/")
    marker = uuid.uuid4().hex
    status, _, text = b.post(
        "inform reporter",
        f"/meldingen/{report}/informeren/",
        {"kind": "terugkoppeling_melder", "on": dt.date.today().isoformat(), "note": marker},  # noqa: DTZ011
    )
    if _outcome(b.ledger, status, text):
        b.ledger.ack("inform", report, marker, b.user_id)


ACTORS = {"intake": intake, "triage": triage, "approver": approve, "case_worker": inform}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _users() -> dict[str, list]:
    from meldpunt.access.models import Team, User
    from meldpunt.access.roles import Role
    from meldpunt.access.services import grant_roles
    from meldpunt.reference.models import WorkArea

    team, _ = Team.objects.get_or_create(
        name="Team belasting", defaults={"work_area": WorkArea.objects.first()}
    )
    out: dict[str, list] = {}
    for role in ACTORS:
        for i in range(WORKERS_PER_ROLE):
            user, created = User.objects.get_or_create(
                username=f"load-{role}-{i}", defaults={"first_name": f"{role} {i}", "team": team}
            )
            if created:
                grant_roles(user, [Role(role)])
            out.setdefault(role, []).append(user)
    return out


def _session(user) -> str:
    from django.test import Client

    client = Client()
    client.force_login(user)
    from meldpunt.access import twofactor

    twofactor.mark_verified(client.session, user)  # as the code step of the login does
    return client.cookies["sessionid"].value


def _seed(users: dict[str, list], n: int) -> None:
    """Some reports waiting for triage, so that every role has work from the first second."""
    from meldpunt import clock
    from meldpunt.reference.models import Municipality, ReporterType
    from meldpunt.registry.services import PersonData, ReportData, ReporterData, register_report

    municipality = Municipality.objects.filter(served=True).first()
    reporter = ReporterData(reporter_type=ReporterType.objects.get(code="politie"), name="Agent")
    for i in range(n):
        register_report(
            by=users["intake"][i % WORKERS_PER_ROLE],
            data=ReportData(
                received_at=clock.now(),
                municipality=municipality,
                reporter=reporter,
                people=[PersonData(role="victim", given_names="Eva", surname=f"Start{i}")],
                description="Beginvoorraad",
            ),
        )


def _start_server(port: int, url: str, data_dir: str) -> subprocess.Popen:
    from django.conf import settings

    env = {
        **os.environ,
        "DATABASE_URL": url,
        "MELDPUNT_DATA_DIR": data_dir,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        # Production settings behind the TLS-terminating proxy (docs/deployment): the clients
        # send X-Forwarded-Proto as the proxy does, so secure cookies and CSRF work as there.
        "BEHIND_TLS_PROXY": "true",
        # The sessions are made in this process: the server must sign with the same secret.
        "SECRET_KEY": settings.SECRET_KEY,
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "meldpunt.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(GUNICORN_WORKERS),
            "--timeout",
            "120",
            "--log-level",
            "warning",
            "--preload",  # import the app once, before forking: workers answer at once
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit("gunicorn did not start") from None
            time.sleep(0.3)
    server.send_signal(signal.SIGTERM)
    raise SystemExit("gunicorn did not answer within 60 s")


def _warm_up(port: int, users: dict[str, list]) -> None:
    """Let every worker render each page once (templates compiled, caches filled) before the
    clock starts: the figures are about steady work, not about starting processes."""
    paths = ["/werkvoorraad/", "/accorderen/", "/meldingen/nieuw/", "/meldingen/1/"]
    scratch = Ledger()
    browser = Browser(port, _session(users["approver"][0]), scratch, users["approver"][0].pk)

    def hit():
        for path in paths:
            browser.get("warm-up", path)

    threads = [threading.Thread(target=hit) for _ in range(GUNICORN_WORKERS * 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


ACK_KINDS = ("report", "start", "proposal", "approval", "inform")


def run_load(*, url: str, data_dir: str, seconds: float, seed: int = 1, required=ACK_KINDS) -> dict:
    """Run the load for `seconds`, check the database, and return the figures."""
    from meldpunt.reference.models import Municipality, ReporterType
    from meldpunt.registry.models import Person

    users = _users()
    _seed(users, 40)
    ctx = {
        "municipalities": list(
            Municipality.objects.filter(served=True).values_list("pk", flat=True)
        ),
        "reporter_type": ReporterType.objects.get(code="politie").pk,
        "surnames": list(Person.objects.values_list("surname", flat=True)[:50]) or ["Jansen"],
    }
    ledger = Ledger()
    port = _free_port()
    server = _start_server(port, url, data_dir)
    _warm_up(port, users)
    stop = time.monotonic() + seconds

    def work(role: str, user, index: int) -> None:
        rnd = random.Random(seed * 1000 + index)
        try:
            browser = Browser(port, _session(user), ledger, user.pk)
            while time.monotonic() < stop:
                try:
                    ACTORS[role](browser, rnd, ctx)
                except Exception as err:  # noqa: BLE001 - a client failure is a finding
                    with ledger.lock:
                        ledger.errors.append(f"{role}: {type(err).__name__}: {err}")
                    time.sleep(0.5)
        finally:
            from django.db import connections

            connections.close_all()  # this thread's database connection (made for the session)

    threads = [
        threading.Thread(target=work, args=(role, user, i), daemon=True)
        for i, (role, user) in enumerate((r, u) for r, us in users.items() for u in us)
    ]
    began = time.perf_counter()
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=seconds + 180)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    elapsed = time.perf_counter() - began
    problems = check(ledger)
    # A run in which some kind of work never got through measured nothing of it.
    problems += [
        f"no {kind} write was acknowledged: that work did not happen"
        for kind in required
        if not any(a[0] == kind for a in ledger.acks)
    ]
    everything = [s for times in ledger.latencies.values() for s in times]
    writes = [k for k in ledger.latencies if k.split(":")[0] in WRITES]
    write_times = [s for k in writes for s in ledger.latencies[k]]
    result = {
        "seconds": elapsed,
        "requests": len(everything),
        "throughput": len(everything) / elapsed,
        "p95": _p95(everything),
        "median": statistics.median(everything) if everything else 0.0,
        "write_p95": _p95(write_times),
        "acknowledged": len(ledger.acks),
        "acks": Counter(a[0] for a in ledger.acks),
        "refused": ledger.refused,
        "statuses": ledger.statuses,
        "errors": ledger.errors,
        "problems": problems,
        "per_kind": {
            k: (len(v), statistics.median(v), _p95(v)) for k, v in ledger.latencies.items()
        },
    }
    _print(result)
    return result


WRITES = {
    "intake",
    "start assessment",
    "propose decision",
    "approve decision",
    "inform reporter",
}


def _p95(times: list[float]) -> float:
    if len(times) < 2:
        return times[0] if times else 0.0
    return statistics.quantiles(times, n=20, method="inclusive")[-1]


def check(ledger: Ledger) -> list[str]:
    """The consistency check: every acknowledged write is there, as its author made it."""
    from django.db.models import Count, F

    from meldpunt.process.models import DecisionStatus, Term, TermKind, Transition, TriageDecision
    from meldpunt.registry.models import Report

    problems = []
    for kind, report_id, marker, user_id in ledger.acks:
        if kind == "report":
            found = list(Report.objects.filter(description__contains=marker).values_list("pk"))
            if found != [(report_id,)]:
                problems.append(f"report {report_id} [{marker}]: found {found}")
        elif kind == "start":
            if not Transition.objects.filter(
                report_id=report_id, action="start_assessment", by_id=user_id
            ).exists():
                problems.append(f"start of {report_id} by {user_id} lost")
        elif kind == "proposal":
            if not TriageDecision.objects.filter(report_id=report_id, proposed_by_id=user_id):
                problems.append(f"proposal for {report_id} by {user_id} lost")
        elif kind == "approval":
            if not TriageDecision.objects.filter(
                report_id=report_id, approved_by_id=user_id, status=DecisionStatus.APPROVED
            ).exists():
                problems.append(f"approval of {report_id} by {user_id} lost")
        elif (
            kind == "inform"
            and not Term.objects.filter(
                report_id=report_id, kind=TermKind.FEEDBACK_REPORTER, met_by_id=user_id, note=marker
            ).exists()
        ):
            problems.append(f"feedback on {report_id} by {user_id} lost or overwritten")
    # No duplicates, no half-written records.
    for what, qs in (
        (
            "reports with more than one approved decision",
            TriageDecision.objects.filter(status=DecisionStatus.APPROVED)
            .values("report")
            .annotate(n=Count("id"))
            .filter(n__gt=1),
        ),
        (
            "reports with the assessment started twice",
            Transition.objects.filter(action="start_assessment")
            .values("report")
            .annotate(n=Count("id"))
            .filter(n__gt=1),
        ),
        (
            "reports with two triage terms",
            Term.objects.filter(kind=TermKind.TRIAGE)
            .values("report")
            .annotate(n=Count("id"))
            .filter(n__gt=1),
        ),
        ("reports without a reporter", Report.objects.filter(reporter__isnull=True)),
        ("reports without people", Report.objects.filter(involvements__isnull=True)),
        (
            "reports without a triage term",
            Report.objects.exclude(terms__kind=TermKind.TRIAGE),
        ),
        (
            "approved decisions approved by their proposer",
            TriageDecision.objects.filter(
                status=DecisionStatus.APPROVED, approved_by=F("proposed_by")
            ),
        ),
    ):
        n = qs.count()
        if n:
            problems.append(f"{what}: {n}")
    return problems


def _print(r: dict) -> None:
    print(
        f"load: {r['requests']:,} requests in {r['seconds']:.0f} s = {r['throughput']:.1f}/s; "
        f"median {r['median'] * 1000:.0f} ms, p95 {r['p95'] * 1000:.0f} ms "
        f"(writes p95 {r['write_p95'] * 1000:.0f} ms)"
    )
    print(f"HTTP: {dict(sorted(r['statuses'].items()))}")
    for kind, (n, median, p95) in sorted(r["per_kind"].items()):
        print(f"  {kind:18} {n:6,}  median {median * 1000:6.0f} ms  p95 {p95 * 1000:6.0f} ms")
    print(f"acknowledged writes: {r['acknowledged']:,} {dict(r['acks'])}")
    print(f"refused saves: {sum(r['refused'].values()):,}")
    for reason, n in r["refused"].most_common():
        print(f"  {n:5,}  {reason}")
    print(f"client errors and 5xx: {len(r['errors'])}", *r["errors"][:10], sep="\n  ")
    if r["problems"]:
        print("CONSISTENCY PROBLEMS:", *r["problems"][:20], sep="\n  ")
    else:
        print(
            "consistency: every acknowledged write is in the database as its author made it; "
            "no duplicates, no half-written reports"
        )
