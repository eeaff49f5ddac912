"""Who carries which file: assignment history and cover during absence."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class Cover(models.Model):
    """A colleague takes over someone's worklist for a period (both days included)."""

    absent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="afwezige",
        on_delete=models.CASCADE,
        related_name="covered_by",
    )
    covering = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="vervanger",
        on_delete=models.CASCADE,
        related_name="covering_for",
    )
    starts_on = models.DateField("vanaf")
    ends_on = models.DateField("tot en met")
    arranged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    arranged_at = models.DateTimeField()

    class Meta:
        verbose_name = "vervanging"
        verbose_name_plural = "vervangingen"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="cover_period_in_order"
            ),
            models.CheckConstraint(condition=~Q(absent=F("covering")), name="cover_not_self"),
        ]
        indexes = [models.Index(fields=["covering", "starts_on", "ends_on"])]


class Assignment(models.Model):
    """History of who a report or service was assigned to (append-only)."""

    report = models.ForeignKey(
        "registry.Report", on_delete=models.CASCADE, related_name="assignments"
    )
    service = models.ForeignKey(
        "process.Service",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_team = models.ForeignKey(
        "access.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    reason = models.TextField(blank=True)

    class Meta:
        verbose_name = "toewijzing"
        verbose_name_plural = "toewijzingen"
        ordering = ["at", "id"]
