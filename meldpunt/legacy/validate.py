"""Check a whole export before anything is written: every problem per file and line, in Dutch."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from meldpunt import clock
from meldpunt.legacy.codes import Codes
from meldpunt.legacy.exchange import ORDER, Line, Problem, parse_date, parse_moment, read_lines
from meldpunt.legacy.models import LegacyKey
from meldpunt.registry.validators import bsn_is_valid, normalise_postcode

ENTITY = {name: name.removesuffix(".jsonl") for name in ORDER}


@dataclass
class Index:
    """What the export (and earlier runs) hold, for references and date checks."""

    keys: dict[str, set[str]] = field(default_factory=dict)
    report_received: dict[str, dt.date] = field(default_factory=dict)
    report_decided: dict[str, dt.date] = field(default_factory=dict)
    service_kind: dict[str, str] = field(default_factory=dict)
    service_started: dict[str, dt.date] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)


def _known(system: str, entity: str, key: str, index: Index) -> bool:
    return (
        key in index.keys.get(entity, set())
        or LegacyKey.objects.filter(system=system, entity=entity, key=key).exists()
    )


def validate(directory: Path, *, system: str) -> tuple[list[Problem], Index, Codes]:
    problems: list[Problem] = []
    if not directory.is_dir():
        return [Problem(str(directory), 0, "map niet gevonden.")], Index(), Codes({})
    if not any((directory / name).exists() for name in ORDER):
        return (
            [Problem(str(directory), 0, f"geen exportbestanden gevonden ({', '.join(ORDER)}).")],
            Index(),
            Codes({}),
        )
    codes, mapping_problems = Codes.load(directory)
    problems += [Problem("mapping.csv", 0, p.split(": ", 1)[-1]) for p in mapping_problems]
    today = clock.today()
    now = clock.now()
    index = Index()
    for name in ORDER:
        entity = ENTITY[name]
        seen = index.keys.setdefault(entity, set())
        count = 0
        for item in read_lines(directory, name):
            if isinstance(item, Problem):
                problems.append(item)
                continue
            count += 1
            found = _check_line(
                item,
                codes=codes,
                index=index,
                system=system,
                today=today,
                now=now,
                directory=directory,
            )
            key = str(item.data.get("key", ""))
            if key and key in seen:
                found.append(f"dubbele sleutel '{key}'.")
            seen.add(key)
            problems += [Problem(name, item.number, message) for message in found]
        index.lines[name] = count
    return problems, index, codes


def _check_line(
    line: Line,
    *,
    codes: Codes,
    index: Index,
    system: str,
    today: dt.date,
    now: dt.datetime,
    directory: Path,
) -> list[str]:
    from meldpunt.legacy.exchange import shape_problems

    d = line.data
    found = shape_problems(line)

    def code(category: str, value) -> None:
        _, problem = codes.resolve(category, value)
        if problem:
            found.append(problem)

    def date(value) -> dt.date | None:
        day, problem = parse_date(value, today=today)
        if problem:
            found.append(problem)
        return day

    def moment(value) -> dt.datetime | None:
        when, problem = parse_moment(value, now=now)
        if problem:
            found.append(problem)
        return when

    def ref(entity: str, key, what: str) -> bool:
        if key in (None, ""):
            return False
        if not _known(system, entity, str(key), index):
            found.append(f"{what} '{key}' bestaat niet.")
            return False
        return True

    name = line.file
    if name == "persons.jsonl":
        date(d.get("date_of_birth"))
        code("sex", d.get("sex"))
        if d.get("bsn") and not bsn_is_valid(str(d["bsn"])):
            found.append(f"BSN '{d['bsn']}' voldoet niet aan de 11-proef.")
        if d.get("postcode"):
            try:
                normalise_postcode(str(d["postcode"]))
            except Exception:  # noqa: BLE001 - the validator's message is the problem
                found.append(f"postcode '{d['postcode']}' is geen Nederlandse postcode.")
    elif name == "advices.jsonl":
        moment(d.get("received_at"))
        code("reporter_type", d.get("asker_type"))
        code("municipality", d.get("municipality"))
    elif name == "reports.jsonl":
        received = moment(d.get("received_at"))
        code("municipality", d.get("municipality"))
        reporter = d.get("reporter") or {}
        if not isinstance(reporter, dict):
            found.append("'reporter' moet een object zijn.")
        else:
            code("reporter_type", reporter.get("type"))
        people = d.get("people") or []
        if not isinstance(people, list) or not people:
            found.append("een melding noemt ten minste één betrokkene.")
        else:
            for p in people:
                if not isinstance(p, dict):
                    found.append("iedere betrokkene is een object met 'person' en 'role'.")
                    continue
                ref("persons", p.get("person"), "persoon")
                code("role", p.get("role"))
        for form in d.get("violence_forms") or []:
            code("violence_form", form)
        closed = date(d.get("closed_on"))
        if received:
            index.report_received[str(d.get("key"))] = received.date()
            if closed and closed < received.date():
                found.append("de melding is gesloten vóór ze binnenkwam.")
    elif name == "decisions.jsonl":
        decided = moment(d.get("decided_at"))
        code("triage_outcome", d.get("outcome"))
        report = str(d.get("report"))
        if ref("reports", d.get("report"), "melding") and decided:
            received = index.report_received.get(report)
            if received and decided.date() < received:
                found.append("het besluit ligt vóór de melding.")
            if report in index.report_decided:
                found.append(f"melding '{report}' heeft al een besluit.")
            index.report_decided[report] = decided.date()
    elif name == "services.jsonl":
        started = date(d.get("started_on"))
        closed = date(d.get("closed_on"))
        code("service_kind", d.get("kind"))
        report = str(d.get("report"))
        if ref("reports", d.get("report"), "melding"):
            decided = index.report_decided.get(report)
            if decided is None and report in index.report_received:
                found.append("een dienst zonder triagebesluit bij de melding.")
            elif decided and started and started < decided:
                found.append("de dienst begint vóór het triagebesluit.")
        if started and closed and closed < started:
            found.append("de dienst eindigt vóór hij begint.")
        for f in d.get("findings") or []:
            if not isinstance(f, dict):
                found.append("iedere uitkomst is een object met 'violence_form' en 'finding'.")
                continue
            code("violence_form", f.get("violence_form"))
            code("finding", f.get("finding"))
        if d.get("previous"):
            ref("services", d.get("previous"), "vorige dienst")
        kind, _ = codes.resolve("service_kind", d.get("kind"))
        index.service_kind[str(d.get("key"))] = str(kind)
        if started:
            index.service_started[str(d.get("key"))] = started
    elif name == "evaluations.jsonl":
        done = date(d.get("done_on"))
        if ref("services", d.get("service"), "dienst"):
            kind = index.service_kind.get(str(d.get("service")))
            if kind and kind != "monitoring":
                found.append("een evaluatie hoort bij een monitoring.")
            started = index.service_started.get(str(d.get("service")))
            if done and started and done < started:
                found.append("de evaluatie ligt vóór het begin van de monitoring.")
        for label in ("score_family", "score_professionals"):
            score = d.get(label)
            if score is not None and (not isinstance(score, int) or not 1 <= score <= 10):
                found.append(f"'{label}' moet een cijfer van 1 tot en met 10 zijn.")
        if not isinstance(d.get("moment"), int):
            found.append("'moment' is het aantal maanden na de overdracht (een geheel getal).")
    elif name == "handovers.jsonl":
        date(d.get("handed_over_on"))
        code("destination", d.get("destination"))
        ref("reports", d.get("report"), "melding")
        if d.get("service"):
            ref("services", d.get("service"), "dienst")
    elif name == "journal.jsonl":
        moment(d.get("occurred_at"))
        code("channel", d.get("channel"))
        ref("reports", d.get("report"), "melding")
    elif name == "documents.jsonl":
        moment(d.get("uploaded_at"))
        ref("reports", d.get("report"), "melding")
        if d.get("file"):
            found += document_problems(directory, str(d["file"]))
    return found


def document_path(directory: Path, name: str) -> Path | None:
    """The file a documents line names, inside the export's directory (or None)."""
    base = directory.resolve()
    path = (base / name).resolve()
    return path if path.is_relative_to(base) else None


