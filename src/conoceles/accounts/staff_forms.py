"""Forms of the institute's account screens (Gestión → Cuentas)."""

from django import forms
from django.db.models import Q

from conoceles.core.forms import style_widgets
from conoceles.elections.models import ElectoralProcess, PoliticalActor

from .error_codes import AccountErrorCode
from .models import LoginEvent, Role, SensitiveDataAccess, User

FORMATS = (
    ("pdf", "Hoja de credenciales para imprimir (PDF, una hoja por cuenta)"),
    ("csv", "CSV para combinar correspondencia"),
    ("zip", "Ambos (PDF y CSV en un ZIP)"),
)


class ActorChoiceField(forms.ModelChoiceField):
    """Actors of every process; the process is named only when there is more than one."""

    def __init__(self, **kwargs):
        super().__init__(
            queryset=PoliticalActor.objects.select_related("process").order_by(
                "-process__election_day", "order", "acronym"
            ),
            **kwargs,
        )
        self._several_processes = None

    def label_from_instance(self, actor):
        if self._several_processes is None:  # asked on first render, not when the form class is defined
            self._several_processes = ElectoralProcess.objects.count() > 1
        label = f"{actor.acronym} – {actor.name}"
        return f"{label} ({actor.process})" if self._several_processes else label


def of_actor(actor) -> Q:
    """Accounts of a political actor: its own and those of its candidacies."""
    return Q(actor=actor) | Q(candidacy__actor=actor)


