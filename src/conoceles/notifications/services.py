"""Every notice goes through here: `notify` writes the in-app notices and queues their e-mail after commit.

Other apps call `notify(recipients_for(candidacy), kind=..., subject=..., body=...)`. A notice never carries a
password, a private contact nor an identity answer (DOMAIN.md §6): only what the account may already see."""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from conoceles.accounts.delivery import credential_for, delivery_email
from conoceles.accounts.models import Role, User

from .models import Notification

Kind = Notification.Kind


def absolute_url(path: str) -> str:
    """A path of this site as a full address for e-mail (settings.SITE_URL); full addresses stay as they are."""
    if not path or "://" in path:
        return path
    return f"{settings.SITE_URL}{path}"


def recipients_q(actor_ids: Iterable[int], candidacy_ids: Iterable[int]) -> Q:
    """Active accounts of those actors (party role) or of those candidacies (candidate role): THE scope of who
    hears about a candidacy."""
    return Q(is_active=True) & (
        Q(role=Role.PARTY, actor_id__in=list(actor_ids)) | Q(role=Role.CANDIDATE, candidacy_id__in=list(candidacy_ids))
    )


def recipients_for(candidacy) -> list:
    """Who hears about a candidacy: the active accounts of its political actor and the candidate's own account."""
    return list(User.objects.filter(recipients_q([candidacy.actor_id], [candidacy.pk])).order_by("pk"))


def save_notifications(notifications: list[Notification], *, email: bool) -> list[Notification]:
    """Save the notices and, if `email`, queue (when the transaction commits) the message of those whose account
    has an address."""
    notifications = Notification.objects.bulk_create(notifications)
    to_email = [n.pk for n in notifications if email and delivery_email(n.user)]
    if to_email:
        from .tasks import send_notification_emails_task  # here: .tasks imports this module

        transaction.on_commit(lambda: send_notification_emails_task.enqueue(to_email))
    return notifications


def _active_users(users) -> list:
    """The active accounts among `users`, once each and in the given order, with what `delivery_email` reads."""
    ids = list(dict.fromkeys(u.pk for u in users))
    found = User.objects.filter(pk__in=ids, is_active=True)
    found = found.select_related("actor", "candidacy__contest", "candidacy__actor").in_bulk()
    return [found[pk] for pk in ids if pk in found]


def notify(users, *, kind, subject, body, url="", candidacy=None, email=True) -> list[Notification]:
    """One in-app notice per active account of `users` and, with `email`, the same by e-mail (in the background,
    after the current transaction commits) to those with an address. `url` is a path of this site."""
    subject = " ".join(subject.split())[:200]  # one line: it is also the e-mail's subject
    notifications = [
        Notification(user=user, kind=kind, subject=subject, body=body, url=url, candidacy=candidacy)
        for user in _active_users(users)
    ]
    return save_notifications(notifications, email=email)


def email_address(address: str, *, subject: str, body: str) -> None:
    """An e-mail to someone without an account here (a candidate whose candidacy has none: her candidacy's private
    address), sent in the background after the current transaction commits. No in-app notice: there is no account."""
    if address:
        from .tasks import send_email_task  # here: .tasks imports this module

        transaction.on_commit(lambda: send_email_task.enqueue(address, " ".join(subject.split())[:200], body))


def send_email(address: str, subject: str, body: str) -> None:
    context = {"subject": subject, "body": body, "institute_name": settings.INSTITUTE["name"]}
    send_mail(f"Conóceles: {subject}", render_to_string("notifications/email_no_account.txt", context), None, [address])


def send_emails(notification_ids: list[int]) -> int:
    """Send the e-mail of each notice not yet sent (runs in the background task). Returns how many went."""
    sent = 0
    pending = Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True, user__is_active=True)
    for notification in pending.select_related("user__actor", "user__candidacy").order_by("pk"):
        address = delivery_email(notification.user)
        if not address:
            continue
        context = {
            "notification": notification,
            "link": absolute_url(notification.url),
            "list_link": absolute_url(reverse("notifications:list")),
            "institute_name": settings.INSTITUTE["name"],
        }
        body = render_to_string("notifications/email.txt", context)
        send_mail(f"Conóceles: {notification.subject}", body, None, [address])
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
        sent += 1
    return sent


def mark_read(user, pk=None) -> int:
    """Mark one notice of `user` (or, without `pk`, all of them) as read. Returns how many changed."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if pk is not None:
        unread = unread.filter(pk=pk)
    return unread.update(read_at=timezone.now())


def notify_account_delivery(users) -> list[Notification]:
    """The in-app «Entrega de cuenta» notice of delivered accounts (no e-mail: the delivery itself was one or a
    printed sheet). Never with the password."""
    notifications = []
    for user in _active_users(users):
        _, role_label, scope_label = credential_for(user)
        body = (
            f"Su cuenta «{user.get_username()}» ({role_label} · {scope_label}) quedó entregada.\n"
            "Si usted no pidió ni recibió esta cuenta, comuníquese con el instituto. El instituto nunca le pedirá "
            "su contraseña."
        )
        notifications.append(
            Notification(
                user=user,
                kind=Kind.ACCOUNT_DELIVERY,
                subject="Su cuenta quedó entregada",
                body=body,
                url=reverse("accounts:home"),
            )
        )
    return save_notifications(notifications, email=False)
