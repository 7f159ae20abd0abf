from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import STAFF_ROLES

# Paths a signed-in user can reach before finishing the account policy (new password, second factor).
_OPEN_PREFIXES = ("/cuenta/", "/static/", "/media/")


class AccountPolicyMiddleware:
    """A temporary password must be replaced, and institute roles must pass TOTP, before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not request.path.startswith(_OPEN_PREFIXES):
            target = pending_step(request)
            if target:
                return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)


def requires_second_factor(user) -> bool:
    return user.role in settings.TWO_FACTOR_ROLES and user.role in STAFF_ROLES


def pending_step(request) -> str | None:
    """The URL name of the step the signed-in user must complete first, if any."""
    user = request.user
    if user.must_change_password:
        return "accounts:password_change"
    if requires_second_factor(user) and not user.is_verified():
        has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        return "accounts:otp_verify" if has_device else "accounts:otp_setup"
    return None
