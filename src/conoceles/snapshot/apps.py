from django.apps import AppConfig


class SnapshotConfig(AppConfig):
    name = "conoceles.snapshot"
    verbose_name = "Sitio público como archivos"
