"""Every change to an account goes through here."""

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice


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
    from .models import Role, User

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
    user.full_clean(exclude=["password"])
    user.save()
    return user
