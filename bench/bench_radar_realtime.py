"""Radar at intake: candidate search and scoring for one new person against a register of N.

`prepare` fills the register with N labelled synthetic person records (radar/linkage/
synthetic.py: households, twins, typos, swapped dates, people who moved) and their blocking keys,
and holds out one later record of a few hundred of those people as the "new person" typed at
intake (plus people the register does not know). `run` times `radar.selectors.search` for each
of them — the key lookup in the indexed table, fetching the candidates, scoring them with the
trained model's parameters, ranking — and reports the median and the 95th percentile, and how
often the held-out person's own record came back first.

Target (issue 6): against 1,000,000 persons, median under 100 ms and p95 under 250 ms.
The reference is Splink's `predict_between`, which scans the register per new record: about
0.74 s median and 0.92 s p95 for one person against 1,000,000 on this kind of machine
(../shared/PITFALLS.md).
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import time
from pathlib import Path

from bench.harness import Measurement

DESCRIPTION = "radar: real-time candidate search + scoring for one new person (intake)"
SIZES = {"small": 100_000, "large": 1_000_000}
QUERIES = 300
UNKNOWN_SHARE = 0.2  # a fifth of the intakes are about people the register does not know


def _queries_path(args) -> Path:
    return Path(args.work_dir) / f"radar_realtime_{args.size}.json"


PERSON_COLUMNS = (
    "id",
    "given_names",
    "surname_prefix",
    "surname",
    "date_of_birth",
    "sex",
    "bsn",
    "street",
    "house_number",
    "postcode",
    "city",
    "confidential_address",
    "created_at",
)


def _values(pk: int, row: dict, now) -> tuple:
    dob = row.get("date_of_birth") or None
    return (
        pk,
        row.get("given_name", "")[:200],
        "",
        row.get("surname", "")[:200],
        dob,
        {"v": "v", "m": "m"}.get(row.get("sex", ""), "x"),
        row.get("bsn", "")[:9],
        row.get("street", "")[:200],
        row.get("house_number", "")[:20],
        row.get("postcode", "")[:7],
        row.get("city", "")[:100],
        False,
        now,
    )


def _write(people: list[tuple], keys: list[tuple]) -> None:
    """Plain SQL, ids given: the register is written as fast as the database takes it (the
    keys are exactly those `radar.services.index_person` writes)."""
    from django.db import connection, transaction

    from meldpunt.radar.models import PersonKey
    from meldpunt.registry.models import Person

    person_sql = (
        f"INSERT INTO {Person._meta.db_table} ({', '.join(PERSON_COLUMNS)}) "
        f"VALUES ({', '.join(['%s'] * len(PERSON_COLUMNS))})"
    )
    key_sql = f"INSERT INTO {PersonKey._meta.db_table} (person_id, key) VALUES (%s, %s)"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(person_sql, people)
        cursor.executemany(key_sql, keys)


def prepare(args) -> None:
    from django.db import connection
    from django.utils import timezone

    from meldpunt.radar.linkage.keys import record_keys
    from meldpunt.radar.linkage.synthetic import Generator
    from meldpunt.radar.selectors import prepared
    from meldpunt.registry.models import Person

    n = SIZES[args.size]
    every = max(1, n // int(QUERIES * (1 - UNKNOWN_SHARE)))
    held: dict[int, dict] = {}  # truth → the held-out record
    seen: set[int] = set()
    unknown: list[dict] = []
    people: list[tuple] = []
    keys: list[tuple] = []
    pk_truth: list[tuple[int, int]] = []
    now = timezone.now()
    pk = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    made = 0
    started = time.perf_counter()
    for i, (row, truth) in enumerate(Generator(seed=11).records(n + QUERIES * 4)):
        if made >= n:
            if len(unknown) < QUERIES * UNKNOWN_SHARE and truth not in seen:
                unknown.append(row)
            continue
        if truth in seen and truth not in held and i % every == 0:
            held[truth] = row  # a later record of someone already in the register
            continue
        seen.add(truth)
        pk += 1
        values = _values(pk, row, now)
        people.append(values)
        details = dict(zip(PERSON_COLUMNS, values, strict=True))
        details["date_of_birth"] = (
            dt.date.fromisoformat(row["date_of_birth"]) if values[4] else None
        )
        keys.extend((pk, k) for k in record_keys(prepared(details)))
        pk_truth.append((pk, truth))
        made += 1
        if len(people) == 20_000:
            _write(people, keys)
            people, keys = [], []
    if people:
        _write(people, keys)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{Person._meta.db_table}', 'id'), %s)",
                [pk],
            )
            cursor.execute("ANALYZE")
    queries = [{"row": row, "truth": truth} for truth, row in held.items()]
    queries += [{"row": row, "truth": None} for row in unknown]
    wanted = set(held)
    own = [(p, t) for p, t in pk_truth if t in wanted]
    _queries_path(args).write_text(json.dumps({"queries": queries, "records": own}))
    print(
        f"register of {Person.objects.count():,} persons with keys in "
        f"{time.perf_counter() - started:.0f} s; {len(queries)} queries",
        flush=True,
    )


def run(args) -> list[Measurement]:
    from meldpunt.radar import selectors
    from meldpunt.registry.models import Person

    saved = json.loads(_queries_path(args).read_text())
    queries = saved["queries"]
    truth_of = dict(saved["records"])  # register record → the real person it describes
    n = Person.objects.count()
    latencies, first_right, known, false_likely = [], 0, 0, 0
    selectors.search(_details(queries[0]["row"]))  # warm the model and the connection
    cpu = time.process_time()
    for q in queries:
        details = _details(q["row"])
        start = time.perf_counter()
        found = selectors.search(details)
        latencies.append(time.perf_counter() - start)
        best = found.candidates[0] if found.candidates else None
        if q["truth"] is not None:
            known += 1
            first_right += bool(best and truth_of.get(best.id) == q["truth"])
        false_likely += sum(
            1 for c in found.candidates if c.likely and truth_of.get(c.id, -1) != q["truth"]
        )
    cpu = time.process_time() - cpu
    latencies.sort()
    median = statistics.median(latencies)
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    size = f"{n:,} persons, {len(queries)} intakes ({known} of known people)"
    print(
        f"median {median * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, max {latencies[-1] * 1000:.1f}"
        f" ms; known person's record proposed first in {first_right}/{known}; "
        f"{false_likely} other people marked likely",
        flush=True,
    )
    return [
        Measurement(
            figure="radar intake search, median per person",
            seconds=median,
            cpu_seconds=cpu / len(queries),
            data_size=size,
            target="< 0.100 s (1,000,000 persons)",
        ),
        Measurement(
            figure="radar intake search, p95 per person",
            seconds=p95,
            data_size=size,
            target="< 0.250 s (1,000,000 persons)",
        ),
        Measurement(
            figure=(
                f"radar intake: known person's record first in {first_right}/{known}, "
                f"{false_likely} others marked likely"
            ),
            seconds=0.0,
            data_size=size,
        ),
    ]


def _details(row: dict) -> dict:
    dob = row.get("date_of_birth") or ""
    return {
        "given_names": row.get("given_name", ""),
        "surname": row.get("surname", ""),
        "date_of_birth": dt.date.fromisoformat(dob) if dob else None,
        "sex": row.get("sex", ""),
        "bsn": row.get("bsn", ""),
        "street": row.get("street", ""),
        "house_number": row.get("house_number", ""),
        "postcode": row.get("postcode", ""),
        "city": row.get("city", ""),
    }
