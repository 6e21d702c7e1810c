"""URLs of the dashboards pages (mounted under /dashboards/)."""

from django.urls import path  # noqa: F401

app_name = "dashboards"
urlpatterns: list = []
