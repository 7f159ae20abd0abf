"""How many «Olvidé mi contraseña» links may be asked for, per destination address and per connection, per hour.

Without a cap anyone could fill a person's mailbox with links, or use the site to send mail to thousands of
addresses. Counters live in Django's cache (Redis in production, shared by every process): a counter starts at the
first request and is forgotten an hour later. Every request counts, whether or not the address has an account, so
the cap behaves the same for both and reveals nothing."""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache

from conoceles.core.http import client_ip

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 3600


def client_address(request) -> str:
    """The connection's address as the login lockout sees it (core.http.client_ip)."""
    return (client_ip(request) if request is not None else None) or "unknown"


def _count(key: str) -> int:
    """One more request under `key` in the current window; the number so far."""
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # the window ended between add() and incr()
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        return 1


def allow_password_reset_email(email: str, ip_address: str) -> bool:
    """Count this request for a link to `email` from `ip_address`; False when it goes over either hourly cap
    (``PASSWORD_RESET_EMAIL_LIMIT`` per address, ``PASSWORD_RESET_IP_LIMIT`` per connection)."""
    address_key = hashlib.sha256(email.strip().casefold().encode()).hexdigest()  # no address in the cache's keys
    to_address = _count(f"password-reset:email:{address_key}")
    from_ip = _count(f"password-reset:ip:{ip_address}")
    if from_ip > settings.PASSWORD_RESET_IP_LIMIT:
        logger.warning(
            "Password reset e-mail not sent: request %d this hour from %s (limit %d).",
            from_ip,
            ip_address,
            settings.PASSWORD_RESET_IP_LIMIT,
        )
        return False
    if to_address > settings.PASSWORD_RESET_EMAIL_LIMIT:
        logger.warning(
            "Password reset e-mail not sent: request %d this hour for one address, from %s (limit %d).",
            to_address,
            ip_address,
            settings.PASSWORD_RESET_EMAIL_LIMIT,
        )
        return False
    return True
