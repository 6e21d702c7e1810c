from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "workforce_web.strategy"
    label = "strategy"
