"""Form helpers shared by the screens."""

from django import forms


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


def add_service_error(form: forms.Form, error) -> None:
    """Put a service's ValidationError on `form`: on the field it names when the form has that field, else on the
    form as a whole."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)
