from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "conoceles.notifications"
    verbose_name = "Avisos"
