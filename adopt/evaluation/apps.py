from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "adopt.evaluation"
    label = "evaluation"
