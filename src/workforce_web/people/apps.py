from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "workforce_web.people"
    label = "people"
