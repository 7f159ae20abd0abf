from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "conoceles.accounts"
    verbose_name = "Cuentas"

    def ready(self):
        from . import signals  # noqa: F401  (here: signals imports the models, not ready when apps.py loads)
