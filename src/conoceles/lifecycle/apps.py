from django.apps import AppConfig


class LifecycleConfig(AppConfig):
    name = "conoceles.lifecycle"
    verbose_name = "Ciclo de vida de los datos"
