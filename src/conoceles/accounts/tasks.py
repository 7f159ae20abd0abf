"""Background work for account delivery; immediate in development, a worker in production."""

from django_tasks import task

from . import services


@task()
def send_access_emails_task(user_ids: list[int], domain: str, use_https: bool, by_id: int | None = None) -> int:
    return services.deliver_access_emails(user_ids, domain, use_https, by_id)
