"""/cuenta/avisos/: the signed-in account's own notices. Another account's notice is a 404.

/cuenta/ is open to an account that has not finished the account policy (temporary password, second factor);
the notices are not: they wait for that step like any other page."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from conoceles.accounts.middleware import pending_step
from conoceles.core.http import safe_next_url

from . import services
from .models import Notification

PAGE_SIZE = 20


def account_ready(view):
    """Signed in and past the account policy's pending step (if any)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        step = pending_step(request)
        if step:
            return redirect(f"{reverse(step)}?next={request.path}")
        return view(request, *args, **kwargs)

    return wrapper


@account_ready
def notification_list(request):
    notifications = Notification.objects.filter(user=request.user).order_by("-created_at", "-pk")
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@account_ready
def open_notification(request, pk):
    """Follow a notice's link; opening it marks it as read."""
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    services.mark_read(request.user, notification.pk)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect("notifications:list")


@require_POST
@account_ready
def mark_read(request, pk):
    get_object_or_404(Notification, pk=pk, user=request.user)
    services.mark_read(request.user, pk)
    return redirect(safe_next_url(request, reverse("notifications:list")))


@require_POST
@account_ready
def mark_all_read(request):
    count = services.mark_read(request.user)
    if count == 1:
        messages.success(request, "Se marcó 1 aviso como leído.")
    else:
        messages.success(request, f"Se marcaron {count} avisos como leídos.")
    return redirect(reverse("notifications:list"))
