"""Background work for notices; immediate in development, a worker in production."""

from django_tasks import task

from . import services


@task()
def send_notification_emails_task(notification_ids: list[int]) -> int:
    return services.send_emails(notification_ids)


@task()
def send_email_task(address: str, subject: str, body: str) -> None:
    services.send_email(address, subject, body)
