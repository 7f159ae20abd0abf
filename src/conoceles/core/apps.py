from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "conoceles.core"
    verbose_name = "Núcleo"
