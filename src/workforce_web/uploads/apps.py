from django.apps import AppConfig


class UploadsConfig(AppConfig):
    name = "workforce_web.uploads"
    label = "uploads"
