from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "conoceles.imports"
    verbose_name = "Importaciones"
