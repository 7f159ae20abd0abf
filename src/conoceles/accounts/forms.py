from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django_otp.forms import OTPTokenForm

from . import services


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


class ResetPasswordForm(SetPasswordForm):
    """The password chosen through an e-mailed link is the person's own: no temporary password is left to replace."""

    def save(self, commit=True):
        services.change_own_password(self.user, self.cleaned_data["new_password1"])
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


class VerifyForm(OTPTokenForm):
    """django-otp's token form, in Spanish."""

    otp_error_messages = {
        "token_required": "Escriba el código de su aplicación de autenticación.",
        "invalid_token": "El código no es válido o ya expiró. Espere al siguiente y vuelva a intentarlo.",
        "n_failed_attempts": "Demasiados códigos incorrectos. Espere un momento y vuelva a intentarlo.",
        "verification_not_allowed": "No se pudo verificar el código.",
    }

    def __init__(self, user, request=None, *args, **kwargs):
        super().__init__(user, request, *args, **kwargs)
        self.fields["otp_device"].widget = forms.HiddenInput()
        self.fields["otp_challenge"].widget = forms.HiddenInput()
        self.fields["otp_token"].label = "Código de 6 dígitos"
        self.fields["otp_token"].widget.attrs.update(
            {"class": "form-control", "inputmode": "numeric", "autocomplete": "one-time-code"}
        )
