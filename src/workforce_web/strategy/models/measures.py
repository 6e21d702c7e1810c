"""Targets, and the tracked measures (entered per period) a target may follow."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from workforce.strategy.plan import (
    BENCHMARKS,
    DIRECTIONS,
    FREQUENCIES,
    PERIODS,
    POLARITIES,
    TRAJECTORIES,
    UNITS,
)
from workforce_web.strategy.models.plan import Strategy, Theme


def _choices(mapping: dict[str, str]) -> list[tuple[str, str]]:
    return [(k, v.split(":")[0]) for k, v in mapping.items()]


class TrackedMeasure(models.Model):
    """A measure the ledger cannot compute, whose values are entered or imported."""

    organisation = models.CharField(max_length=200, db_index=True)
    code = models.CharField(max_length=40)
    title = models.CharField(max_length=300)
    definition = models.TextField(blank=True)
    unit = models.CharField(max_length=20, choices=[(u, u) for u in UNITS], default="percent")
    polarity = models.CharField(max_length=10, choices=_choices(POLARITIES), default="up")
    frequency = models.CharField(max_length=20, choices=_choices(FREQUENCIES),
                                 default="quarterly")

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["organisation", "code"],
                                               name="tracked_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class TrackedValue(models.Model):
    """A tracked measure's value for one period ('2025-Q3')."""

    measure = models.ForeignKey(TrackedMeasure, on_delete=models.CASCADE,
                                related_name="values")
    period = models.CharField(max_length=20)
    period_end = models.DateField()
    value = models.FloatField()
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["period_end"]
        constraints = [models.UniqueConstraint(fields=["measure", "period"],
                                               name="tracked_value_unique")]

    def __str__(self) -> str:
        return f"{self.measure.code} {self.period}: {self.value:g}"


class Target(models.Model):
    """A measure (from the registry, or tracked) with a baseline, a goal and a trajectory.
    Its RAG is computed (`workforce.strategy.rag.assess`), never stored."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="targets")
    theme = models.ForeignKey(Theme, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="targets")
    ref = models.CharField(max_length=20)
    title = models.CharField(max_length=300)
    measure_id = models.CharField(max_length=60, blank=True)
    tracked = models.ForeignKey(TrackedMeasure, null=True, blank=True,
                                on_delete=models.PROTECT, related_name="targets")
    scope_unit = models.CharField(max_length=40, blank=True)
    scope_filter = models.CharField(max_length=100, blank=True)
    baseline_value = models.FloatField(null=True, blank=True)
    baseline_date = models.DateField(null=True, blank=True)
    target_value = models.FloatField(null=True, blank=True)
    target_date = models.DateField(null=True, blank=True)
    direction = models.CharField(max_length=10, blank=True, choices=_choices(DIRECTIONS))
    band = models.FloatField(null=True, blank=True)
    trajectory = models.CharField(max_length=10, choices=_choices(TRAJECTORIES),
                                  default="linear")
    milestones = models.JSONField(default=list, blank=True,
                                  help_text='[["2026-03-31", 20.0], ...]')
    tolerance = models.FloatField(default=0.0)
    benchmark = models.CharField(max_length=30, blank=True, choices=_choices(BENCHMARKS))
    period = models.CharField(max_length=10, choices=list(PERIODS.items()), default="year")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["ref"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "ref"], name="target_ref_unique"),
            models.CheckConstraint(
                condition=(Q(measure_id="") & Q(tracked__isnull=False))
                | (~Q(measure_id="") & Q(tracked__isnull=True)),
                name="target_measure_or_tracked"),
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.title}"
