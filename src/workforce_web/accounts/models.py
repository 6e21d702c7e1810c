"""Membership (a user's organisation, role and units) and the audit log."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Administrator"
    WORKFORCE_LEAD = "workforce_lead", "Workforce lead"
    MANAGER = "manager", "Manager"
    VIEWER = "viewer", "Viewer (aggregates only)"


PERSON_LEVEL_ROLES = (Role.ADMIN, Role.WORKFORCE_LEAD, Role.MANAGER)
EDITOR_ROLES = (Role.ADMIN, Role.WORKFORCE_LEAD)


class Membership(models.Model):
    """A user's role in one organisation. Managers see only `units` and their children."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="membership")
    organisation = models.CharField(max_length=200)
    role = models.CharField(max_length=20, choices=Role.choices)
    units = models.JSONField(default=list, blank=True,
                             help_text="Unit codes a manager is responsible for.")

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} of {self.organisation}"

    @property
    def sees_people(self) -> bool:
        return self.role in PERSON_LEVEL_ROLES

    @property
    def can_edit(self) -> bool:
        return self.role in EDITOR_ROLES

    @property
    def whole_organisation(self) -> bool:
        return self.role in EDITOR_ROLES

    @property
    def reads_audit_log(self) -> bool:
        return self.role == Role.ADMIN


class AuditEvent(models.Model):
    """One look at, or export of, person-level data (or another sensitive action)."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    username = models.CharField(max_length=150)
    organisation = models.CharField(max_length=200)
    action = models.CharField(max_length=40)
    path = models.CharField(max_length=500)
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.detail}"
