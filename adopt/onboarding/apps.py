from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "adopt.onboarding"
    label = "onboarding"
