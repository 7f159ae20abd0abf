"""The publication version: one number in the shared cache, part of every cached public page's key
(conoceles.public.caching). Bumping it makes every cached page stale at once; conoceles.changes bumps it whenever
published data changes.

A public page reads it once (`read_once`): its cache key, catalogs and links all agree on one version, for one look
at the shared cache instead of five."""

import contextlib
import contextvars
import time

from django.core.cache import cache

VERSION_KEY = "public:publication-version"
_read = contextvars.ContextVar("publication_version", default=None)


@contextlib.contextmanager
def read_once():
    """Within the block, publication_version() is the version read on entering it."""
    token = _read.set(publication_version())
    try:
        yield
    finally:
        _read.reset(token)


def publication_version() -> int:
    version = _read.get()
    if version is not None:
        return version
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
