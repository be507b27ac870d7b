from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "adopt.accounts"
    label = "accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_login_failed

        from adopt.accounts.sign_in_limits import count_failed_sign_in

        user_login_failed.connect(count_failed_sign_in, dispatch_uid="accounts-count-failed-sign-in")
