from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "adopt.programmes"
    label = "programmes"
