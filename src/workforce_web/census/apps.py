from django.apps import AppConfig


class CensusConfig(AppConfig):
    name = "workforce_web.census"
    label = "census"
