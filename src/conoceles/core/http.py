import ipaddress

from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_url(request, default: str = "") -> str:
    """The `next` of the form or query string when it points to this site; `default` otherwise (never an open
    redirect)."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def client_ip(request) -> str | None:
    """The address of the person making the request: what the login lockout, the reset-mail cap and the login log
    count by (axes calls it through AXES_CLIENT_IP_CALLABLE).

    Without proxies in front (TRUSTED_PROXY_COUNT=0) it is REMOTE_ADDR; X-Forwarded-For is then the client's own
    words and is ignored. Behind N trusted proxies that each append the address they received the request from
    (nginx: `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for`), the N-th address from the right of
    X-Forwarded-For is the one the outermost proxy saw; anything to its left may be forged and is ignored."""
    remote = request.META.get("REMOTE_ADDR") or None
    trusted = settings.TRUSTED_PROXY_COUNT
    if not trusted:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < trusted:
        return remote  # not through the proxies this installation declares: nothing in the header is theirs
    candidate = hops[-trusted]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
