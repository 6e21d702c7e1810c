from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "workforce_web.dashboards"
    label = "dashboards"
