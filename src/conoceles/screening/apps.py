from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "conoceles.screening"
    verbose_name = "Asistentes de revisión"

    def ready(self):
        from django.db import transaction
        from django.db.models.signals import post_save

        from conoceles.questionnaires.models import CurricularQuestionnaire

        from .tasks import scan_candidacy_task

        def rescan(sender, instance, raw=False, **kwargs):
            """After a capture save is committed, re-scan that candidacy in the background."""
            if not raw:
                candidacy_id = instance.candidacy_id
                transaction.on_commit(lambda: scan_candidacy_task.enqueue(candidacy_id))

        post_save.connect(rescan, sender=CurricularQuestionnaire, dispatch_uid="screening_rescan")
