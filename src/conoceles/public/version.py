"""The publication version: one number in the shared cache, part of every cached public page's key
(conoceles.public.caching). Bumping it makes every cached page stale at once; conoceles.changes bumps it whenever
published data changes."""

import time

from django.core.cache import cache

VERSION_KEY = "public:publication-version"


def publication_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # Start from the clock, never from 1: if the cache lost only this key, old pages stay unreachable.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def bump_publication_version() -> None:
    """Invalidate every cached public page."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
