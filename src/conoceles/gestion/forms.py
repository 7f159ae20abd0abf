"""The process settings' forms. The rules themselves live on the models (`clean`, constraints), so that these screens
and Gestión's admin enforce the same ones."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from conoceles.core.forms import style_widgets
from conoceles.elections.models import DATE_ORDER, Cargo, ElectoralProcess
from conoceles.questionnaires.models import CaptureRules
from conoceles.questionnaires.rubros import LIMIT_ATTRIBUTES
from conoceles.review.models import ReviewRules

from .models import Deliverable

DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "class": "form-control"})
NUMBER_INPUT = forms.NumberInput(attrs={"class": "form-control"})
MAX_ROUNDS = 10


class NewProcessForm(forms.ModelForm):
    """Gestión → Proceso → Nuevo proceso: the process's identity and dates (the model's clean() orders them)."""

    class Meta:
        model = ElectoralProcess
        fields = ["name", "entity", *DATE_ORDER, "in_public_archive", "keep_open_data"]
        widgets = {name: DATE_INPUT for name in DATE_ORDER}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)
        self.fields["name"].help_text = "Por ejemplo, «Proceso Electoral Local 2029-2030». No puede repetirse."


class ProcessDatesForm(forms.ModelForm):
    class Meta:
        model = ElectoralProcess
        fields = list(DATE_ORDER)
        widgets = {name: DATE_INPUT for name in DATE_ORDER}


class CargoWindowForm(forms.ModelForm):
    class Meta:
        model = Cargo
        fields = ["publication_start", "publication_end"]
        widgets = {"publication_start": DATE_INPUT, "publication_end": DATE_INPUT}


CargoWindowFormSet = forms.modelformset_factory(Cargo, form=CargoWindowForm, extra=0, can_delete=False)


class ReviewRulesForm(forms.ModelForm):
    class Meta:
        model = ReviewRules
        fields = ["observation_rounds", "correction_requests"]
        widgets = {name: NUMBER_INPUT for name in fields}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rounds, requests = self.fields["observation_rounds"], self.fields["correction_requests"]
        rounds.validators.append(
            MinValueValidator(1, "Cada candidatura debe tener al menos una ronda de observación.")
        )
        requests.help_text += " Escriba 0 si no se permiten."
        for field in (rounds, requests):
            field.validators.append(MaxValueValidator(MAX_ROUNDS, f"Escriba como máximo {MAX_ROUNDS}."))


class LinesField(forms.CharField):
    """A list of texts, one per line (the capture rules' catalogs)."""

    widget = forms.Textarea(attrs={"rows": 6, "class": "form-control"})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return [line.strip() for line in (super().to_python(value) or "").splitlines() if line.strip()]


TEXT_LIMITS = ("min_text_length", *LIMIT_ATTRIBUTES)


class CaptureRulesForm(forms.ModelForm):
    education_levels = LinesField(label="Catálogo de grado máximo de estudios", help_text="Un grado por renglón.")
    education_statuses = LinesField(label="Catálogo de estatus de estudios", help_text="Un estatus por renglón.")
    levels_without_status = LinesField(
        label="Grados sin estatus",
        required=False,
        help_text="Un grado por renglón; deben estar en el catálogo de grados (normalmente «Sin estudios»).",
    )

    class Meta:
        model = CaptureRules
        fields = [
            "photo_max_kb",
            "photo_max_side_px",
            *TEXT_LIMITS,
            "education_levels",
            "education_statuses",
            "levels_without_status",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.IntegerField):
                field.widget.attrs["class"] = "form-control"
                if name != "min_text_length":
                    field.validators.append(MinValueValidator(1, "Escriba un número mayor que cero."))


class DeliverableForm(forms.ModelForm):
    """A deliverable of the calendar: its due date is a fixed date or a process date plus days (Deliverable.clean)."""

    class Meta:
        model = Deliverable
        fields = [
            "code", "title", "rule", "area", "due_date", "anchor", "offset_days", "status", "fulfilled_on", "note",
            "report_kind",
        ]  # fmt: skip
        widgets = {
            "due_date": DATE_INPUT,
            "fulfilled_on": DATE_INPUT,
            "rule": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "due_date": "Un día del calendario; déjela vacía si la fecha límite se cuenta desde una fecha del proceso.",
            "fulfilled_on": "Si lo marca como cumplido sin fecha, se anota la de hoy.",
        }

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.process = process
        self.fields["anchor"].choices = [("", "Ninguna: uso la fecha fija"), *self.fields["anchor"].choices[1:]]
        style_widgets(self)
