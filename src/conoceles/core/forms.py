"""Form helpers shared by the screens."""

from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError


def style_widgets(form: forms.Form) -> None:
    """Give every widget of `form` its Bootstrap class (inputs, selects, check boxes and radio buttons)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        elif not isinstance(widget, forms.MultipleHiddenInput | forms.HiddenInput):
            widget.attrs.setdefault("class", "form-control")


def error_messages(error) -> dict[str, list[str]]:
    """A service's ValidationError as {field name or "__all__": [messages]}, for screens that are not Django forms."""
    if hasattr(error, "error_dict"):
        return {key: [m for e in items for m in e.messages] for key, items in error.error_dict.items()}
    return {"__all__": error.messages}


def add_service_error(form: forms.Form, error: ValidationError, code_fields: Mapping[str, str] | None = None) -> None:
    """Put a service's ValidationError on `form`, each message next to the field it is about.

    A keyed error (`error_dict`) goes to the field of that name when the form has it, else to the form's non-field
    errors. An error with codes only goes, message by message, to the field `code_fields` names for its code
    (by default the form's own `service_error_fields`, {code: field name}), else to the non-field errors."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return
    if code_fields is None:
        code_fields = getattr(form, "service_error_fields", {})
    for item in error.error_list:
        field = code_fields.get(item.code)
        form.add_error(field if field in form.fields else None, item)
