from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "conoceles.api"
    label = "api"
    verbose_name = "API pública"
