from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "adopt.demo"
    label = "demo"
