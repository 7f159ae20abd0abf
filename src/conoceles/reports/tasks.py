"""Reports are generated in the background (immediately in development and tests)."""

from django_tasks import task

from .models import GeneratedReport


@task()
def generate_report_task(report_id: int) -> None:
    from .services import generate

    generate(GeneratedReport.objects.select_related("process", "created_by").get(pk=report_id))
