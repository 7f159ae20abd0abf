"""The candidate's request form and Administración's answer and extension forms. The rules are the services'."""

from django import forms

from .models import SCOPES_BY_KIND, Kind, Scope, Status

REQUEST_KINDS = [
    (Kind.CANCELLATION, "Cancelación: que el instituto elimine datos míos"),
    (Kind.OPPOSITION, "Oposición: que el instituto deje de usar mis datos para un fin"),
]


def groups():
    """The request form's checkboxes, by right: [(right's label, [(value, label), …]), …]."""
    return [(Kind(kind).label, kind, [(s.value, s.label) for s in scopes]) for kind, scopes in SCOPES_BY_KIND.items()]


DECISIONS = [
    (Status.GRANTED, "Procedente: se concede todo lo que pidió"),
    (Status.PARTIAL, "Parcialmente procedente: se concede una parte"),
    (Status.DENIED, "Improcedente: no se concede"),
]


class ResponseForm(forms.Form):
    decision = forms.ChoiceField(label="Decisión", choices=DECISIONS, widget=forms.RadioSelect)
    granted_scope = forms.MultipleChoiceField(
        label="Lo que se concede (solo si es parcialmente procedente)",
        choices=[(s.value, s.label) for s in Scope],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    response = forms.CharField(
        label="Respuesta, con su fundamentación y motivación",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="La persona candidata la recibe tal cual, en el sistema y por correo.",
    )

    def __init__(self, *args, request_obj=None, **kwargs):
        super().__init__(*args, **kwargs)
        if request_obj is not None:
            self.fields["granted_scope"].choices = [(s, Scope(s).label) for s in request_obj.scope]


class ExtensionForm(forms.Form):
    reason = forms.CharField(
        label="Causa de la ampliación",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Se le comunica a la persona candidata. El plazo se amplía una sola vez, 10 días hábiles.",
    )


class QueueFilterForm(forms.Form):
    estado = forms.ChoiceField(
        label="Estado",
        required=False,
        choices=[("", "Todas"), ("pendientes", "En trámite"), ("respondidas", "Respondidas")],
    )
    derecho = forms.ChoiceField(label="Derecho", required=False, choices=[("", "Todos"), *Kind.choices])
    plazo = forms.ChoiceField(
        label="Plazo",
        required=False,
        choices=[("", "Cualquiera"), ("vencidas", "Vencidas"), ("por-vencer", "Vencidas o por vencer")],
    )
    q = forms.CharField(label="Nombre", required=False)
