"""What the generator knows and the register does not: the ground truth.

`TruePerson` says which Person rows are the same real person. The register often holds several
Person rows for one real person (each report registered without finding the earlier one, with
typos, swapped day and month, a missing BSN ...): rows with the same `identity` are the same
person, rows with the same `household_identity` belong to the same real household. The radar
measures its linkage precision and recall against this table. Only synthetic data has it.

`GenerationRun` remembers a run of `meldpunt generate` so an interrupted run can be continued.
"""

from __future__ import annotations

from django.db import models


class GenerationRun(models.Model):
    seed = models.BigIntegerField("seed")
    reports = models.PositiveIntegerField("aantal meldingen")
    date_from = models.DateField("vanaf")
    date_to = models.DateField("tot en met")
    cutoff = models.DateTimeField("peilmoment")
    started_at = models.DateTimeField("gestart")
    finished_at = models.DateTimeField("klaar", null=True, blank=True)
    batches_done = models.PositiveIntegerField("weggeschreven batches", default=0)
    reports_done = models.PositiveIntegerField("weggeschreven meldingen", default=0)
    # The first id the run uses per table and the next free id after the last committed batch:
    # a continued run checks nothing else wrote in between.
    first_ids = models.JSONField("eerste ids", default=dict)
    next_ids = models.JSONField("volgende ids", default=dict)

    class Meta:
        verbose_name = "generatierun"
        verbose_name_plural = "generatieruns"

    @property
    def finished(self) -> bool:
        return self.finished_at is not None


class TruePerson(models.Model):
    """Ground truth: Person rows with the same `identity` are the same real person."""

    person = models.OneToOneField(
        "registry.Person", on_delete=models.CASCADE, related_name="true_person"
    )
    identity = models.CharField("echte persoon", max_length=40, db_index=True)
    household_identity = models.CharField("echt huishouden", max_length=40, db_index=True)
    run = models.ForeignKey(GenerationRun, on_delete=models.CASCADE, related_name="people")

    class Meta:
        verbose_name = "echte persoon (synthetisch)"
        verbose_name_plural = "echte personen (synthetisch)"
