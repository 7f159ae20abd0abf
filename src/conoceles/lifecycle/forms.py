from django import forms

from conoceles.elections.models import ElectoralProcess


class OptionsForm(forms.ModelForm):
    """The process's two lifecycle options (the dates are on the dates screen)."""

    class Meta:
        model = ElectoralProcess
        fields = ["in_public_archive", "keep_open_data"]
        widgets = {name: forms.CheckboxInput(attrs={"class": "form-check-input"}) for name in fields}


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label="Entiendo que este paso no se puede deshacer.",
        error_messages={"required": "Marque la casilla para confirmar que entiende que el paso no se deshace."},
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
