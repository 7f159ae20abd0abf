"""Middleware every app relies on."""

from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_cache_control

# What is worth compressing: text. Photos, PDFs, XLSX and zip files are compressed already.
COMPRESSED_TYPES = frozenset({"text/html", "application/json", "text/csv", "text/plain", "application/xml"})


class PrivateResponsesMiddleware:
    """Nothing a signed-in user is shown stays in a browser's or a proxy's cache: identity answers, private contact
    data, consent records and credentials live behind the sign-in. So every response to a signed-in user, whichever
    view made it, says `Cache-Control: private, no-store` (directives the view set are kept; `public` gives way).
    Anonymous visitors' pages keep their own headers (the public site's cache: conoceles.public.caching)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


class CompressedTextMiddleware(GZipMiddleware):
    """Pages and JSON leave the application compressed when the client accepts gzip, so that nginx keeps them
    compressed in its cache and serves every later copy as it is (deploy/nginx/conoceles.conf keys its cache by
    whether the client accepts gzip). Compressing on each of nginx's cache hits cost more than the hit itself: a
    search page (84 KB, 11 KB compressed) went out at ≈ 5,000 req/s against ≈ 70,000 for a file of the snapshot
    (docs/escala.md). Django's GZipMiddleware (with its BREACH mitigation), for text only."""

    def process_response(self, request, response):
        if response.get("Content-Type", "").split(";")[0].strip() not in COMPRESSED_TYPES:
            return response
        return super().process_response(request, response)
