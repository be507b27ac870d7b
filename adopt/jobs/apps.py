from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "adopt.jobs"
    label = "jobs"
