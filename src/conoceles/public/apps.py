from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "conoceles.public"
    verbose_name = "Sitio público"

    def ready(self):
        from .caching import connect_invalidation

        connect_invalidation()
