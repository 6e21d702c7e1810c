"""URLs of the strategy pages (mounted under /strategy/)."""

from django.urls import path

from workforce_web.strategy.views import (
    actions,
    excel,
    feedback,
    overview,
    reviews,
    targets,
    themes,
)

app_name = "strategy"
urlpatterns = [
    path("", overview.index, name="index"),
    path("new/", overview.strategy_new, name="strategy_new"),
    path("import/", excel.import_plan, name="import"),
    path("template.xlsx", excel.template, name="template"),
    path("<int:pk>/", overview.overview, name="overview"),
    path("<int:pk>/edit/", overview.strategy_edit, name="strategy_edit"),
    path("<int:pk>/history/", overview.history, name="history"),
    path("<int:pk>/export.xlsx", excel.export, name="export"),
    path("<int:pk>/themes/new/", themes.theme_new, name="theme_new"),
    path("themes/<int:pk>/", themes.theme, name="theme"),
    path("themes/<int:pk>/edit/", themes.theme_edit, name="theme_edit"),
    path("<int:pk>/actions/new/", actions.action_new, name="action_new"),
    path("actions/<int:pk>/", actions.action, name="action"),
    path("actions/<int:pk>/edit/", actions.action_edit, name="action_edit"),
    path("actions/<int:pk>/status/", actions.action_status, name="action_status"),
    path("actions/<int:pk>/updates/", actions.action_update, name="action_update"),
    path("<int:pk>/targets/new/", targets.target_new, name="target_new"),
    path("targets/<int:pk>/", targets.target, name="target"),
    path("<int:pk>/targets/<str:ref>/", targets.target_ref, name="target_ref"),
    path("targets/<int:pk>/edit/", targets.target_edit, name="target_edit"),
    path("<int:pk>/tracked/new/", targets.tracked_new, name="tracked_new"),
    path("tracked/<int:pk>/", targets.tracked, name="tracked"),
    path("<int:pk>/reviews/", reviews.reviews, name="reviews"),
    path("reviews/<int:pk>/", reviews.review, name="review"),
    path("reviews/<int:pk>/step/", reviews.review_step, name="review_step"),
    path("reviews/<int:pk>/refresh/", reviews.review_refresh, name="review_refresh"),
    path("<int:pk>/feedback/", feedback.feedback, name="feedback"),
    path("feedback/<int:pk>/edit/", feedback.feedback_edit, name="feedback_edit"),
]
