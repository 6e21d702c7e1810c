"""Quarterly reviews (figures frozen as JSON, commentary per theme) and the change history."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from workforce.strategy.plan import REVIEW_STATUSES
from workforce.strategy.review import is_provisional
from workforce_web.strategy.models.plan import Strategy


class Review(models.Model):
    """A review of the plan for a period. `snapshot` is `workforce.strategy.review.freeze`'s
    output: the review shows it and nothing else, so later data never changes it."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="reviews")
    period = models.CharField(max_length=20)
    forum = models.CharField(max_length=200, default="Workforce strategy board")
    as_at = models.DateField()
    status = models.CharField(max_length=20, choices=list(REVIEW_STATUSES.items()),
                              default="draft")
    snapshot = models.JSONField(default=dict)
    commentary = models.JSONField(default=dict, blank=True,
                                  help_text="Commentary per theme title.")
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    prepared_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-as_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["strategy", "period", "forum"],
                                               name="review_period_unique")]

    def __str__(self) -> str:
        return f"{self.period} review ({self.forum})"

    @property
    def provisional(self) -> bool:
        """Figures frozen before the period ended: a draft, not yet fit to sign off."""
        return is_provisional(self.period, self.as_at)


class Change(models.Model):
    """One change to the plan: who, when, which item, what changed."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    username = models.CharField(max_length=150)
    kind = models.CharField(max_length=20)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    item = models.CharField(max_length=300)
    summary = models.TextField()

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username}: {self.item}"
