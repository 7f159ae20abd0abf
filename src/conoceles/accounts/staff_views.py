"""Gestión → Cuentas: the institute's screens to generate, deliver, reset, deactivate and follow accounts."""

import io
import zipfile

from django.conf import settings
from django.contrib import messages
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from conoceles.core.converters import parse_id
from conoceles.core.http import safe_next_url
from conoceles.core.permissions import Action, accounts_readable_q, permission_required
from conoceles.elections.models import ElectoralProcess
from conoceles.gestion.processes import process_for

from . import lockout, services
from .credentials import CSV_ENCODING, credentials_csv, credentials_pdf
from .models import STAFF_ROLES, LoginEvent, Role, SensitiveDataAccess, User
from .staff_forms import (
    FORMATS,
    AccountFilterForm,
    AccountSelectionForm,
    GenerateForm,
    IssueForm,
    LoginLogFilterForm,
    SensitiveAccessFilterForm,
)

PAGE_SIZE = 50


def _accounts():
    return User.objects.select_related(
        "actor__process",
        "candidacy__contest__cargo",
        "candidacy__contest__district",
        "candidacy__contest__municipality",
        "candidacy__actor",
        "candidacy__process",
    )


def _back(request, default: str = "staff_accounts:list") -> str:
    """The list page the user came from (with its filters), if it is on this site."""
    return safe_next_url(request, reverse(default))


@permission_required(Action.MANAGE_ACCOUNTS)
def account_list(request):
    form = AccountFilterForm(request.GET or None)
    process = process_for(request)
    if process is not None:
        form.fields["actor"].queryset = form.fields["actor"].queryset.filter(process=process)
    # The institute's accounts, and those of the selected process's actors and candidacies (issue 15).
    of_process = Q(role__in=STAFF_ROLES) | Q(actor__process=process) | Q(candidacy__process=process)
    accounts = form.filter(_accounts().filter(of_process).order_by("username"))
    page = Paginator(accounts, PAGE_SIZE).get_page(request.GET.get("page"))
    actor = form.cleaned_data.get("actor") if form.is_bound and form.is_valid() else None
    return render(
        request,
        "accounts/staff/list.html",
        {
            "form": form,
            "page": page,
            "filtered": form.has_filters,
            "formats": FORMATS,
            "actor": actor,
            "pending": AccountSelectionForm.pending_accounts(process=process, actor=actor).count(),
            "locked": lockout.locked_usernames(account.username for account in page),
        },
    )


@permission_required(Action.MANAGE_ACCOUNTS)
@require_http_methods(["GET", "POST"])
def generate(request):
    form = GenerateForm(request.POST or None, process=process_for(request))
    if request.method == "POST" and form.is_valid():
        process = form.cleaned_data["process"]
        created = services.generate_accounts(
            process, per_candidacy=form.cleaned_data["per_candidacy"], user=request.user
        )
        delivery = IssueForm(
            request.user, initial={"scope": AccountSelectionForm.PENDING, "process": process.pk, "format": "pdf"}
        )
        delivery.fields["actor"].queryset = delivery.fields["actor"].queryset.filter(process=process)
        return render(
            request,
            "accounts/staff/generate_result.html",
            {
                "process": process,
                "created_parties": sum(1 for u in created if u.role == Role.PARTY),
                "created_candidates": sum(1 for u in created if u.role == Role.CANDIDATE),
                "pending": delivery.pending_accounts(process).count(),
                "delivery": delivery,
            },
        )
    return render(request, "accounts/staff/generate.html", {"form": form})


def _process_name(accounts) -> str:
    names = {
        (u.actor.process.name if u.actor_id else u.candidacy.process.name)
        for u in accounts
        if u.actor_id or u.candidacy_id
    }
    if len(names) == 1:
        return names.pop()
    if names:
        return "Varios procesos electorales"
    current = ElectoralProcess.objects.current()
    return current.name if current else ""


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Temporary passwords: no browser or proxy may keep a copy.
    response["Cache-Control"] = "no-store"
    response["Pragma"] = "no-cache"
    return response


@permission_required(Action.MANAGE_ACCOUNTS)
@require_http_methods(["GET", "POST"])
def issue(request):
    """GET: confirm new credentials for the accounts in ?users=. POST: issue them and return the file."""
    if request.method == "GET":
        ids = [value for value in request.GET.getlist("users") if parse_id(value) is not None]
        form = IssueForm(request.user, initial={"users": ids, "format": "pdf"})
        accounts = list(_accounts().filter(pk__in=ids).order_by("username"))
        return _issue_page(request, form, accounts)
    form = IssueForm(request.user, request.POST)
    if not form.is_valid():
        return _issue_page(request, form, form.accounts)
    chosen = form.cleaned_data["format"]
    with transaction.atomic():
        # Locked and checked again: two people delivering the same accounts at once must not both print a sheet.
        accounts = list(_accounts().select_for_update(of=("self",)).filter(pk__in=[u.pk for u in form.accounts]))
        if not form.cleaned_data["confirm_reissue"] and any(u.credentials_issued_at for u in accounts):
            form.add_error(None, "Otra persona acaba de entregar credenciales de estas cuentas. Revise y confirme.")
            return _issue_page(request, form, accounts)
        accounts.sort(key=services.sheet_order)
        credentials = services.issue_credentials(accounts, by=request.user)
        login_url = request.build_absolute_uri(reverse("accounts:login"))
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        files = {}
        if chosen in ("pdf", "zip"):
            files["pdf"] = credentials_pdf(
                credentials,
                login_url=login_url,
                institute_name=settings.INSTITUTE["name"],
                process_name=_process_name(accounts),
            )
        if chosen in ("csv", "zip"):
            files["csv"] = credentials_csv(credentials, login_url=login_url).encode(CSV_ENCODING)
    if chosen == "pdf":
        return _attachment(files["pdf"], "application/pdf", f"credenciales-{stamp}.pdf")
    if chosen == "csv":
        return _attachment(files["csv"], "text/csv; charset=utf-8", f"credenciales-{stamp}.csv")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"credenciales-{stamp}.pdf", files["pdf"])
        archive.writestr(f"credenciales-{stamp}.csv", files["csv"])
    return _attachment(buffer.getvalue(), "application/zip", f"credenciales-{stamp}.zip")


