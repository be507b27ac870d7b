from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "adopt.core"
    label = "core"
