"""Forms of the review screens: they only read input; every rule lives in conoceles.review.services."""

from django import forms

from conoceles.core.forms import style_widgets
from conoceles.elections.models import Cargo, PoliticalActor
from conoceles.questionnaires.rubros import RUBROS
from conoceles.screening.models import SCREENED_RULES

from .error_codes import ReviewErrorCode
from .models import ContentRule
from .states import EventKind, State

RUBRO_FORM_CHOICES = [(r.code, r.label) for r in RUBROS]


class QueueFilterForm(forms.Form):
    PENDING_CHOICES = [
        ("", "Todas"),
        ("corrected", "Con rubros subsanados por revisar"),
        ("proposals", "Con observaciones propuestas sin decidir"),
        ("observed", "Con rubros observados o con la corrección rechazada"),
        ("to_review", "Validadas, aún sin revisar"),
        ("clean", "Revisadas sin observaciones"),
    ]
    STATUS_CHOICES = [("active", "Vigentes"), ("substituted", "Sustituidas"), ("cancelled", "Canceladas")]

    q = forms.CharField(label="Nombre", required=False)
    state = forms.ChoiceField(label="Validación", choices=[("", "Todas"), *State.choices], required=False)
    pending = forms.ChoiceField(label="Pendientes", choices=PENDING_CHOICES, required=False)
    cargo = forms.ModelChoiceField(label="Cargo", queryset=Cargo.objects.none(), required=False, empty_label="Todos")
    actor = forms.ModelChoiceField(
        label="Actor político", queryset=PoliticalActor.objects.none(), required=False, empty_label="Todos"
    )
    flag = forms.TypedChoiceField(
        label="Asistentes",
        choices=[("", "Sin filtro")] + [(r.value, f"Posible {r.label}") for r in SCREENED_RULES],
        coerce=int,
        empty_value=None,
        required=False,
    )
    status = forms.ChoiceField(label="Registro", choices=STATUS_CHOICES, required=False)

    def __init__(self, *args, process=None, **kwargs):
        super().__init__(*args, **kwargs)
        if process is not None:
            self.fields["cargo"].queryset = process.cargos.order_by("order", "name")
            self.fields["actor"].queryset = process.actors.order_by("order", "acronym")
        style_widgets(self)


class ObservationForm(forms.Form):
    # The refusals of services.propose_observation that are about one field (conoceles.core.forms.add_service_error)
    service_error_fields = {
        ReviewErrorCode.NO_RUBROS: "rubros",
        ReviewErrorCode.BAD_RUBRO: "rubros",
        ReviewErrorCode.NOT_OBSERVABLE: "rubros",
        ReviewErrorCode.NO_RULES: "rules",
        ReviewErrorCode.BAD_RULE: "rules",
        ReviewErrorCode.NO_COMMENT: "comment",
    }

    rubros = forms.MultipleChoiceField(
        label="Rubros observados", choices=RUBRO_FORM_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    rules = forms.TypedMultipleChoiceField(
        label="Supuestos que se incumplen",
        choices=ContentRule.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    comment = forms.CharField(
        label="Comentario para el actor político",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Qué debe corregir y por qué; el actor político lo lee tal cual.",
        max_length=4000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Aprobar"), ("reject", "Rechazar")])
    note = forms.CharField(label="Nota (opcional)", required=False, max_length=2000)


class ConsentFormatFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Estado",
        choices=[("", "Pendientes de revisión"), ("accepted", "Aceptados"), ("rejected", "Rechazados")],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class ConsentFormatDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decisión",
        choices=[
            ("accept", "Aceptar: el formato está firmado por la persona candidata y dice lo que se marcó"),
            ("reject", "Rechazar"),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Motivo",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Obligatorio al rechazar; lo leen el actor político y la persona candidata.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class CorrectionRequestForm(forms.Form):
    # The refusals of services.request_correction that are about one field (conoceles.core.forms.add_service_error).
    # NOT_VALIDATED stays on the form: it is said both of the candidacy and of the rubros.
    service_error_fields = {
        ReviewErrorCode.NO_RUBROS: "rubros",
        ReviewErrorCode.BAD_RUBRO: "rubros",
        ReviewErrorCode.NO_REASON: "reason",
    }

    rubros = forms.MultipleChoiceField(label="Rubros por corregir", widget=forms.CheckboxSelectMultiple)
    reason = forms.CharField(
        label="Motivo",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Explique al Instituto qué necesita cambiar y por qué.",
    )

    def __init__(self, *args, rubros=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rubros"].choices = [(code, label) for code, label in RUBRO_FORM_CHOICES if code in rubros]
        style_widgets(self)


class AuditFilterForm(forms.Form):
    kind = forms.ChoiceField(label="Tipo", required=False)
    user = forms.CharField(label="Cuenta", required=False)
    since = forms.DateField(label="Desde", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="Hasta", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Todos"), *EventKind.choices]
        style_widgets(self)
