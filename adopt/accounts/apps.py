from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "adopt.accounts"
    label = "accounts"

    def ready(self) -> None:
        from adopt.accounts import signals  # noqa: F401  # connects the wrong-password counter
