"""Middleware every app relies on."""

from django.utils.cache import patch_cache_control


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
