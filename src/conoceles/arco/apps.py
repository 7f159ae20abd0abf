from django.apps import AppConfig


class ArcoConfig(AppConfig):
    name = "conoceles.arco"
    verbose_name = "Derechos ARCO"
