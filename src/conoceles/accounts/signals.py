"""Every login, failed login, logout and lockout goes to LoginEvent."""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from conoceles.core.http import client_ip

from .models import LoginEvent


def _record(request, kind, username, user=None):
    meta = getattr(request, "META", {}) if request is not None else {}
    if user is None and username:
        user = get_user_model().objects.filter(username=username).first()
    LoginEvent.objects.create(
        user=user,
        username=(username or "")[:150],
        kind=kind,
        ip_address=client_ip(request) if request is not None else None,
        user_agent=meta.get("HTTP_USER_AGENT", "")[:300],
    )


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    _record(request, LoginEvent.Kind.LOGIN, user.get_username(), user)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        _record(request, LoginEvent.Kind.LOGOUT, user.get_username(), user)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    _record(request, LoginEvent.Kind.FAILED, credentials.get("username", ""))


@receiver(user_locked_out)
def on_locked_out(sender, request, username, ip_address, **kwargs):
    _record(request, LoginEvent.Kind.LOCKED, username or "")
