from django.apps import AppConfig


class ElectionsConfig(AppConfig):
    name = "conoceles.elections"
    verbose_name = "Elección y catálogos"
