from __future__ import annotations

from django.db import models


class LegacyKey(models.Model):
    """The source key of a migrated record: running the migration again finds it and changes
    nothing; an interrupted run continues where it stopped."""

    system = models.CharField("bronsysteem", max_length=60)
    entity = models.CharField("soort", max_length=20)
    key = models.CharField("bronsleutel", max_length=100)
    object_id = models.BigIntegerField("id in Meldpunt")

    class Meta:
        verbose_name = "bronsleutel"
        verbose_name_plural = "bronsleutels"
        constraints = [
            models.UniqueConstraint(fields=["system", "entity", "key"], name="one_object_per_key")
        ]