def _issue_page(request, form, accounts):
    return render(
        request,
        "accounts/staff/issue.html",
        {
            "form": form,
            "accounts": accounts,
            "reissued": [u for u in accounts if u.credentials_issued_at],
            "next": _back(request),
        },
    )


@permission_required(Action.MANAGE_ACCOUNTS)
@require_POST
def email(request):
    form = AccountSelectionForm(request.user, request.POST)
    if not form.is_valid():
        for error in form.non_field_errors() or ["No se pudo leer la selección de cuentas."]:
            messages.error(request, error)
        return redirect(_back(request))
    result = services.send_access_emails(form.accounts, request_or_domain=request, by=request.user)
    if result.queued:
        messages.success(
            request,
            f"Se envía un correo con un enlace para elegir contraseña a {intcomma(result.queued)} "
            f"cuenta{'s' if result.queued != 1 else ''}. El correo no lleva contraseñas.",
        )
    if result.without_email:
        messages.warning(
            request,
            f"{intcomma(result.without_email)} cuenta{'s' if result.without_email != 1 else ''} sin correo registrado: "
            "entrégueles la hoja de credenciales impresa.",
        )
    return redirect(_back(request))


def _toggle(request, pk, *, deactivate: bool):
    account = get_object_or_404(_accounts(), pk=pk)
    own = account.pk == request.user.pk
    if request.method == "POST":
        name = account.username
        if deactivate and own:
            messages.error(request, "No puede desactivar su propia cuenta.")
        elif deactivate:
            if services.deactivate_account(account, by=request.user):
                messages.success(request, f"La cuenta {name} quedó desactivada: no podrá entrar hasta que la reactive.")
            else:
                messages.info(request, f"La cuenta {name} ya estaba desactivada.")
        else:
            try:
                reactivated = services.reactivate_account(account, by=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                if reactivated:
                    messages.success(
                        request, f"La cuenta {name} quedó reactivada: puede volver a entrar con su contraseña."
                    )
                else:
                    messages.info(request, f"La cuenta {name} ya estaba activa.")
        return redirect(_back(request))
    return render(
        request,
        "accounts/staff/confirm_toggle.html",
        {"account": account, "deactivate": deactivate, "own": own, "next": _back(request)},
    )


@permission_required(Action.MANAGE_ACCOUNTS)
@require_http_methods(["GET", "POST"])
def deactivate(request, pk):
    return _toggle(request, pk, deactivate=True)


@permission_required(Action.MANAGE_ACCOUNTS)
@require_http_methods(["GET", "POST"])
def reactivate(request, pk):
    return _toggle(request, pk, deactivate=False)


@permission_required(Action.MANAGE_ACCOUNTS)
@require_http_methods(["GET", "POST"])
def unlock(request, pk):
    """GET: confirm. POST: end the account's lockout after failed logins."""
    account = get_object_or_404(_accounts(), pk=pk)
    if request.method == "POST":
        if services.unlock_account(account, by=request.user):
            messages.success(
                request, f"La cuenta {account.username} quedó desbloqueada: puede volver a entrar con su contraseña."
            )
        else:
            messages.info(request, f"La cuenta {account.username} no estaba bloqueada.")
        return redirect(_back(request))
    return render(
        request,
        "accounts/staff/confirm_unlock.html",
        {"account": account, "locked": lockout.is_locked(account.username), "next": _back(request)},
    )


@permission_required(Action.VIEW_LOGIN_LOG)
def login_log(request):
    form = LoginLogFilterForm(request.GET or None)
    # Logins of the accounts of a process whose sensitive data is blocked are readable only by the legal procedure.
    events = form.filter(LoginEvent.objects.filter(accounts_readable_q("user__")).select_related("user"))
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/staff/login_log.html", {"form": form, "page": page})


@permission_required(Action.VIEW_LOGIN_LOG)
def sensitive_log(request):
    """Who saw or downloaded sensitive personal data, when (SensitiveDataAccess), the latest first."""
    form = SensitiveAccessFilterForm(request.GET or None)
    accesses = form.filter(SensitiveDataAccess.objects.select_related("user", "process"))
    page = Paginator(accesses, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/staff/sensitive_log.html", {"form": form, "page": page})
