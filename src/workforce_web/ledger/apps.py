from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "workforce_web.ledger"
    label = "ledger"
    verbose_name = "Workforce ledger"
