from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "conoceles.core"
    verbose_name = "Núcleo"

    def ready(self):
        from django.urls import register_converter

        from .converters import IdConverter

        register_converter(IdConverter, "id")
