import base64

import segno
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from conoceles.core.http import safe_next_url
from conoceles.core.permissions import Action, can

from . import services
from .forms import ForgotPasswordForm, LoginForm, NewPasswordForm, ResetPasswordForm, TokenForm, VerifyForm
from .middleware import pending_step
from .models import Role


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@login_required
def home(request):
    """Where a signed-in user lands: the dashboard for the institute's administration, the review queue for reviewers,
    the candidacy list otherwise."""
    step = pending_step(request)
    if step:
        return redirect(step)
    if can(request.user, Action.MANAGE_CATALOGS):
        return redirect("gestion:dashboard")
    if can(request.user, Action.REVIEW_CANDIDACY):
        return redirect("review:queue")
    if request.user.role == Role.CANDIDATE:
        return redirect("capture:dashboard")  # a candidate lands on her own capture page (the list sends her there)
    return redirect("candidacies:list")


@login_required
def password_change(request):
    form = NewPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.change_own_password(request.user, form.cleaned_data["new_password1"])
        update_session_auth_hash(request, request.user)
        messages.success(request, "Su contraseña quedó guardada.")
        return redirect(safe_next_url(request, reverse("accounts:home")))
    forced = request.user.must_change_password
    return render(request, "accounts/password_change.html", {"form": form, "forced": forced})


@login_required
def otp_setup(request):
    """Enrol a TOTP authenticator: show the QR code and the key, confirm with a first code."""
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect("accounts:otp_verify")
    device = services.pending_totp_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.confirm_totp_device(device, form.cleaned_data["token"]):
            otp_login(request, device)
            messages.success(request, "Listo: la verificación en dos pasos quedó activada para su cuenta.")
            return redirect(safe_next_url(request, reverse("accounts:home")))
        form.add_error("token", "El código no coincide. Revise la hora de su teléfono y escriba el código actual.")
    qr_data_uri = segno.make(device.config_url, error="m").svg_data_uri(scale=4)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    return render(request, "accounts/otp_setup.html", {"form": form, "qr_data_uri": qr_data_uri, "secret": grouped})


@login_required
def otp_verify(request):
    form = VerifyForm(request.user, request.POST or None)
    if form.device is None:  # never enrolled, or Administración removed the device: enrol one
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        return redirect(reverse("accounts:otp_setup") + query)
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.user.otp_device)  # the device django-otp just verified
        return redirect(safe_next_url(request, reverse("accounts:home")))
    return render(request, "accounts/otp_verify.html", {"form": form})


password_reset = auth_views.PasswordResetView.as_view(
    form_class=ForgotPasswordForm,
    template_name="accounts/password_reset_form.html",
    email_template_name="accounts/password_reset_email.txt",
    subject_template_name="accounts/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    form_class=ResetPasswordForm,
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
