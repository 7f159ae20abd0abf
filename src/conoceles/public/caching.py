"""HTTP and server-side caching of the public site, and the count of its visits (ARCHITECTURE.md performance budget).

An anonymous GET or HEAD of a page of the `public` namespace is served from the shared cache, keyed by the scheme
and host (pages carry absolute links), its path and query, the HX-Request header, today's date (publication windows
open and close at midnight) and the *publication version*: a number bumped whenever a row that the public site may
show changes (every writer of published data says so through conoceles.changes). So a change invalidates
every public page at once and nothing needs to know which pages it touched. Browsers and proxies get
`Cache-Control: public, max-age=…, stale-while-revalidate=…` and an ETag, and a 304 when they already hold the page.

Before anything else, the host is checked against ALLOWED_HOSTS (400 otherwise, even for a cached page), and the
query string is reduced to the parameters the page reads (QUERY_PARAMETERS), sorted by name: the view sees only
those, so a junk parameter or another order can neither make a page render again nor poison the cached copy.

Signed-in users, and anyone with a session or messages cookie, bypass the cache (the header shows their name).
Only 200 responses without cookies are stored; views opt out with `Cache-Control: private`, `no-cache` or
`no-store`.

The public API (conoceles.api) answers through the same `public_response`: one rule for what is cached, for how long
and under which ETag.

Settings: PUBLIC_CACHE_ENABLED (default True), PUBLIC_CACHE_SECONDS (server side, default 600),
PUBLIC_MAX_AGE (default 60) and PUBLIC_STALE_WHILE_REVALIDATE (default 60).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified, QueryDict
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers

from .forms import SearchForm
from .version import publication_version, read_once
from .visits import count_visit, is_visit, public_page

BYPASS_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
MAX_CACHED_BYTES = 2 * 1024 * 1024
# The query parameters each public page reads (by URL name); every other page reads none. The photo's `?v=` only
# changes its URL for browsers when the photo changes: the view does not read it.
QUERY_PARAMETERS = {
    "search": frozenset({*SearchForm.base_fields, "pagina"}),
    "ballot": frozenset({"seccion"}),
    "compare": frozenset({"c"}),
}


def _setting(name: str, default):
    return getattr(settings, name, default)


def _keep_known_parameters(request, page: str) -> None:
    """Drop the query parameters the page does not read and sort the rest by name (each keeps its values' order,
    which the view may read), so the view and the cache key see the same canonical query."""
    accepted = QUERY_PARAMETERS.get(page, frozenset())
    query = QueryDict(mutable=True)
    for name in sorted(accepted.intersection(request.GET)):
        query.setlist(name, request.GET.getlist(name))
    request.META["QUERY_STRING"] = query.urlencode()
    request.GET = QueryDict(request.META["QUERY_STRING"])


def _cache_key(request) -> str:
    # htmx asks for a fragment, except when it restores a page from its history: then it wants the whole page.
    fragment = request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request")
    hx = "hx" if fragment else "full"
    where = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    raw = f"{publication_version()}|{timezone.localdate().isoformat()}|{hx}|{where}"
    return "public:page:" + hashlib.md5(raw.encode(), usedforsecurity=False).hexdigest()


def _public_headers(response, etag: str) -> None:
    """ETag and Vary always; the default public lifetime unless the view chose its own (the photo's is longer)."""
    response["ETag"] = etag
    if "public" not in response.get("Cache-Control", ""):
        patch_cache_control(
            response,
            public=True,
            max_age=_setting("PUBLIC_MAX_AGE", 60),
            stale_while_revalidate=_setting("PUBLIC_STALE_WHILE_REVALIDATE", 60),
        )
    patch_vary_headers(response, ["HX-Request", "HX-History-Restore-Request"])


def _not_modified(request, etag: str) -> bool:
    """If-None-Match compares weakly (RFC 9110): the copy a client holds of a compressed answer carries the ETag
    as W/"…" (CompressedTextMiddleware)."""
    tags = request.headers.get("If-None-Match", "")
    return etag in (tag.strip().removeprefix("W/") for tag in tags.split(",")) or tags.strip() == "*"


def _cacheable(response) -> bool:
    control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in control for word in ("private", "no-store", "no-cache"))
        and len(response.content) <= MAX_CACHED_BYTES
    )


class PublicSiteMiddleware:
    """Counts visits to public pages and caches them; every other URL passes through untouched. Goes right after
    WhiteNoise, before the session: a hit costs no database query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        page = public_page(request.path_info) if request.method in ("GET", "HEAD") else None
        if page is None:
            return self.get_response(request)
        request.get_host()  # DisallowedHost (400) for a host not in ALLOWED_HOSTS, before any cache lookup
        _keep_known_parameters(request, page)
        with read_once():
            response = self._respond(request)
        counted = request.method == "GET" and response.status_code in (200, 304)
        if counted and is_visit(page, request.headers.get("User-Agent", "")):
            count_visit(page)
        return response

    def _respond(self, request):
        if any(name in request.COOKIES for name in BYPASS_COOKIES) or not _setting("PUBLIC_CACHE_ENABLED", True):
            response = self.get_response(request)
            if response.status_code == 200 and "Cache-Control" not in response:
                patch_cache_control(response, private=True, no_cache=True)
            return response
        return public_response(request, self.get_response)


def _not_modified_response(headers) -> HttpResponseNotModified:
    response = HttpResponseNotModified()
    for name in ("ETag", "Cache-Control", "Vary"):
        response[name] = headers[name]
    return response


def public_response(request, get_response, *, store: bool = True):
    """The response to an anonymous GET or HEAD of public data, as every public page and the API give it: from the
    shared cache when it holds one for this URL, publication version and day (with `store`), else from
    `get_response`, kept when cacheable; with its ETag and public lifetime, and a 304 when the client holds it.
    Without `store` (data the publication version does not follow) only the HTTP headers and the 304 apply."""
    key = _cache_key(request) if store else None
    stored = cache.get(key) if store else None
    if stored is not None:
        content, headers = stored
        if _not_modified(request, headers["ETag"]):
            return _not_modified_response(headers)
        return HttpResponse(content, headers=headers)
    response = get_response(request)
    if not _cacheable(response):
        return response
    etag = response.get("ETag") or '"' + hashlib.md5(response.content, usedforsecurity=False).hexdigest() + '"'
    _public_headers(response, etag)
    if store:
        cache.set(key, (response.content, dict(response.items())), _setting("PUBLIC_CACHE_SECONDS", 600))
    if _not_modified(request, etag):
        return _not_modified_response(response)
    return response
