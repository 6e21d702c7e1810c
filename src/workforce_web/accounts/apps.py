from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "workforce_web.accounts"
    label = "accounts"
