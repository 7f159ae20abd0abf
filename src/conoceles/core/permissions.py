"""Who may do what on which object: the one place every view, command and API call asks.

`can(user, action, obj)` answers; `candidacies_for(user, action)` narrows a queryset to what the user may
reach; `get_candidacy_or_404` is how views load a candidacy, so that another actor's candidacy is a 404 (it
does not confirm that the candidacy exists), never a 403.

A process archived by its lifecycle (conoceles.lifecycle, step «archivo» or later) is read-only for everyone: the
WRITE_ACTIONS are refused on its candidacies here, and the services that write also call `require_writable`, which
refuses with a code and a message that says why.
"""

from enum import StrEnum
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404

from conoceles.accounts.models import Role
from conoceles.candidacies.error_codes import CandidacyErrorCode
from conoceles.candidacies.models import WRITABLE, Candidacy


class Action(StrEnum):
    VIEW_CANDIDACY = "view_candidacy"  # read a candidacy's internal record (capture screens, staff pages)
    CAPTURE_CANDIDACY = "capture_candidacy"  # fill its questionnaires (issue 4)
    VALIDATE_CANDIDACY = "validate_candidacy"  # the actor's validation (issue 5)
    GIVE_CONSENT = "give_consent"  # only the person herself (DOMAIN.md §6)
    REVIEW_CANDIDACY = "review_candidacy"  # propose observations
    REVIEW_CONSENT_FORMAT = "review_consent_format"  # accept or reject a signed consent format uploaded by a party
    DECIDE_REVIEW = "decide_review"  # approve or reject observations and correction requests
    MANAGE_CATALOGS = "manage_catalogs"  # imports, catalogs, candidacies in Gestión
    MANAGE_ACCOUNTS = "manage_accounts"  # generate, deliver, reset, deactivate accounts
    VIEW_STATISTICS = "view_statistics"  # internal statistics, identity included
    VIEW_LOGIN_LOG = "view_login_log"
    EXPORT_INSTITUTE_DATA = "export_institute_data"  # every approved candidacy, whatever its publication state
    CONSULT_LOCKED_DATA = "consult_locked_data"  # the legal-claim procedure over blocked sensitive data (issue 15)
    EXERCISE_ARCO = "exercise_arco"  # the person herself: download her data, ask for cancelación or oposición
    MANAGE_ARCO = "manage_arco"  # answer ARCO requests (Gestión → Solicitudes ARCO)


# What changes a candidacy: refused on every candidacy of an archived process, whoever asks.
WRITE_ACTIONS = frozenset(
    {
        Action.CAPTURE_CANDIDACY,
        Action.VALIDATE_CANDIDACY,
        Action.GIVE_CONSENT,
        Action.REVIEW_CANDIDACY,
        Action.REVIEW_CONSENT_FORMAT,
        Action.DECIDE_REVIEW,
    }
)

ALL = "all"  # every object of the kind
OWN_ACTOR = "own_actor"  # candidacies postulated by the user's political actor
OWN_CANDIDACY = "own_candidacy"  # the user's own candidacy
UNSCOPED = "unscoped"  # the action is not about one candidacy

# role -> action -> scope. An action missing from a role's row is forbidden to it.
RULES: dict[str, dict[Action, str]] = {
    Role.ADMIN: {
        Action.VIEW_CANDIDACY: ALL,
        Action.REVIEW_CANDIDACY: ALL,
        Action.REVIEW_CONSENT_FORMAT: ALL,
        Action.DECIDE_REVIEW: ALL,
        Action.MANAGE_CATALOGS: UNSCOPED,
        Action.MANAGE_ACCOUNTS: UNSCOPED,
        Action.VIEW_STATISTICS: UNSCOPED,
        Action.VIEW_LOGIN_LOG: UNSCOPED,
        Action.EXPORT_INSTITUTE_DATA: UNSCOPED,
        Action.CONSULT_LOCKED_DATA: UNSCOPED,
        Action.MANAGE_ARCO: UNSCOPED,
    },
    Role.REVIEWER: {
        Action.VIEW_CANDIDACY: ALL,
        Action.REVIEW_CANDIDACY: ALL,
        Action.REVIEW_CONSENT_FORMAT: ALL,
    },
    Role.ANALYST: {
        Action.VIEW_CANDIDACY: ALL,
        Action.VIEW_STATISTICS: UNSCOPED,
        Action.EXPORT_INSTITUTE_DATA: UNSCOPED,
    },
    Role.PARTY: {
        Action.VIEW_CANDIDACY: OWN_ACTOR,
        Action.CAPTURE_CANDIDACY: OWN_ACTOR,
        Action.VALIDATE_CANDIDACY: OWN_ACTOR,
    },
    Role.CANDIDATE: {
        Action.VIEW_CANDIDACY: OWN_CANDIDACY,
        Action.CAPTURE_CANDIDACY: OWN_CANDIDACY,
        Action.GIVE_CONSENT: OWN_CANDIDACY,
        Action.EXERCISE_ARCO: OWN_CANDIDACY,
    },
}


