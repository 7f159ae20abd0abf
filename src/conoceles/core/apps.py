from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.urls import register_converter
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPAppConfig
from django_tasks_db.apps import TasksAppConfig

from .converters import IdConverter


class CoreConfig(AppConfig):
    default = True  # this module also holds the Spanish configs of third-party apps below
    name = "conoceles.core"
    verbose_name = "Núcleo"

    def ready(self):
        register_converter(IdConverter, "id")


# Third-party apps under Spanish names in Gestión (settings.INSTALLED_APPS names these classes). Their models' and
# fields' labels are translated in locale/es_MX (they are marked for translation); TOTP's model name is not.


class AxesConfig(AxesAppConfig):
    verbose_name = "Bloqueo por intentos fallidos"


class TOTPConfig(TOTPAppConfig):
    verbose_name = "Verificación en dos pasos"

    def ready(self):
        super().ready()
        meta = self.get_model("TOTPDevice")._meta
        # Only the label shown: the migration state reads Meta's original attributes, which stay as they are.
        meta.verbose_name, meta.verbose_name_plural = "dispositivo de verificación", "dispositivos de verificación"


class TasksDatabaseConfig(TasksAppConfig):
    verbose_name = "Tareas en segundo plano"
