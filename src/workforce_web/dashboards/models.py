"""Simple targets: one value and date per measure and organisation, edited by workforce leads.

The strategy module's trajectories will replace these; until then the dashboards compare each
figure with its target using the rules in `workforce.benchmarks.targets`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Target(models.Model):
    """The figure an organisation aims for on one measure, by a date."""

    organisation = models.CharField(max_length=200, db_index=True)
    measure_id = models.CharField(max_length=60)
    value = models.FloatField(help_text="The figure to reach, in the measure's unit.")
    target_date = models.DateField(help_text="The date by which to reach it.")
    note = models.CharField(max_length=300, blank=True,
                            help_text="Where the target comes from, e.g. the strategy.")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "measure_id"],
                                               name="one_target_per_measure")]
        ordering = ["measure_id"]

    def __str__(self) -> str:
        return f"{self.organisation} {self.measure_id}: {self.value} by {self.target_date}"
