from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "workforce_web.reports"
    label = "reports"
    verbose_name = "Board reports"
