"""Which electoral process a staff screen is about, when the installation holds several (issue 15 point 1).

The public site always shows `ElectoralProcess.objects.current()` (the active process with the latest election day).
Staff screens, reports and exports take the process as a parameter instead: `?proceso=<id>` picks one, the choice is
remembered in the session for the next screens, and without either the current process is used. Party and candidate
accounts never choose: they belong to one process (`User.process`, through their actor or candidacy), and their
screens are scoped by conoceles.core.permissions.
"""

from django.http import Http404

from conoceles.accounts.models import STAFF_ROLES
from conoceles.core.converters import parse_id
from conoceles.elections.models import ElectoralProcess
from conoceles.public.archive import lists_any

PARAMETER = "proceso"
SESSION_KEY = "conoceles_process"


def is_staff_account(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.role in STAFF_ROLES)


def process_for(request, *, required: bool = False) -> ElectoralProcess | None:
    """The process a staff screen shows: `?proceso=<id>` (then remembered in the session), else the one remembered,
    else the current one. An unknown id in the parameter is a 404; a remembered process deleted since is forgotten.
    A party or candidate account always gets its own process. With `required`, no process at all is a 404."""
    process = None
    user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False) and not is_staff_account(user):
        process = user.process
    else:
        raw = request.GET.get(PARAMETER) or (request.POST.get(PARAMETER) if request.method == "POST" else None)
        if raw:
            pk = parse_id(raw)
            process = ElectoralProcess.objects.filter(pk=pk).first() if pk is not None else None
            if process is None:
                raise Http404("No existe ese proceso electoral.")
            if hasattr(request, "session"):
                request.session[SESSION_KEY] = process.pk
        elif hasattr(request, "session") and request.session.get(SESSION_KEY):
            process = ElectoralProcess.objects.filter(pk=request.session[SESSION_KEY]).first()
            if process is None:
                del request.session[SESSION_KEY]
        if process is None:
            process = ElectoralProcess.objects.current()
    if process is None and required:
        raise Http404("Todavía no hay un proceso electoral: créelo en Gestión → Proceso.")
    return process


def processes(request):
    """Context processor: for staff accounts, the processes of the installation and the one their screens show, so
    that the layout offers a selector (only when there is more than one); and, from the same rows, whether the
    footer links the public archive (conoceles.public.archive), so that a staff page pays one query for both."""
    user = getattr(request, "user", None)
    if not is_staff_account(user):
        return {}
    fields = ("pk", "name", "election_day", "is_active", "stage", "in_public_archive")
    choices = list(ElectoralProcess.objects.order_by("-election_day", "-pk").only(*fields))
    context = {"has_public_archive": lists_any(choices)}
    if len(choices) < 2:
        return context
    try:
        selected = process_for(request)
    except Http404:
        selected = None
    return context | {"process_choices": choices, "selected_process": selected}
