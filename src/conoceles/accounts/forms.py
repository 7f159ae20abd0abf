from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django_otp.forms import OTPAuthenticationFormMixin

from . import services, throttling


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Usuario o contraseña incorrectos. Revise mayúsculas y minúsculas.",
        "inactive": "Esta cuenta está desactivada. Comuníquese con el instituto.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Usuario"
        self.fields["password"].label = "Contraseña"
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"


class NewPasswordForm(PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Contraseña actual (la temporal, si es su primer ingreso)"
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"


class ForgotPasswordForm(PasswordResetForm):
    """«Olvidé mi contraseña»: Django's form, with a cap on how many links go to one address and are asked for from
    one connection per hour. A request over the cap sends nothing and the page answers exactly as always, so it
    does not reveal whether the address has an account."""

    def save(self, *args, request=None, **kwargs):
        if throttling.allow_password_reset_email(self.cleaned_data["email"], throttling.client_address(request)):
            super().save(*args, request=request, **kwargs)


class ResetPasswordForm(SetPasswordForm):
    """The password chosen through an e-mailed link is the person's own: no temporary password is left to replace,
    and a lockout after failed logins ends (see services.set_forgotten_password)."""

    def save(self, commit=True):
        services.set_forgotten_password(self.user, self.cleaned_data["new_password1"])
        return self.user


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Código de 6 dígitos de su aplicación de autenticación",
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={
                "class": "form-control",
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "pattern": "[0-9]{6}",
            }
        ),
    )


class VerifyForm(OTPAuthenticationFormMixin, forms.Form):
    """The code of a signed-in user's authenticator, checked with django-otp (throttling and replay refusal included).

    django-otp's own OTPTokenForm asks the browser which device the code is for (`otp_device`); an institute
    account enrols exactly one authenticator, so this form binds that device itself and asks only for the code.
    Nothing the browser sends can pick another device."""

    otp_error_messages = {
        **OTPAuthenticationFormMixin.otp_error_messages,
        "token_required": "Escriba el código de su aplicación de autenticación.",
        "invalid_token": "El código no es válido o ya expiró. Espere al siguiente y vuelva a intentarlo.",
        "n_failed_attempts": "Demasiados códigos incorrectos. Espere un momento y vuelva a intentarlo.",
        "verification_not_allowed": "No se pudo verificar el código. Espere un momento y vuelva a intentarlo.",
        "device_required": "Su cuenta no tiene una aplicación de autenticación activa. Salga y vuelva a entrar "
        "para registrarla.",
    }

    otp_token = forms.CharField(
        label="Código de 6 dígitos",
        required=False,  # an empty code gets django-otp's «token_required» message
        max_length=16,
        widget=forms.TextInput(
            attrs={"class": "form-control", "inputmode": "numeric", "autocomplete": "one-time-code"}
        ),
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = services.confirmed_totp_device(user)

    def clean_otp_token(self):
        return "".join(self.cleaned_data["otp_token"].split())  # apps show «123 456»; people type it so

    def clean(self):
        cleaned_data = super().clean()
        # django-otp reads the chosen device from `otp_device`: it is the account's own, never the browser's choice.
        cleaned_data["otp_device"] = self.device.persistent_id if self.device else None
        self.clean_otp(self.user)
        return cleaned_data

    def get_user(self):
        return self.user
