from django.apps import AppConfig
from django.urls import register_converter

from .converters import IdConverter


class CoreConfig(AppConfig):
    name = "conoceles.core"
    verbose_name = "Núcleo"

    def ready(self):
        register_converter(IdConverter, "id")
