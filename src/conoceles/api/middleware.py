"""What every request under /api/v1/ goes through before (and instead of) the site's own middleware.

- The API reads no cookie: they are removed from the request, so no session, sign-in or account policy can change
  an answer, and a browser that is signed in to the site gets what everybody gets.
- CORS is open for reading: `Access-Control-Allow-Origin: *` on every answer (no credentials), a preflight OPTIONS
  answered here; any other method than GET, HEAD and OPTIONS is a 405.
- The per-address rate limit (conoceles.api.throttling): 429 with `Retry-After`.
- Caching exactly as the public pages (conoceles.public.caching.public_response): the shared cache keyed by the
  publication version and the day, `Cache-Control: public`, an ETag and 304 for If-None-Match (a new open-data
  release bumps the version too: conoceles.changes, Reason.RELEASE).
- Every error response becomes the API's JSON error (conoceles.api.errors).

It goes right after WhiteNoise: a cached answer costs no database query and no session.
"""

import logging

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

from conoceles.public.caching import public_response
from conoceles.public.error_codes import PublicErrorCode

from .errors import GENERIC, error_response
from .throttling import retry_after

security_logger = logging.getLogger("django.security.DisallowedHost")

API_PREFIX = "/api/v1/"
READ_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": ", ".join(READ_METHODS),
    "Access-Control-Expose-Headers": "ETag, Retry-After",
}
PREFLIGHT_MAX_AGE = 24 * 60 * 60


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        request.COOKIES = {}
        request.META.pop("HTTP_COOKIE", None)
        response = self._respond(request)
        for name, value in CORS_HEADERS.items():
            response[name] = value
        return response

    def _respond(self, request):
        method = request.method
        if method == "OPTIONS":
            return self._preflight(request)
        if method not in READ_METHODS:
            response = error_response(405, *GENERIC[405])
            response["Allow"] = ", ".join(READ_METHODS)
            return response
        wait = retry_after(request)
        if wait is not None:
            response = error_response(
                429,
                PublicErrorCode.RATE_LIMITED,
                f"Demasiadas consultas desde esta dirección. Intente de nuevo en {wait} segundos.",
            )
            response["Retry-After"] = str(wait)
            return response
        request.method = "GET"  # the views answer GET; a HEAD gets the same headers without the body
        try:
            request.get_host()  # a host not in ALLOWED_HOSTS is refused before any cache lookup
        except DisallowedHost as refused:
            security_logger.error(str(refused))  # as Django logs it
            return error_response(400, *GENERIC[400])
        store = getattr(settings, "PUBLIC_CACHE_ENABLED", True)
        response = self._as_json_error(public_response(request, self.get_response, store=store))
        # The same answer for everyone: no cookie, language or htmx header changes it (a shared cache keeps one copy).
        del response["Vary"]
        if method == "HEAD":
            response.content = b""
        return response

    def _preflight(self, request):
        response = HttpResponse(status=204)
        requested = request.headers.get("Access-Control-Request-Headers", "")
        if requested:
            response["Access-Control-Allow-Headers"] = requested
            patch_vary_headers(response, ["Access-Control-Request-Headers"])
        response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
        return response

    @staticmethod
    def _as_json_error(response):
        """An error response that is not the API's JSON already (Django's 404 page, a 405, a 500) becomes it."""
        if response.status_code < 400 or response.get("Content-Type", "").startswith("application/json"):
            return response
        code, detail = GENERIC.get(response.status_code, GENERIC[500 if response.status_code >= 500 else 400])
        replaced = error_response(response.status_code, code, detail)
        for name in ("Allow", "Retry-After"):
            if name in response:
                replaced[name] = response[name]
        return replaced
