"""The citizens' forms: the search with its filters and the sección of "tu boleta". Both are GET forms: every state
is a URL that can be shared."""

import re
from functools import partial
from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe

from conoceles.candidacies.models import AffirmativeActionGroup, Sex
from conoceles.elections.models import ElectoralProcess, Section

from .catalog import Choices, catalog
from .error_codes import PublicErrorCode
from .search import AGE_RANGES, ANY_GROUP, DEFAULT_SORT, SORTS

ALL = ("", "Todos")
# The groups as a filter reads them ("registradas por acción afirmativa de personas jóvenes").
GROUP_FILTER_LABELS = {
    AffirmativeActionGroup.INDIGENOUS: "Personas indígenas",
    AffirmativeActionGroup.DISABILITY: "Personas con discapacidad",
    AffirmativeActionGroup.AFRO_MEXICAN: "Personas afromexicanas",
    AffirmativeActionGroup.LGBT: "Personas de la población LGBTTTIQ+",
    AffirmativeActionGroup.MIGRANT: "Personas migrantes",
    AffirmativeActionGroup.YOUTH: "Personas jóvenes",
    AffirmativeActionGroup.ELDERLY: "Personas mayores",
}
MAX_SECTION = 999_999  # larger numbers are no sección (and would overflow an integer column)


def _options(choices) -> str:
    """The <option> elements of `choices` (in their <optgroup>s), none selected, every value and label escaped."""

    def options(items):
        return "".join(f'<option value="{escape(str(v))}">{escape(str(label))}</option>' for v, label in items)

    return "".join(
        f'<optgroup label="{escape(str(key))}">{options(item)}</optgroup>'
        if isinstance(item, (list, tuple))
        else options([(key, item)])
        for key, item in choices
    )


class FastSelect(forms.Select):
    """A <select> built in Python with plain string escaping: Django renders each option through a template (and
    format_html is not much cheaper), which for the hundreds of municipalities of a large process costs more than
    the whole search. The options of a catalog's choices are built once (catalog.Choices) and only marked selected
    here."""

    def render(self, name, value, attrs=None, renderer=None):
        choices = self.choices
        html = choices.rendered(_options) if isinstance(choices, Choices) else _options(choices)
        for selected in {escape(str(v)) for v in self.format_value(value)}:
            html = html.replace(f'<option value="{selected}">', f'<option value="{selected}" selected>')
        attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return mark_safe(f"<select{flatatt(attrs)}>{html}</select>")  # every value escaped in _options


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Nombre", required=False, max_length=120, widget=forms.TextInput(attrs={"type": "search"})
    )
    cargo = forms.TypedChoiceField(label="Cargo", required=False, coerce=int, empty_value=None)
    actor = forms.TypedChoiceField(
        label="Partido, coalición o candidatura independiente",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="Un partido incluye las coaliciones y candidaturas comunes de las que forma parte.",
    )
    distrito = forms.IntegerField(
        label="Distrito electoral local",
        required=False,
        min_value=1,
        max_value=99_999,
        help_text="El número del distrito, p. ej. 3.",
        # Text with a numeric keypad: a mistyped value sent back to a type="number" input would be invalid HTML.
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    municipio = forms.TypedChoiceField(label="Municipio", required=False, coerce=int, empty_value=None)
    grado = forms.ChoiceField(label="Grado máximo de estudios", required=False)
    edad = forms.ChoiceField(
        label="Edad", required=False, choices=[ALL] + [(k, label) for k, (label, *_) in AGE_RANGES.items()]
    )
    sexo = forms.ChoiceField(label="Sexo", required=False, choices=[ALL, *Sex.choices])
    accion = forms.ChoiceField(
        label="Acción afirmativa",
        required=False,
        choices=[
            ("", "Todas las candidaturas"),
            (ANY_GROUP, "Registradas por cualquier acción afirmativa"),
            *((group.value, GROUP_FILTER_LABELS.get(group, group.label)) for group in AffirmativeActionGroup),
        ],
        help_text="Candidaturas registradas en un lugar reservado a un grupo en situación de discriminación.",
    )
    orden = forms.ChoiceField(
        label="Ordenar por", required=False, choices=[(k, label) for k, (label, _) in SORTS.items()]
    )

    FILTERS = ("cargo", "actor", "distrito", "municipio", "grado", "edad", "sexo", "accion")

    def __init__(self, data, process: ElectoralProcess):
        super().__init__(data)
        # The catalogs' choices, read once per publication version (conoceles.public.catalog) and kept with their
        # rendered options.
        kept = catalog(process)
        for name, choices in (
            ("cargo", kept.cargo_choices),
            ("actor", kept.actor_choices),
            ("municipio", kept.municipality_choices),
            ("grado", [(level, level) for level in kept.education_levels]),
        ):
            self.fields[name].choices = kept.keep(("search", name), partial(Choices, [ALL, *choices]))
        self.fields["orden"].initial = DEFAULT_SORT
        for name, bound in self.fields.items():
            if isinstance(bound, forms.ChoiceField):
                bound.widget = FastSelect(choices=bound.choices)
            if name == "distrito":
                bound.widget.attrs["class"] = "form-control form-control-sm"
            elif name != "q":
                bound.widget.attrs["class"] = "form-select form-select-sm" if name != "orden" else "form-select"

    def criteria(self) -> dict:
        """The valid part of the request: a value the form refuses (an old link, a typo) is ignored, not fatal."""
        self.is_valid()
        return self.cleaned_data

    def active_filter_count(self) -> int:
        return sum(1 for name in self.FILTERS if self.cleaned_data.get(name))


class BallotForm(forms.Form):
    seccion = forms.CharField(
        label="Sección electoral",
        required=True,
        max_length=10,
        help_text="Es el número que aparece como «SECCIÓN» en tu credencial para votar.",
        error_messages={"required": "Escribe el número de tu sección electoral para ver tu boleta."},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]*"}),
    )

    def __init__(self, data, process: ElectoralProcess):
        super().__init__(data)
        self.process = process

    def clean_seccion(self) -> Section:
        value = self.cleaned_data["seccion"].strip()
        if not re.fullmatch(r"[0-9]+", value):
            raise forms.ValidationError(
                "La sección electoral es un número, por ejemplo 245. Escríbelo sin letras ni espacios.",
                code=PublicErrorCode.NOT_A_NUMBER,
            )
        section = None
        if int(value) <= MAX_SECTION:
            section = (
                Section.objects.select_related("district", "municipality")
                .filter(process=self.process, number=int(value))
                .first()
            )
        if section is None:
            raise forms.ValidationError(
                f"No encontramos la sección {int(value)} en {self.process}. Revisa el número en tu credencial "
                "para votar: está junto a la palabra «SECCIÓN».",
                code=PublicErrorCode.UNKNOWN,
            )
        return section
