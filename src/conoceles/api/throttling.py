"""The API's rate limit for anonymous clients, per address (conoceles.core.http.client_ip): settings.API_RATE_LIMIT
requests per window, "N/S" (default "600/60": ten a second on average, far more than polling every endpoint once a
minute needs); "" or "0" turns it off. Counters live in Django's cache (Redis in production, shared by every
process), one per address and fixed window of S seconds."""

import math
import time

from django.conf import settings
from django.core.cache import cache

from conoceles.core.http import client_ip


def rate_limit() -> tuple[int, int] | None:
    """(requests, seconds) of settings.API_RATE_LIMIT; None when there is no limit."""
    value = str(getattr(settings, "API_RATE_LIMIT", "") or "").strip()
    if not value or value == "0":
        return None
    requests, _, seconds = value.partition("/")
    requests, seconds = int(requests), int(seconds or 60)
    return (requests, seconds) if requests > 0 and seconds > 0 else None


def retry_after(request) -> int | None:
    """Count this request of its address; None while it is within the limit, else the seconds until the window
    ends (what `Retry-After` says)."""
    limit = rate_limit()
    if limit is None:
        return None
    requests, seconds = limit
    now = time.time()
    window = int(now // seconds)
    key = f"api:rate:{client_ip(request) or 'unknown'}:{window}"
    cache.add(key, 0, timeout=seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # the counter expired between add() and incr()
        cache.set(key, 1, timeout=seconds + 1)
        count = 1
    if count <= requests:
        return None
    return max(1, math.ceil((window + 1) * seconds - now))
