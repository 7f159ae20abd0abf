"""Background work of the open data: on-demand releases and the institute's exports (immediate in development)."""

from django_tasks import task

from conoceles.accounts.models import User
from conoceles.elections.models import ElectoralProcess

from . import exports, releases
from .models import InstituteExport


@task()
def build_release_task(process_id: int, user_id: int | None = None) -> None:
    by = User.objects.filter(pk=user_id).first() if user_id else None
    releases.build_release(ElectoralProcess.objects.get(pk=process_id), by=by)


@task()
def build_export_task(export_id: int) -> None:
    exports.build_export(InstituteExport.objects.select_related("process").get(pk=export_id))
