from django.apps import AppConfig


class GestionConfig(AppConfig):
    """The institute's administration screens in the site's own look: the dashboard and the process settings."""

    name = "conoceles.gestion"
    verbose_name = "Panel y ajustes del proceso"
