"""The deliverables calendar as an iCalendar feed that staff add to their own calendar application.

Calendar applications cannot sign in, so the feed's address carries a personal token: the account's id signed with
the site's secret, bound to its current password. It stops working when the account is deactivated, loses the
administration role or changes its password (the way to revoke an address that leaked)."""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from icalendar import Alarm, Calendar, Event

from conoceles.accounts.models import User
from conoceles.core.permissions import Action, can

from .models import Deliverable
from .services import reminder_days

SALT = "conoceles.gestion.deliverables-feed"


def _fingerprint(user) -> str:
    return salted_hmac(SALT, user.password).hexdigest()[:16]


def feed_token(user) -> str:
    """The personal token of `user`'s feed address."""
    return signing.dumps({"user": user.pk, "key": _fingerprint(user)}, salt=SALT)


def feed_user(token: str):
    """The account whose token this is, if it may still read the calendar; otherwise None."""
    try:
        payload = signing.loads(token, salt=SALT)
        user = User.objects.get(pk=payload["user"])
    except (signing.BadSignature, KeyError, TypeError, User.DoesNotExist):
        return None
    if not constant_time_compare(payload.get("key", ""), _fingerprint(user)):
        return None
    return user if can(user, Action.MANAGE_CATALOGS) else None


def deliverables_calendar(process, deliverables, *, url: str) -> bytes:
    """The process's dated deliverables (except those that do not apply) as all-day events, each with an alarm per
    reminder threshold while it is open. `url`: the deliverables screen, full address."""
    calendar = Calendar()
    calendar.add("prodid", "-//Conóceles//Calendario de entregables//ES")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Entregables · {process.name}")
    domain = urlsplit(settings.SITE_URL).hostname or "conoceles"
    stamp = timezone.now()
    for deliverable in deliverables:
        due = deliverable.due
        if due is None or deliverable.status == Deliverable.Status.NOT_APPLICABLE:
            continue
        event = Event()
        event.add("uid", f"entregable-{deliverable.pk}@{domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", due)
        event.add("dtend", due + datetime.timedelta(days=1))
        prefix = "Cumplida: " if deliverable.status == Deliverable.Status.DONE else ""
        event.add("summary", f"{prefix}{deliverable.code or 'S/ID'} {deliverable.title}")
        lines = [deliverable.rule, f"Área responsable: {deliverable.area}" if deliverable.area else ""]
        lines.append(f"Estado: {deliverable.get_status_display()}")
        event.add("description", "\n".join(line for line in lines if line))
        event.add("url", url)
        if deliverable.is_open:
            for days in reminder_days():
                alarm = Alarm()
                alarm.add("action", "DISPLAY")
                alarm.add("description", f"Entregable por vencer: {deliverable.title}")
                alarm.add("trigger", datetime.timedelta(days=-days))
                event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()
