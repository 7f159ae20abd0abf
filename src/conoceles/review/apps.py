from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "conoceles.review"
    verbose_name = "Validación y revisión"

