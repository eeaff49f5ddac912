from __future__ import annotations

from django.conf import settings
from django.db import models


class MunicipalityViewer(models.Model):
    """The municipality whose figures a municipality account may see (its own, aggregated and
    suppressed). An account with the municipality role and no row here sees nothing."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="municipality_viewer"
    )
    municipality = models.ForeignKey(
        "reference.Municipality", verbose_name="gemeente", on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = "gemeenteaccount"
        verbose_name_plural = "gemeenteaccounts"

    def __str__(self) -> str:
        return f"{self.user} ({self.municipality})"
