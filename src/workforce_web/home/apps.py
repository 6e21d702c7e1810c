from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "workforce_web.home"
    label = "home"
