from django import forms

from .exports import FORMATS


class ExportForm(forms.Form):
    file_format = forms.ChoiceField(
        label="Formato",
        choices=list(FORMATS.items()),
        initial="xlsx",
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"required": "Elija un formato.", "invalid_choice": "Elija un formato de la lista."},
    )
