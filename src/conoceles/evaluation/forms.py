"""Forms of the evaluation screens: they only read input; the rules live in conoceles.evaluation.services."""

from django import forms

from conoceles.core.forms import style_widgets
from conoceles.elections.models import Cargo, PoliticalActor

from .models import Rubric, RubricVariable

MET, NOT_MET = "1", "0"


class RubricNameForm(forms.ModelForm):
    class Meta:
        model = Rubric
        fields = ["name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class VariableForm(forms.ModelForm):
    class Meta:
        model = RubricVariable
        fields = ["rubro", "order", "label", "description", "points_met", "points_not_met", "depends_on_first",
                  "measure"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


VariableFormSet = forms.inlineformset_factory(
    Rubric, RubricVariable, form=VariableForm, extra=1, can_delete=True
)


class ScoreQueueForm(forms.Form):
    SCORED_CHOICES = [("", "Todas"), ("pending", "Por calificar"), ("scored", "Calificadas")]

    scored = forms.ChoiceField(label="Calificación", choices=SCORED_CHOICES, required=False)
    cargo = forms.ModelChoiceField(label="Cargo", queryset=Cargo.objects.none(), required=False, empty_label="Todos")
    actor = forms.ModelChoiceField(
        label="Actor político", queryset=PoliticalActor.objects.none(), required=False, empty_label="Todos"
    )

    def __init__(self, *args, process=None, **kwargs):
        super().__init__(*args, **kwargs)
        if process is not None:
            self.fields["cargo"].queryset = process.cargos.order_by("order", "name")
            self.fields["actor"].queryset = process.actors.order_by("order", "acronym")
        style_widgets(self)


def field_name(variable) -> str:
    return f"v{variable.pk}"


class ScoreForm(forms.Form):
    """One «cumple / no cumple» choice per variable of the rubric; a variable left unanswered stays pending."""

    def __init__(self, *args, variables=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.variables = list(variables)
        for variable in self.variables:
            self.fields[field_name(variable)] = forms.ChoiceField(
                label=variable.label,
                choices=[(MET, "Cumple"), (NOT_MET, "No cumple")],
                widget=forms.RadioSelect,
                required=False,
            )

    def answers(self) -> dict[int, bool | None]:
        values = {v.pk: self.cleaned_data.get(field_name(v)) for v in self.variables}
        return {pk: None if not value else value == MET for pk, value in values.items()}
