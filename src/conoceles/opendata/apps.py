from django.apps import AppConfig


class OpenDataConfig(AppConfig):
    name = "conoceles.opendata"
    verbose_name = "Datos abiertos"
