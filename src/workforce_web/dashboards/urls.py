"""URLs of the dashboards pages (mounted under /dashboards/)."""

from django.urls import path

from workforce_web.dashboards import target_views, views, worklist_views

app_name = "dashboards"
urlpatterns = [
    path("", views.dashboard, name="overview"),
    path("targets/", target_views.targets, name="targets"),
    path("targets/<str:measure_id>/", target_views.target_edit, name="target_edit"),
    path("work-lists/", worklist_views.worklist, name="worklist"),
    path("work-lists/<slug:key>.<str:fmt>", worklist_views.worklist_download,
         name="worklist_download"),
    path("<slug:slug>/", views.dashboard, name="page"),
    path("<slug:slug>/<slug:key>.<str:fmt>", views.download, name="download"),
]
