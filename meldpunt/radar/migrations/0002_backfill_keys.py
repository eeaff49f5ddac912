"""Blocking keys for the people already in the register (idempotent: only people without keys).
Large registers can run `meldpunt radar index` instead; it does the same in resumable batches."""

from django.db import migrations

FIELDS = (
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
)


def backfill(apps, schema_editor):
    from meldpunt.radar.linkage.keys import record_keys
    from meldpunt.radar.linkage.normalise import prepare

    Person = apps.get_model("registry", "Person")
    PersonKey = apps.get_model("radar", "PersonKey")
    last = 0
    while True:
        rows = list(
            Person.objects.filter(pk__gt=last, radar_keys__isnull=True)
            .order_by("pk")
            .values("id", *FIELDS)[:5000]
        )
        if not rows:
            return
        keys = [
            PersonKey(person_id=row["id"], key=key)
            for row in rows
            for key in record_keys(prepare(**{f: row[f] for f in FIELDS}))
        ]
        PersonKey.objects.bulk_create(keys, batch_size=5000, ignore_conflicts=True)
        last = rows[-1]["id"]


class Migration(migrations.Migration):
    dependencies = [("radar", "0001_radar")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
