"""A quarterly report as the organisation keeps it: its quarter, its scope and the commentary
written for each section. Its figures are never stored with it: they are computed from the data
as it stands when the report is downloaded, always suppressed (a file made is kept in the
cache only while what it was made from is unchanged, `made`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

WHOLE_ORGANISATION = ""


class Report(models.Model):
    """One report: an organisation's quarter, for the whole organisation or one unit."""

    organisation = models.CharField(max_length=200, db_index=True)
    period = models.CharField(max_length=10, help_text="The quarter, e.g. 2025-Q3.")
    unit = models.CharField(max_length=40, blank=True, default=WHOLE_ORGANISATION,
                            help_text="A unit code; empty for the whole organisation.")
    audience = models.CharField(max_length=200, default="Workforce committee and board")
    commentary = models.JSONField(default=dict, blank=True,
                                  help_text="Commentary by section key.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-period", "unit"]
        constraints = [models.UniqueConstraint(fields=["organisation", "period", "unit"],
                                               name="one_report_per_quarter_and_unit")]

    def __str__(self) -> str:
        return f"{self.organisation} {self.period} {self.unit or 'whole organisation'}"
