from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "conoceles.public"
    verbose_name = "Sitio público"

