"""URLs of the strategy pages (mounted under /strategy/)."""

from django.urls import path  # noqa: F401

app_name = "strategy"
urlpatterns: list = []