class AccountFilterForm(forms.Form):
    q = forms.CharField(label="Buscar", required=False, max_length=150)
    role = forms.ChoiceField(label="Rol", required=False, choices=[("", "Todos los roles"), *Role.choices])
    actor = ActorChoiceField(label="Actor político", required=False, empty_label="Todos los actores")
    status = forms.ChoiceField(
        label="Estado",
        required=False,
        choices=[("", "Activas e inactivas"), ("active", "Solo activas"), ("inactive", "Solo desactivadas")],
    )
    pending = forms.BooleanField(label="Sin credenciales entregadas", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update({"type": "search", "placeholder": "Usuario o nombre"})
        style_widgets(self)

    def filter(self, accounts):
        if not self.is_bound or not self.is_valid():
            return accounts
        data = self.cleaned_data
        for word in data["q"].split():
            accounts = accounts.filter(
                Q(username__icontains=word) | Q(first_name__icontains=word) | Q(last_name__icontains=word)
            )
        if data["role"]:
            accounts = accounts.filter(role=data["role"])
        if data["actor"]:
            accounts = accounts.filter(of_actor(data["actor"]))
        if data["status"]:
            accounts = accounts.filter(is_active=data["status"] == "active")
        if data["pending"]:
            accounts = accounts.filter(credentials_issued_at__isnull=True)
        return accounts

    @property
    def has_filters(self) -> bool:
        return self.is_bound and self.is_valid() and any(self.cleaned_data.values())


class AccountSelectionForm(forms.Form):
    """Which accounts an action is for: the ones ticked in the list, or every active account of actors and
    candidacies without delivered credentials (optionally of one process and one actor)."""

    SELECTED, PENDING = "selected", "pending"

    users = forms.ModelMultipleChoiceField(
        queryset=User.objects.all(), required=False, widget=forms.MultipleHiddenInput
    )
    scope = forms.ChoiceField(
        choices=[(SELECTED, "Las cuentas seleccionadas"), (PENDING, "Todas las cuentas sin credenciales entregadas")],
        initial=SELECTED,
        widget=forms.HiddenInput,
    )
    process = forms.ModelChoiceField(queryset=ElectoralProcess.objects.all(), required=False, widget=forms.HiddenInput)
    actor = ActorChoiceField(label="Actor político", required=False, empty_label="Todos los actores")

    def __init__(self, acting_user, *args, **kwargs):
        self.acting_user = acting_user
        self.accounts: list[User] = []
        super().__init__(*args, **kwargs)
        style_widgets(self)

    @staticmethod
    def pending_accounts(process=None, actor=None):
        accounts = User.objects.filter(
            is_active=True, credentials_issued_at__isnull=True, role__in=[Role.PARTY, Role.CANDIDATE]
        )
        if process is not None:
            accounts = accounts.filter(Q(actor__process=process) | Q(candidacy__process=process))
        if actor is not None:
            accounts = accounts.filter(of_actor(actor))
        return accounts

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data["scope"] == self.PENDING:
            accounts = self.pending_accounts(data.get("process"), data.get("actor"))
        else:
            accounts = User.objects.filter(pk__in=[u.pk for u in data.get("users") or []])
        self.accounts = list(
            accounts.select_related("actor__process", "candidacy__contest", "candidacy__actor").order_by("username")
        )
        if not self.accounts:
            raise forms.ValidationError(
                "No hay cuentas para esta acción: seleccione al menos una.", code=AccountErrorCode.EMPTY
            )
        inactive = [u.username for u in self.accounts if not u.is_active]
        if inactive:
            raise forms.ValidationError(
                "Estas cuentas están desactivadas; reactívelas primero: %(names)s.",
                code=AccountErrorCode.INACTIVE,
                params={"names": ", ".join(inactive)},
            )
        return data


class IssueForm(AccountSelectionForm):
    format = forms.ChoiceField(label="Formato", choices=FORMATS, initial="pdf")
    confirm_reissue = forms.BooleanField(
        label="Entiendo que las contraseñas anteriores de estas cuentas dejarán de servir",
        required=False,
    )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if any(u.pk == self.acting_user.pk for u in self.accounts):
            raise forms.ValidationError(
                "No puede generarse credenciales para su propia cuenta; use «Cambiar contraseña».",
                code=AccountErrorCode.OWN,
            )
        if self.reissued and not data.get("confirm_reissue"):
            self.add_error(
                "confirm_reissue",
                forms.ValidationError(
                    "%(count)s de estas cuentas ya recibieron credenciales. Marque la casilla para generar "
                    "contraseñas nuevas: las anteriores dejarán de servir.",
                    code=AccountErrorCode.REISSUE_UNCONFIRMED,
                    params={"count": len(self.reissued)},
                ),
            )
        return data

    @property
    def reissued(self) -> list[User]:
        return [u for u in self.accounts if u.credentials_issued_at is not None]


class GenerateForm(forms.Form):
    process = forms.ModelChoiceField(
        label="Proceso electoral", queryset=ElectoralProcess.objects.writable(), empty_label=None
    )
    per_candidacy = forms.BooleanField(
        label="También una cuenta por candidatura",
        required=False,
        help_text="Cada persona candidata con registro vigente recibe su propia cuenta, además de la de su actor "
        "político. Si no la marca, solo se crean las cuentas de los actores políticos.",
    )

    def __init__(self, *args, process=None, **kwargs):
        super().__init__(*args, **kwargs)
        process = process or ElectoralProcess.objects.current()  # the staff's selected process, else the current
        if process:
            self.fields["process"].initial = process.pk
        style_widgets(self)


class LoginLogFilterForm(forms.Form):
    username = forms.CharField(label="Usuario", required=False, max_length=150)
    kind = forms.ChoiceField(label="Evento", required=False, choices=[("", "Todos"), *LoginEvent.Kind.choices])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def filter(self, events):
        if not self.is_bound or not self.is_valid():
            return events
        if self.cleaned_data["username"]:
            events = events.filter(username__icontains=self.cleaned_data["username"])
        if self.cleaned_data["kind"]:
            events = events.filter(kind=self.cleaned_data["kind"])
        return events


class SensitiveAccessFilterForm(forms.Form):
    username = forms.CharField(label="Cuenta", required=False, max_length=150)
    what = forms.ChoiceField(label="Qué", required=False, choices=[("", "Todo"), *SensitiveDataAccess.What.choices])
    since = forms.DateField(label="Desde", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="Hasta", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def filter(self, accesses):
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if data.get("username"):
            accesses = accesses.filter(user__username__icontains=data["username"])
        if data.get("what"):
            accesses = accesses.filter(what=data["what"])
        if data.get("since"):
            accesses = accesses.filter(at__date__gte=data["since"])
        if data.get("until"):
            accesses = accesses.filter(at__date__lte=data["until"])
        return accesses
