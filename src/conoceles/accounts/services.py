"""Every change to an account goes through here."""

import re
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from conoceles.candidacies.models import Candidacy
from conoceles.core.permissions import require_writable
from conoceles.core.text import fold
from conoceles.notifications.services import notify_account_delivery

from . import lockout
from .credentials import Credential, generate_temporary_password
from .delivery import credential_for, delivery_email
from .models import AccountEvent, Role, SensitiveDataAccess, User


def change_own_password(user, new_password: str) -> None:
    """The user chose a password: a temporary one stops being required to change."""
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])


def pending_totp_device(user) -> TOTPDevice:
    """The unconfirmed authenticator being enrolled (one per user, kept across page loads)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Aplicación de autenticación", confirmed=False)
    return device


def confirmed_totp_device(user) -> TOTPDevice | None:
    """The authenticator the account signs in with: its confirmed TOTP device (the latest, should there be two)."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("-pk").first()


@transaction.atomic
def confirm_totp_device(device: TOTPDevice, token: str) -> bool:
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


def create_account(
    username: str,
    role: str,
    *,
    password: str | None,
    actor=None,
    candidacy=None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    must_change_password: bool = True,
):
    """One account with its role and scope. The administration role gets Gestión (staff and superuser)."""
    user = User(
        username=username,
        role=role,
        actor=actor,
        candidacy=candidacy,
        email=email,
        first_name=first_name,
        last_name=last_name,
        must_change_password=must_change_password and password is not None,
    )
    user.is_staff = user.is_superuser = role == Role.ADMIN
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
        user.credentials_issued_at = timezone.now()  # whoever set the password handed it over
    user.full_clean(exclude=["password"])
    user.save()
    return user


# ---------------------------------------------------------------- accounts of actors and candidacies (issue 3)


def _slug(text: str) -> str:
    """Lowercase ASCII letters and digits, anything else one hyphen: "MORENA" -> "morena", "C/PT 1" -> "c-pt-1"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def _unique_username(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`… if it is in use; the result is added to `taken`."""
    username, n = base, 1
    while username in taken or User.objects.filter(username=username).exists():
        n += 1
        username = f"{base}-{n}"
    taken.add(username)
    return username


def actor_username(actor) -> str:
    """The preferred username of a political actor's account: siglas and election year, e.g. "morena-2027"."""
    return f"{_slug(actor.acronym) or 'actor'}-{actor.process.election_day.year}"


def candidacy_username(candidacy) -> str:
    """The preferred username of a candidacy's account: "c-" and its registration identifier, e.g. "c-qr-0042"."""
    return f"c-{_slug(candidacy.registration_id) or candidacy.pk}"


def _record(user, kind, by=None) -> None:
    AccountEvent.objects.create(user=user, kind=kind, by=by if getattr(by, "pk", None) else None)


def _create_actor_account(actor, taken: set[str], by=None):
    user = create_account(
        _unique_username(actor_username(actor), taken),
        Role.PARTY,
        password=None,
        actor=actor,
        email=actor.contact_email,
        first_name=actor.name[:150],
    )
    _record(user, AccountEvent.Kind.CREATED, by)
    return user


def _create_candidacy_account(candidacy, taken: set[str], by=None):
    last_name = " ".join(part for part in (candidacy.last_name, candidacy.second_last_name) if part)
    user = create_account(
        _unique_username(candidacy_username(candidacy), taken),
        Role.CANDIDATE,
        password=None,
        candidacy=candidacy,
        email=candidacy.private_email,
        first_name=candidacy.first_name[:150],
        last_name=last_name[:150],
    )
    _record(user, AccountEvent.Kind.CREATED, by)
    return user


@transaction.atomic
def generate_accounts(process, *, per_candidacy: bool, user=None) -> list:
    """Create the accounts the process is missing, without a usable password (credentials come later).

    One account per political actor of the process and, with `per_candidacy`, one per active candidacy. An actor
    or candidacy that already has an account, active or not, gets none: re-running creates only what is missing.
    Returns the accounts created. An archived process gets none (ValidationError "process_archived")."""
    require_writable(process=process)
    taken: set[str] = set()
    created = []
    with_account = set(User.objects.filter(actor__process=process).values_list("actor_id", flat=True))
    for actor in process.actors.select_related("process").order_by("order", "acronym"):
        if actor.pk not in with_account:
            created.append(_create_actor_account(actor, taken, user))
    if per_candidacy:
        with_account = set(User.objects.filter(candidacy__process=process).values_list("candidacy_id", flat=True))
        for candidacy in Candidacy.objects.active().filter(process=process).order_by("registration_id"):
            if candidacy.pk not in with_account:
                created.append(_create_candidacy_account(candidacy, taken, user))
    return created


def sheet_order(user):
    """Sort key for credentials: grouped by actor, its own account first, then its candidacies by contest and
    fórmula (expects actor and candidacy__contest/actor loaded)."""
    if user.candidacy_id:
        c = user.candidacy
        contest = c.contest
        place = (contest.cargo.order, contest.district.number if contest.district_id else 0,
                 contest.municipality.name if contest.municipality_id else "", contest.name)
        return (c.actor.acronym, 1, place, c.formula_number, 0 if c.position == "owner" else 1, user.username)
    return (user.actor.acronym if user.actor_id else "", 0, (), 0, 0, user.username)


