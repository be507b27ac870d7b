from django.apps import AppConfig


class CompaniesConfig(AppConfig):
    name = "adopt.companies"
    label = "companies"
