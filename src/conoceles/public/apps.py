from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "conoceles.public"
    verbose_name = "Sitio público"


    def ready(self):
        from django.db.models.signals import post_delete, post_save  # noqa: PLC0415

        from conoceles.elections.models import ElectoralProcess  # noqa: PLC0415

        from .archive import refresh_archive_listed  # noqa: PLC0415

        # The footer's link to the archive of earlier processes follows every change of a process.
        post_save.connect(refresh_archive_listed, sender=ElectoralProcess, dispatch_uid="public_archive_listed")
        post_delete.connect(refresh_archive_listed, sender=ElectoralProcess, dispatch_uid="public_archive_listed_del")