@transaction.atomic
def issue_credentials(users, *, by=None) -> list:
    """Give each account a fresh temporary password, to be changed at the first login.

    The clear password exists only in the returned Credential objects (render them into the sheet or the CSV and
    drop them); the database keeps its hash. Any password the account had before stops working."""
    users = list(users)
    now = timezone.now()
    credentials = []
    for user in users:
        password = generate_temporary_password()
        user.set_password(password)
        user.must_change_password = True
        user.credentials_issued_at = now
        user.save(update_fields=["password", "must_change_password", "credentials_issued_at"])
        _record(user, AccountEvent.Kind.CREDENTIALS_ISSUED, by)
        full_name, role_label, scope_label = credential_for(user)
        credentials.append(
            Credential(
                full_name=full_name,
                username=user.username,
                temporary_password=password,
                role_label=role_label,
                scope_label=scope_label,
            )
        )
    notify_account_delivery(users)
    return credentials


def deactivate_account(user, *, by) -> bool:
    """The account can no longer sign in (its open sessions end at their next request). False if it already was
    inactive. Nobody can deactivate her own account: an administration could lock itself out."""
    if by is not None and by.pk == user.pk:
        raise ValueError("No puede desactivar su propia cuenta.")
    if not user.is_active:
        return False
    user.is_active = False
    user.save(update_fields=["is_active"])
    _record(user, AccountEvent.Kind.DEACTIVATED, by)
    return True


def reactivate_account(user, *, by) -> bool:
    """The account can sign in again with the password it had. False if it was already active. A party or
    candidate account of an archived process stays off (ValidationError "process_archived"): the archive closed it."""
    if user.is_active:
        return False
    if user.process is not None:
        require_writable(process=user.process)
    user.is_active = True
    user.save(update_fields=["is_active"])
    _record(user, AccountEvent.Kind.REACTIVATED, by)
    return True


@transaction.atomic
def unlock_account(user, *, by) -> bool:
    """End the lockout after failed logins of this account, from every address, before its time. False if the
    account was not locked."""
    if not lockout.is_locked(user.username):
        return False
    lockout.clear(user.username)
    _record(user, AccountEvent.Kind.UNLOCKED, by)
    return True


@transaction.atomic
def set_forgotten_password(user, new_password: str) -> None:
    """The person chose a new password through the single-use link e-mailed to the account's address, which
    proves she reads that mailbox: the password is hers, and failed logins made with the old one no longer lock
    her out. (Asking for the link unlocks nothing: only completing it does.)"""
    change_own_password(user, new_password)
    was_locked = lockout.is_locked(user.username)
    lockout.clear(user.username)
    if was_locked:
        _record(user, AccountEvent.Kind.UNLOCKED, user)


def on_candidacy_substituted(old, new, *, by=None) -> None:
    """A substitution: the replaced candidacy's accounts are deactivated and, if it had one, the substitute gets
    its own account (without password: credentials are delivered as for any other account)."""
    accounts = list(User.objects.filter(candidacy=old))
    if not accounts:
        return
    for account in accounts:
        deactivate_account(account, by=by)
    if new.status == Candidacy.Status.APPROVED and not User.objects.filter(candidacy=new).exists():
        _create_candidacy_account(new, set(), by)


# ---------------------------------------------------------------- delivery by e-mail


class AccessEmailResult(NamedTuple):
    queued: int
    without_email: int


def send_access_emails(users, *, request_or_domain, by=None) -> AccessEmailResult:
    """Queue, for each account with an e-mail address, a message with a single-use link to choose a password.

    No password travels by e-mail. `request_or_domain` is the current request (its host and scheme make the
    link) or a domain such as "conoceles.ieqroo.org.mx" (then the link uses https). Accounts without e-mail are
    skipped and counted."""
    from .tasks import send_access_emails_task  # here: .tasks imports this module

    if isinstance(request_or_domain, str):
        domain, use_https = request_or_domain, True
    else:
        domain, use_https = request_or_domain.get_host(), request_or_domain.is_secure()
    with_email = [u.pk for u in users if delivery_email(u)]
    without_email = len(users) - len(with_email)
    if with_email:
        send_access_emails_task.enqueue(with_email, domain, use_https, getattr(by, "pk", None))
    return AccessEmailResult(len(with_email), without_email)


def deliver_access_emails(user_ids: list[int], domain: str, use_https: bool, by_id: int | None = None) -> int:
    """Send the messages queued by `send_access_emails` (runs in the background task). Returns how many went."""
    by = User.objects.filter(pk=by_id).first() if by_id else None
    sent = 0
    users = User.objects.filter(pk__in=user_ids, is_active=True)
    for user in users.select_related("actor", "candidacy__contest", "candidacy__actor").order_by("pk"):
        address = delivery_email(user)
        if not address:
            continue
        _, role_label, scope_label = credential_for(user)
        context = {
            "user": user,
            "role_label": role_label,
            "scope_label": scope_label,
            "protocol": "https" if use_https else "http",
            "domain": domain,
            "uid": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
            "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
            "institute_name": settings.INSTITUTE["name"],
        }
        subject = render_to_string("accounts/access_email_subject.txt", context).strip()
        body = render_to_string("accounts/access_email.txt", context)
        send_mail(subject, body, None, [address])
        # The link is the delivery: the account no longer counts as pending, and a later sheet needs confirmation.
        user.credentials_issued_at = timezone.now()
        user.save(update_fields=["credentials_issued_at"])
        _record(user, AccountEvent.Kind.EMAILED, by)
        notify_account_delivery([user])
        sent += 1
    return sent


def record_sensitive_access(
    user, what: str, *, process=None, detail: str = "", reason: str = ""
) -> SensitiveDataAccess:
    """Log that `user` saw or downloaded sensitive personal data (a SensitiveDataAccess.What): every view that shows
    or hands out statistics without suppression, or a report with identity figures, calls this once per request."""
    return SensitiveDataAccess.objects.create(user=user, what=what, process=process, detail=detail[:300], reason=reason)
