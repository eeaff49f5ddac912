"""A synthetic export of an earlier registration system, with its own codes and typical flaws
(inconsistent name spellings, missing birth dates, persons registered twice, and — when asked —
a few orphans that point at records that do not exist). Test data for the migration."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

from faker import Faker

OLD_CODES = {
    "reporter_type": {
        "POL": "politie",
        "HA": "huisarts",
        "SCH": "onderwijs",
        "BURG": "omgeving",
        "WT": "wijkteam",
        "GGZ": "ggz",
    },
    "violence_form": {
        "HG-P": "partnergeweld",
        "KM-F": "kindermishandeling-lichamelijk",
        "KM-V": "verwaarlozing",
        "KM-G": "getuige-huiselijk-geweld",
        "OM": "ouderenmishandeling",
    },
    "triage_outcome": {
        "OVD": "overdracht",
        "VV": "voorwaarden_vervolg",
        "OND": "onderzoek",
        "EB": "einde_bemoeienis",
    },
    "service_kind": {"D-VV": "voorwaarden_vervolg", "D-OND": "onderzoek", "D-MON": "monitoring"},
    "finding": {"B": "bevestigd", "NB": "niet_bevestigd", "W": "weerlegd"},
    "role": {"SO": "victim", "PL": "suspect", "KIND": "child", "OV": "other"},
    "sex": {"M": "m", "V": "v", "O": "x"},
    "destination": {
        "LV": "lokale-veld",
        "PZM": "preventieve-zorgmelding-naar-lokale-veld",
        "GI": "gecertificeerde-instelling",
    },
    "channel": {"TEL": "phone", "HB": "home_visit"},
    "municipality": {
        "Vlaardingen": "GM0622",
        "Schiedam": "GM0606",
        "Maassluis": "GM0556",
        "Ridderkerk": "GM0597",
        "Barendrecht": "GM0489",
    },
}
REPORTER_WEIGHTS = {"POL": 80, "HA": 6, "SCH": 2, "BURG": 7, "WT": 3, "GGZ": 2}


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _pdf(text: str) -> bytes:
    """A small valid PDF with one line of text."""
    stream = f"BT /F1 12 Tf 72 760 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer << /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out


def _misspell(rng: random.Random, name: str) -> str:
    if len(name) < 4:
        return name
    i = rng.randrange(1, len(name) - 1)
    return name[:i] + name[i + 1] + name[i] + name[i + 2 :]


def write_sample(
    directory: Path,
    *,
    reports: int,
    seed: int = 1,
    orphans: int = 0,
    start: dt.date = dt.date(2018, 1, 1),
    end: dt.date = dt.date(2022, 12, 31),
) -> dict[str, int]:
    rng = random.Random(seed)
    fake = Faker("nl_NL")
    fake.seed_instance(seed)
    directory.mkdir(parents=True, exist_ok=True)
    out = {
        name: []
        for name in (
            "persons",
            "advices",
            "reports",
            "decisions",
            "services",
            "evaluations",
            "handovers",
            "journal",
            "documents",
        )
    }
    (directory / "documenten").mkdir(exist_ok=True)
    families: list[list[str]] = []
    by_key: dict[str, dict] = {}
    person_no = 0

    def person(household: str, role_hint: str, surname: str) -> str:
        nonlocal person_no
        person_no += 1
        key = f"P{person_no:07d}"
        born = (
            fake.date_between(dt.date(1960, 1, 1), dt.date(2000, 1, 1))
            if role_hint != "KIND"
            else fake.date_between(dt.date(2008, 1, 1), dt.date(2017, 12, 31))
        )
        row = {
            "key": key,
            "given_names": fake.first_name(),
            "surname": surname,
            "date_of_birth": None if rng.random() < 0.08 else born.isoformat(),
            "sex": rng.choice(["M", "V"]),
            "street": fake.street_name(),
            "house_number": str(rng.randint(1, 200)),
            "postcode": fake.postcode(),
            "city": "Vlaardingen",
            "household": household,
        }
        out["persons"].append(row)
        by_key[key] = row
        return key

    span = (end - start).days
    for n in range(1, reports + 1):
        received = dt.datetime.combine(
            start + dt.timedelta(days=rng.randrange(span)),
            dt.time(rng.randint(8, 17), rng.choice([0, 15, 30, 45])),
        )
        if families and rng.random() < 0.4:
            members = rng.choice(families)
            if rng.random() < 0.15:  # registered again with a different spelling
                source = by_key[members[0]]
                twin = dict(
                    source, key=f"P{person_no + 1:07d}", surname=_misspell(rng, source["surname"])
                )
                person_no += 1
                out["persons"].append(twin)
                by_key[twin["key"]] = twin
                members = [twin["key"], *members[1:]]
        else:
            household = f"H{n:07d}"
            surname = fake.last_name()
            members = [person(household, "SO", surname), person(household, "PL", surname)]
            members += [person(household, "KIND", surname) for _ in range(rng.randint(0, 2))]
            families.append(members)
        key = f"M{n:07d}"
        roles = ["SO", "PL"] + ["KIND"] * (len(members) - 2)
        out["reports"].append(
            {
                "key": key,
                "received_at": received.isoformat(timespec="minutes"),
                "municipality": rng.choice(list(OLD_CODES["municipality"])),
                "reporter": {
                    "type": _pick(rng, REPORTER_WEIGHTS),
                    "anonymous": rng.random() < 0.05,
                    "wants_feedback": True,
                },
                "people": [{"person": p, "role": r} for p, r in zip(members, roles, strict=True)],
                "violence_forms": rng.sample(list(OLD_CODES["violence_form"]), k=rng.randint(1, 2)),
                "description": "Overgenomen melding",
                "closed_on": (received.date() + dt.timedelta(days=120)).isoformat()
                if rng.random() < 0.7
                else None,
            }
        )
        decided = received + dt.timedelta(days=rng.choice([1, 2, 4, 6, 7, 9]), hours=2)
        outcome = rng.choices(["OVD", "VV", "OND", "EB"], weights=[65, 15, 12, 8])[0]
        out["decisions"].append(
            {
                "key": f"B{n:07d}",
                "report": key,
                "outcome": outcome,
                "decided_at": decided.isoformat(timespec="minutes"),
                "acute_unsafety": rng.random() < 0.1,
                "structural_unsafety": rng.random() < 0.6,
            }
        )
        if outcome in ("VV", "OND"):
            started = decided.date()
            closed = started + dt.timedelta(days=rng.choice([50, 63, 70, 84]))
            service_key = f"D{n:07d}"
            service = {
                "key": service_key,
                "report": key,
                "kind": "D-VV" if outcome == "VV" else "D-OND",
                "started_on": started.isoformat(),
                "closed_on": closed.isoformat(),
            }
            if outcome == "OND":
                service["findings"] = [
                    {"violence_form": "HG-P", "finding": rng.choice(["B", "NB", "W"])}
                ]
            out["services"].append(service)
            out["handovers"].append(
                {
                    "key": f"O{n:07d}",
                    "report": key,
                    "service": service_key,
                    "destination": "LV",
                    "handed_over_on": closed.isoformat(),
                    "warm": True,
                }
            )
            monitoring = f"DM{n:07d}"
            out["services"].append(
                {
                    "key": monitoring,
                    "report": key,
                    "kind": "D-MON",
                    "started_on": closed.isoformat(),
                    "previous": service_key,
                }
            )
            out["evaluations"].append(
                {
                    "key": f"E{n:07d}",
                    "service": monitoring,
                    "moment": 3,
                    "done_on": (closed + dt.timedelta(days=92)).isoformat(),
                    "score_family": rng.randint(3, 9),
                    "score_professionals": rng.randint(3, 9),
                }
            )
        elif outcome == "OVD":
            out["handovers"].append(
                {
                    "key": f"O{n:07d}",
                    "report": key,
                    "destination": rng.choice(["LV", "PZM", "GI"]),
                    "handed_over_on": decided.date().isoformat(),
                }
            )
        out["journal"].append(
            {
                "key": f"J{n:07d}",
                "report": key,
                "occurred_at": decided.isoformat(timespec="minutes"),
                "channel": "TEL",
                "participants": "melder",
                "note": "Terugkoppeling gegeven",
            }
        )
        if n % 25 == 0:  # now and then a police report kept as a file beside the export
            name = f"documenten/pv-{n:07d}.pdf"
            (directory / name).write_bytes(_pdf(f"Proces-verbaal bij melding {key}"))
            out["documents"].append(
                {
                    "key": f"DOC{n:07d}",
                    "report": key,
                    "title": "Proces-verbaal politie",
                    "file": name,
                    "uploaded_at": received.isoformat(timespec="minutes"),
                }
            )
        if rng.random() < 0.75:
            out["advices"].append(
                {
                    "key": f"A{n:07d}",
                    "received_at": (received - dt.timedelta(days=3)).isoformat(timespec="minutes"),
                    "asker_type": rng.choice(["BURG", "SCH", "HA"]),
                    "question": "Vraag over zorgen om een kind",
                    "advice": "Advies gegeven",
                }
            )
    for i in range(orphans):
        out["decisions"].append(
            {
                "key": f"BX{i}",
                "report": f"MX{i}",
                "outcome": "OVD",
                "decided_at": "2020-01-01T10:00",
            }
        )
    for name, rows in out.items():
        with (directory / f"{name}.jsonl").open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(
                    json.dumps({k: v for k, v in row.items() if v is not None}, ensure_ascii=False)
                    + "\n"
                )
    with (directory / "mapping.csv").open("w", encoding="utf-8") as fh:
        fh.write("category,source_code,meldpunt_code\n")
        for category, table in OLD_CODES.items():
            for source, target in table.items():
                fh.write(f"{category},{source},{target}\n")
    return {name: len(rows) for name, rows in out.items()}
