from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "conoceles.accounts"
    verbose_name = "Cuentas"
