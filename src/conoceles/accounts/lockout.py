"""Lockout after failed logins (django-axes), counted two ways.

axes counts the failures of each combination in ``AXES_LOCKOUT_PARAMETERS`` separately:

- one username from one address (``LOGIN_FAILURE_LIMIT``, 5): someone mistyping her own password, or one
  machine guessing, is stopped quickly, without locking the account for anyone else;
- one username from any address (``LOGIN_USERNAME_FAILURE_LIMIT``, 10): guesses spread over many addresses
  (4 from each of 6 addresses never reached the first limit) lock the account itself.

axes compares one number with one limit: the most failures among the combinations, which is always the
per-username count (it includes every address's). ``failure_limit`` is that limit (``AXES_FAILURE_LIMIT``): the
per-address limit once this address has reached it, the per-username limit otherwise. So the account is locked
from this address when the address made ``LOGIN_FAILURE_LIMIT`` failures, and from everywhere when all addresses
together made ``LOGIN_USERNAME_FAILURE_LIMIT``.

Both locks last ``LOGIN_LOCKOUT_MINUTES`` from the last failure. They end earlier when Administración unlocks the
account (Gestión → Cuentas) or when the person chooses a new password through an e-mailed link.
"""

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


def _since(request=None):
    """Failures older than the cool-off no longer count (as axes' own threshold)."""
    now = getattr(request, "axes_attempt_time", None) or timezone.now()
    return now - get_cool_off(request)


def failure_limit(request, credentials=None) -> int:
    """``AXES_FAILURE_LIMIT``: see the module's docstring."""
    attempts = AccessAttempt.objects.filter(
        username=get_client_username(request, credentials),
        ip_address=getattr(request, "axes_ip_address", None),
        attempt_time__gte=_since(request),
    )
    from_this_address = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
    if from_this_address >= settings.LOGIN_FAILURE_LIMIT:
        return settings.LOGIN_FAILURE_LIMIT
    return settings.LOGIN_USERNAME_FAILURE_LIMIT


def locked_usernames(usernames) -> set[str]:
    """Which of these usernames are locked now, from some address or from every address (one query)."""
    per_address = (
        AccessAttempt.objects.filter(username__in=list(usernames), attempt_time__gte=_since())
        .values_list("username", "ip_address")
        .annotate(total=Sum("failures_since_start"))
        .order_by()
    )
    locked, totals = set(), {}
    for username, _ip, total in per_address:
        totals[username] = totals.get(username, 0) + total
        if total >= settings.LOGIN_FAILURE_LIMIT:
            locked.add(username)
    locked.update(username for username, total in totals.items() if total >= settings.LOGIN_USERNAME_FAILURE_LIMIT)
    return locked


def is_locked(username: str) -> bool:
    return username in locked_usernames([username])


def clear(username: str) -> int:
    """Forget the failed logins of this username, from every address: its locks end. Returns the rows removed."""
    return reset(username=username)
