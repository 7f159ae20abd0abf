from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "conoceles.review"
    verbose_name = "Validación y revisión"

    def ready(self):
        from .listing import connect_signals

        connect_signals()
