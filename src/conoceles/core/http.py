from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_url(request, default: str = "") -> str:
    """The `next` of the form or query string when it points to this site; `default` otherwise (never an open
    redirect)."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default
