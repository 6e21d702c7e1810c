"""The strategy app's models: the plan, targets and tracked measures, reviews and history."""

from workforce_web.strategy.models.measures import Target, TrackedMeasure, TrackedValue
from workforce_web.strategy.models.plan import (
    Action,
    DatedValue,
    Feedback,
    Objective,
    ProgressUpdate,
    Strategy,
    Theme,
)
from workforce_web.strategy.models.reviews import Change, Review

__all__ = ["Action", "Change", "DatedValue", "Feedback", "Objective", "ProgressUpdate",
           "Review", "Strategy", "Target", "Theme", "TrackedMeasure", "TrackedValue"]
