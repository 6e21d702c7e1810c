"""URLs of the board reports (mounted under /reports/)."""

from django.urls import path

from workforce_web.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/report.<str:fmt>", views.download, name="download"),
]
