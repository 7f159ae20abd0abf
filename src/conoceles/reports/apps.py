from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "conoceles.reports"
    verbose_name = "Informes"
