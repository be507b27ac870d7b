from django.apps import AppConfig


class GeographyConfig(AppConfig):
    name = "adopt.geography"
    label = "geography"
