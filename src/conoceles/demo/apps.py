from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "conoceles.demo"
    verbose_name = "Demostración"
