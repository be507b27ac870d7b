from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "adopt.accounts"
    label = "accounts"