def document_problems(directory: Path, name: str) -> list[str]:
    """A document beside the export: present, not too big, of an allowed type by its content."""
    from django.conf import settings

    from meldpunt.casefile import documents
    from meldpunt.errors import DomainError

    path = document_path(directory, name)
    if path is None:
        return [f"bestand '{name}' ligt buiten de exportmap."]
    if not path.is_file():
        return [f"bestand '{name}' ontbreekt naast de export."]
    size = path.stat().st_size
    if size == 0:
        return [f"bestand '{name}' is leeg."]
    if size > settings.DOCUMENT_MAX_BYTES:
        limit = settings.DOCUMENT_MAX_BYTES // (1024 * 1024)
        return [f"bestand '{name}' is te groot ({size // 1024} kB; het maximum is {limit} MB)."]
    with path.open("rb") as fh:
        head = fh.read(65536)
    try:
        documents.sniff(head, path.name)
    except DomainError as err:
        return [f"bestand '{name}': {err.message}"]
    return []


def write_report(problems: list[Problem], index: Index, path: Path) -> None:
    lines = ["Controle van de migratiebestanden", ""]
    for name, count in index.lines.items():
        lines.append(f"{name}: {count} regels")
    lines.append("")
    if problems:
        lines.append(f"{len(problems)} probleem/problemen gevonden; er is niets ingelezen:")
        lines += [f"- {p}" for p in problems]
    else:
        lines.append("Geen problemen gevonden.")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
