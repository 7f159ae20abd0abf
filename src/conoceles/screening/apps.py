from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "conoceles.screening"
    verbose_name = "Asistentes de revisión"

