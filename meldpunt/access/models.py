from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from meldpunt.access.roles import ROLE_LABELS, Right, Role, allows


class Team(models.Model):
    name = models.CharField("naam", max_length=100, unique=True)
    work_area = models.ForeignKey(
        "reference.WorkArea",
        verbose_name="werkgebied",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )

    class Meta:
        verbose_name = "team"
        verbose_name_plural = "teams"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A professional or a system client. Roles are data: one `RoleGrant` row per role."""

    team = models.ForeignKey(
        Team,
        verbose_name="team",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )

    class Meta:
        verbose_name = "gebruiker"
        verbose_name_plural = "gebruikers"

    @property
    def roles(self) -> frozenset[Role]:
        cached = getattr(self, "_roles_cache", None)
        if cached is None:
            if not self.pk or not self.is_active:
                cached = frozenset()
            else:
                cached = frozenset(Role(r) for r in self.role_grants.values_list("role", flat=True))
            self._roles_cache = cached
        return cached

    def has_role(self, role: Role) -> bool:
        return role in self.roles

    def can(self, right: Right) -> bool:
        return allows(self.roles, right)

    @property
    def role_labels(self) -> str:
        return ", ".join(sorted(ROLE_LABELS[r] for r in self.roles))

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class RoleGrant(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField("rol", max_length=32, choices=[(r.value, ROLE_LABELS[r]) for r in Role])

    class Meta:
        verbose_name = "rol"
        verbose_name_plural = "rollen"
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="one_grant_per_role")]


class AuditEntry(models.Model):
    """One line of the audit trail: ids and event codes only, never names or free text.

    Append-only: the application has no update or delete path for these rows.
    """

    at = models.DateTimeField("tijdstip", db_index=True)
    actor_id = models.BigIntegerField("gebruiker-id", null=True, db_index=True)
    event = models.CharField("gebeurtenis", max_length=64, db_index=True)
    subject_type = models.CharField("soort object", max_length=64)
    subject_id = models.BigIntegerField("object-id", null=True)
    details = models.JSONField("details", default=dict)
    remote_addr = models.GenericIPAddressField("adres", null=True, blank=True)

    class Meta:
        verbose_name = "auditregel"
        verbose_name_plural = "audittrail"
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def save(self, *args, **kwargs):  # noqa: D401 - refusing updates is the point
        if self.pk is not None:
            raise RuntimeError("Audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Audit entries are append-only")
