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
