"""Users, their role and their scope (DOMAIN.md §2), and the record of every login."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q

from conoceles.core.models import AppendOnlyModel


class Role(models.TextChoices):
    ADMIN = "admin", "Administración (Instancia Interna)"
    REVIEWER = "reviewer", "Revisión"
    ANALYST = "analyst", "Análisis (Igualdad y no discriminación)"
    PARTY = "party", "Actor político"
    CANDIDATE = "candidate", "Persona candidata"


# The institute's own staff: no actor nor candidacy scope, and the roles two-step verification can apply to.
STAFF_ROLES = (Role.ADMIN, Role.REVIEWER, Role.ANALYST)


class AccountManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """An account. Its role says what it may do; `actor` or `candidacy` say over which candidacies.

    What each role may do on what lives in one place: conoceles.core.permissions."""

    role = models.CharField("rol", max_length=12, choices=Role.choices)
    actor = models.ForeignKey(
        "elections.PoliticalActor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accounts",
        verbose_name="actor político",
    )
    candidacy = models.ForeignKey(
        "candidacies.Candidacy",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accounts",
        verbose_name="candidatura",
    )
    must_change_password = models.BooleanField(
        "debe cambiar su contraseña", default=False, help_text="Se activa al entregar una contraseña temporal."
    )
    credentials_issued_at = models.DateTimeField("credenciales entregadas", null=True, blank=True)

    objects = AccountManager()

    class Meta:
        verbose_name = "usuario"
        verbose_name_plural = "usuarios"
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="user_role_valid"),
            models.CheckConstraint(
                condition=(
                    Q(role=Role.PARTY, actor__isnull=False, candidacy__isnull=True)
                    | Q(role=Role.CANDIDATE, candidacy__isnull=False, actor__isnull=True)
                    | Q(role__in=list(STAFF_ROLES), actor__isnull=True, candidacy__isnull=True)
                ),
                name="user_scope_matches_role",
                violation_error_message="Una cuenta de actor político lleva su actor; una de candidatura, su "
                "candidatura; las del instituto, ninguno de los dos.",
            ),
        ]

    @property
    def process(self):
        """The one electoral process a party or candidate account belongs to (through its actor or its candidacy);
        None for the institute's staff, who work on every process (issue 15 point 1)."""
        if self.actor_id is not None:
            return self.actor.process
        if self.candidacy_id is not None:
            return self.candidacy.process
        return None

    @property
    def process_id(self):
        if self.actor_id is not None:
            return self.actor.process_id
        if self.candidacy_id is not None:
            return self.candidacy.process_id
        return None


class LoginEvent(models.Model):
    """Every login, failed login and logout, for the institute's security log."""

    class Kind(models.TextChoices):
        LOGIN = "login", "Ingreso"
        FAILED = "failed", "Intento fallido"
        LOGOUT = "logout", "Salida"
        LOCKED = "locked", "Bloqueo por intentos fallidos"

    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="login_events", verbose_name="cuenta"
    )
    username = models.CharField("usuario escrito", max_length=150)
    kind = models.CharField("evento", max_length=10, choices=Kind.choices)
    ip_address = models.GenericIPAddressField("dirección IP", null=True, blank=True)
    user_agent = models.CharField("navegador", max_length=300, blank=True)
    at = models.DateTimeField("fecha", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "evento de acceso"
        verbose_name_plural = "eventos de acceso"
        ordering = ["-at"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.username} · {self.at:%Y-%m-%d %H:%M}"


class AccountEvent(models.Model):
    """What the institute did to an account and who did it: created, credentials issued, (de)activated, e-mailed,
    unlocked (by Administración, or by the account itself choosing a new password through an e-mailed link)."""

    class Kind(models.TextChoices):
        CREATED = "created", "Cuenta creada"
        CREDENTIALS_ISSUED = "credentials_issued", "Credenciales entregadas"
        DEACTIVATED = "deactivated", "Cuenta desactivada"
        REACTIVATED = "reactivated", "Cuenta reactivada"
        EMAILED = "emailed", "Enlace de acceso enviado por correo"
        UNLOCKED = "unlocked", "Bloqueo por intentos fallidos levantado"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="account_events", verbose_name="cuenta")
    by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="realizado por"
    )
    kind = models.CharField("acción", max_length=20, choices=Kind.choices)
    at = models.DateTimeField("fecha", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "acción sobre una cuenta"
        verbose_name_plural = "acciones sobre cuentas"
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=["created", "credentials_issued", "deactivated", "reactivated", "emailed", "unlocked"]
                ),
                name="account_event_kind_valid",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.user} · {self.at:%Y-%m-%d %H:%M}"


class SensitiveDataAccess(AppendOnlyModel):
    """Every time a staff account saw or downloaded sensitive personal data (DOMAIN.md §6): the statistics without
    suppression, a report that carries identity figures. Written only by services.record_sensitive_access."""

    class What(models.TextChoices):
        STATISTICS_VIEWED = "statistics_viewed", "Estadísticas completas consultadas"
        STATISTICS_DOWNLOADED = "statistics_downloaded", "Estadísticas completas descargadas"
        REPORT_DOWNLOADED = "report_downloaded", "Informe con datos sensibles descargado"
        # The legal-claim procedure over a process whose sensitive data is blocked (conoceles.lifecycle).
        LOCKED_DATA_VIEWED = "locked_data_viewed", "Datos bloqueados consultados (reclamación legal)"
        LOCKED_FILE_DOWNLOADED = "locked_file_downloaded", "Evidencia bloqueada descargada (reclamación legal)"

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name="cuenta")
    what = models.CharField("qué", max_length=24, choices=What.choices)
    process = models.ForeignKey(
        "elections.ElectoralProcess",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="proceso electoral",
    )
    detail = models.CharField("detalle", max_length=300, blank=True)
    reason = models.TextField(
        "motivo",
        blank=True,
        help_text="Obligatorio al consultar datos bloqueados: p. ej. el expediente de la reclamación.",
    )
    at = models.DateTimeField("fecha", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "acceso a datos sensibles"
        verbose_name_plural = "accesos a datos sensibles"
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    what__in=[
                        "statistics_viewed",
                        "statistics_downloaded",
                        "report_downloaded",
                        "locked_data_viewed",
                        "locked_file_downloaded",
                    ]
                ),
                name="sensitive_access_what_valid",
            ),
            models.CheckConstraint(
                condition=~Q(what__in=["locked_data_viewed", "locked_file_downloaded"]) | ~Q(reason=""),
                name="sensitive_access_locked_has_reason",
                violation_error_message="La consulta de datos bloqueados lleva su motivo.",
            ),
        ]

    def __str__(self):
        return f"{self.get_what_display()} · {self.user} · {self.at:%Y-%m-%d %H:%M}"
