"""The form that asks for a report: its process, its cut («now», a preset, or a later date and time), and the month or
version where the kind needs one."""

import datetime

from django import forms
from django.utils import timezone

from conoceles.core.forms import style_widgets
from conoceles.elections.models import ElectoralProcess

from .models import ReportKind
from .services import FINAL_VERSIONS, STATE_KINDS

NOW = "ahora"
LATER = "otra"


def presets(process, now: datetime.datetime) -> list[tuple[str, str, datetime.datetime]]:
    """The cuts of the April and May reports to the Consejo General (deliverables 11.13 and 11.15): the 20th of each
    month of the election year at 23:59, local time; only those still ahead."""
    year = process.election_day.year if process else timezone.localdate(now).year
    found = []
    for key, month, label in (("abril", 4, "abril"), ("mayo", 5, "mayo")):
        cut = timezone.make_aware(datetime.datetime(year, month, 20, 23, 59))
        if cut > now:
            found.append((key, f"Informe de {label}: corte el 20/{month:02d}/{year} a las 23:59", cut))
    return found


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(label="Informe", choices=ReportKind.choices, widget=forms.HiddenInput)
    process = forms.ModelChoiceField(
        label="Proceso electoral", queryset=ElectoralProcess.objects.all(), empty_label=None
    )
    cut = forms.ChoiceField(label="Fecha de corte", widget=forms.RadioSelect, required=False)
    cut_at = forms.DateTimeField(
        label="Fecha y hora de corte",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="Hora local. El informe se genera en ese momento con los datos de ese momento.",
    )
    month = forms.CharField(
        label="Mes", required=False, widget=forms.DateInput(attrs={"type": "month"}), help_text="Formato AAAA-MM."
    )
    version = forms.ChoiceField(
        label="Versión", choices=list(FINAL_VERSIONS.items()), required=False, widget=forms.RadioSelect
    )

    def __init__(self, *args, kind: str, now: datetime.datetime, process=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now
        self.fields["kind"].initial = kind
        # the staff's selected process (conoceles.gestion.processes), else the current one
        self.fields["process"].initial = process or ElectoralProcess.objects.current()
        process = self.fields["process"].initial
        self.presets = {key: cut for key, _, cut in presets(process, now)}
        self.fields["cut"].choices = [
            (NOW, "Ahora"),
            *((key, label) for key, label, _ in presets(process, now)),
            (LATER, "Otra fecha y hora (programar)"),
        ]
        self.fields["cut"].initial = NOW
        previous = timezone.localdate(now).replace(day=1) - datetime.timedelta(days=1)
        self.fields["month"].initial = f"{previous:%Y-%m}"
        self.fields["version"].initial = "completa"
        for name in self.hidden_for(kind):
            del self.fields[name]
        style_widgets(self)
        self.auto_id = f"id_{kind}_%s"  # each kind's copy of the form on one page has ids of its own

    @staticmethod
    def hidden_for(kind: str) -> list[str]:
        if kind == ReportKind.MENSUAL:
            return ["cut", "cut_at", "version"]
        hidden = ["month"]
        if kind != ReportKind.FINAL:
            hidden.append("version")
        assert kind in STATE_KINDS
        return hidden

    def clean(self):
        data = super().clean()
        choice = data.get("cut") or NOW
        if choice == LATER:
            if not data.get("cut_at"):
                self.add_error("cut_at", "Indique la fecha y hora de corte.")
            data["when"] = data.get("cut_at")
        else:
            data["when"] = self.presets.get(choice)  # None: now
        return data

    def params(self) -> dict:
        return {key: self.cleaned_data[key] for key in ("month", "version") if self.cleaned_data.get(key)}
