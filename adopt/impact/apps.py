from django.apps import AppConfig


class ImpactConfig(AppConfig):
    name = "adopt.impact"
    label = "impact"
