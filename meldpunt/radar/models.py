"""The radar in the register's own database: blocking keys, identities, link decisions,
proposals for review, and the linkage facts fixed on a report at its triage decision.

A Person row is a record: what one report said about someone. A *known person* (identity) is
a group of records joined by merges; its id is the id of its oldest record (the smallest), so
it does not change when a newer record joins, and a split gives each part back the id it had.
Merges are edges (`Merge`), never rewritten rows: undoing one is ending the edge.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from meldpunt.radar.linkage.keys import MAX_KEY


class PersonKey(models.Model):
    """One blocking key of one person (see linkage/keys.py), indexed for candidate search."""

    # db_index=False: the named index below is the one on person (a second was kept twice)
    person = models.ForeignKey(
        "registry.Person", on_delete=models.CASCADE, related_name="radar_keys", db_index=False
    )
    key = models.CharField("sleutel", max_length=MAX_KEY)

    class Meta:
        verbose_name = "zoeksleutel"
        verbose_name_plural = "zoeksleutels"
        constraints = [models.UniqueConstraint(fields=["key", "person"], name="radar_key_once")]
        indexes = [models.Index(fields=["person"], name="radar_key_person")]


class Merge(models.Model):
    """Two records are the same person: an edge between them, active until split."""

    survivor = models.ForeignKey(
        "registry.Person", on_delete=models.CASCADE, related_name="radar_merges_kept"
    )
    merged = models.ForeignKey(
        "registry.Person", on_delete=models.CASCADE, related_name="radar_merges_joined"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField("samengevoegd op")
    ended_at = models.DateTimeField("gesplitst op", null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "samenvoeging"
        verbose_name_plural = "samenvoegingen"
        indexes = [
            models.Index(fields=["survivor", "ended_at"]),
            models.Index(fields=["merged", "ended_at"]),
        ]


class Identity(models.Model):
    """Which known person a merged record belongs to: `root` is the identity's id (its oldest
    record). Only records in a merge have a row; any other record is its own identity."""

    person = models.OneToOneField(
        "registry.Person", primary_key=True, on_delete=models.CASCADE, related_name="radar_identity"
    )
    root = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "identiteit"
        verbose_name_plural = "identiteiten"
        indexes = [models.Index(fields=["root"], name="radar_identity_root")]


class DecisionKind(models.TextChoices):
    CONFIRMED = "confirmed", "Bevestigd (zelfde persoon)"
    REJECTED = "rejected", "Afgewezen (andere persoon)"
    MERGED = "merged", "Samengevoegd"
    SPLIT = "split", "Gesplitst"


class LinkDecision(models.Model):
    """Every decision about whether two records are one person: who, when, why, on what
    evidence. Append-only."""

    kind = models.CharField("besluit", max_length=12, choices=DecisionKind.choices)
    person = models.ForeignKey(
        "registry.Person", on_delete=models.CASCADE, related_name="radar_decisions"
    )
    other = models.ForeignKey(
        "registry.Person",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="radar_decisions_as_other",
    )
    report = models.ForeignKey(
        "registry.Report", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    proposal = models.ForeignKey(
        "radar.LinkProposal", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    probability = models.FloatField("kans", null=True, blank=True)
    model_version = models.CharField("modelversie", max_length=40, blank=True)
    evidence = models.JSONField("bewijs", default=list, blank=True)
    reason = models.TextField("reden", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField("besloten op")

    class Meta:
        verbose_name = "koppelbesluit"
        verbose_name_plural = "koppelbesluiten"
        indexes = [
            models.Index(fields=["person", "kind"]),
            models.Index(fields=["other", "kind"]),
        ]


class ProposalKind(models.TextChoices):
    MERGE = "merge", "Samenvoegen"
    SPLIT = "split", "Splitsen"


class ProposalStatus(models.TextChoices):
    PENDING = "pending", "Te beoordelen"
    CONFIRMED = "confirmed", "Uitgevoerd"
    REJECTED = "rejected", "Afgewezen"


class LinkProposal(models.Model):
    """A merge or split the linker found but nobody has decided: ids never change silently."""

    kind = models.CharField("voorstel", max_length=8, choices=ProposalKind.choices)
    status = models.CharField(
        "status", max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField("kans")
    model_version = models.CharField("modelversie", max_length=40, blank=True)
    evidence = models.JSONField("bewijs", default=list, blank=True)
    source = models.CharField("bron", max_length=40, blank=True)  # e.g. "link", "intake"
    created_at = models.DateTimeField("voorgesteld op")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField("besloten op", null=True, blank=True)
    reason = models.TextField("reden", blank=True)

    class Meta:
        verbose_name = "koppelvoorstel"
        verbose_name_plural = "koppelvoorstellen"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "person", "other"],
                condition=models.Q(status="pending"),
                name="radar_one_pending_proposal_per_pair",
            ),
            models.CheckConstraint(
                condition=models.Q(person__lt=models.F("other")), name="radar_proposal_ordered"
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]


class ReportFacts(models.Model):
    """What the links said about a report when its triage decision was taken: the people
    known before, and the recidivism facts. Fixed then, so delivered figures stay reproducible;
    later merges change the current view (selectors), not this row."""

    report = models.OneToOneField(
        "registry.Report", primary_key=True, on_delete=models.CASCADE, related_name="radar_facts"
    )
    known_people = models.PositiveIntegerField("bekende personen", default=0)
    person_12m = models.BooleanField("persoon gemeld in 12 maanden ervoor", default=False)
    person_5y = models.BooleanField("persoon gemeld in 5 jaar ervoor", default=False)
    household_12m = models.BooleanField("huishouden gemeld in 12 maanden ervoor", default=False)
    household_5y = models.BooleanField("huishouden gemeld in 5 jaar ervoor", default=False)
    recidivism = models.PositiveSmallIntegerField(
        "eerdere melding",
        default=0,
        help_text="1: persoon of huishouden gemeld in de 12 maanden ervoor; 2: alleen in de 5 "
        "jaar ervoor; 0: niet.",
    )
    fixed_at = models.DateTimeField("vastgelegd op")

    class Meta:
        verbose_name = "koppelfeiten van een melding"
        verbose_name_plural = "koppelfeiten van meldingen"