def scope_of(user, action: Action) -> str | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return RULES.get(user.role, {}).get(action)


def can(user, action: Action, obj=None) -> bool:
    """May `user` do `action` (on `obj`, a Candidacy, when the action is about one)?"""
    scope = scope_of(user, action)
    if scope is None:
        return False
    if action in WRITE_ACTIONS and obj is not None and obj.process_id is not None and obj.process.is_archived:
        return False
    if scope in (ALL, UNSCOPED) or obj is None:
        return scope in (ALL, UNSCOPED)
    if scope == OWN_ACTOR:  # an actor belongs to one process: its account never reaches another process's candidacy
        return user.actor_id is not None and obj.actor_id == user.actor_id and obj.process_id == user.process_id
    if scope == OWN_CANDIDACY:
        return user.candidacy_id is not None and obj.pk == user.candidacy_id
    return False


def candidacies_for(user, action: Action, queryset=None):
    """The candidacies on which `user` may do `action`: all, its actor's, its own or none."""
    queryset = Candidacy.objects.all() if queryset is None else queryset
    scope = scope_of(user, action)
    if action in WRITE_ACTIONS:
        queryset = queryset.filter(WRITABLE)
    if scope == ALL:
        return queryset
    if scope == OWN_ACTOR:
        return queryset.filter(actor_id=user.actor_id, process_id=user.process_id)
    if scope == OWN_CANDIDACY:
        return queryset.filter(pk=user.candidacy_id)
    return queryset.none()


def require_writable(candidacy=None, *, process=None) -> None:
    """What a service that writes a candidacy (or, with `process`, a whole process: imports, accounts) calls first:
    a ValidationError (code "process_archived") when the process is archived, whoever asks."""
    process = process if process is not None else candidacy.process
    if process.is_archived:
        raise ValidationError(
            "El proceso «%(process)s» está archivado: ya no se captura ni se revisa.",
            code=CandidacyErrorCode.PROCESS_ARCHIVED,
            params={"process": process.name},
        )


def get_candidacy_or_404(user, action: Action, pk, queryset=None):
    """Load a candidacy the user may act on; anything else, existing or not, is a 404."""
    candidacy = candidacies_for(user, action, queryset).filter(pk=pk).first()
    if candidacy is None:
        raise Http404("No existe esa candidatura o no tiene acceso a ella.")
    return candidacy


def require(user, action: Action) -> None:
    """For unscoped actions (screens of the institute): a signed-in user without the action gets a 403."""
    if not can(user, action):
        raise PermissionDenied("Su cuenta no tiene acceso a esta sección.")


def permission_required(action: Action):
    """View decorator: anonymous users go to the login page; others need `action`."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            require(request.user, action)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# Bloqueo (issue 15, DOMAIN.md §4 step 10): from the step «bloqueo» on, a process's sensitive personal data (identity
# answers, consent records and evidence, private contact data, login logs of its accounts) is readable in no screen
# nor export; only through the audited legal-claim procedure (conoceles.lifecycle.sensitive_views). The one rule:
SENSITIVE_DATA_LOCKED = (
    "Los datos personales sensibles de este proceso electoral están bloqueados (LGPDPPSO): ya no se consultan en "
    "pantallas ni exportaciones. Para atender una reclamación legal, Administración usa «Datos bloqueados» en la "
    "configuración del proceso, indicando el motivo; cada consulta queda registrada."
)


def locked_stages() -> list[str]:
    """The lifecycle stages in which a process's sensitive data is blocked (bloqueo and every later step), as the
    process model itself answers (core imports no app above accounts and candidacies)."""
    process_model = Candidacy._meta.get_field("process").related_model
    stages = [value for value, _ in process_model._meta.get_field("stage").choices]
    return [value for value in stages if process_model(stage=value).is_locked]


def sensitive_data_readable(process) -> bool:
    """May any screen or export show the sensitive personal data of `process` (a process, or None: no process)?"""
    return process is None or not process.is_locked


def require_sensitive_data_readable(process) -> None:
    """For views and exports whose whole content is sensitive data: a locked process is a 403 that says why."""
    if not sensitive_data_readable(process):
        raise PermissionDenied(SENSITIVE_DATA_LOCKED)


def sensitive_readable_q(process_path: str) -> Q:
    """Filter rows whose process (reached through `process_path`, e.g. "candidacy__process") is not locked."""
    return ~Q(**{f"{process_path}__stage__in": locked_stages()})


def accounts_readable_q(prefix: str = "") -> Q:
    """Filter accounts (or rows reaching them through `prefix`, e.g. "user__") that do not belong to a locked
    process: staff accounts, accounts of parties and candidates of processes not locked, and no account at all."""
    stages = locked_stages()
    return ~Q(**{f"{prefix}actor__process__stage__in": stages}) & ~Q(
        **{f"{prefix}candidacy__process__stage__in": stages}
    )
