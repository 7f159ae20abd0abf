from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import Q

from conoceles.core.admin import ReadOnlyLogAdmin
from conoceles.core.permissions import accounts_readable_q, sensitive_data_readable

from .models import AccountEvent, LoginEvent, Role, SensitiveDataAccess, User


@admin.register(User)
class AccountAdmin(UserAdmin):
    """Accounts are generated and delivered from Gestión → Cuentas; here staff can inspect and correct them."""

    list_display = ["username", "full_name", "role", "actor", "candidacy", "is_active", "last_login"]
    list_filter = ["role", "is_active", "actor__process"]
    search_fields = ["username", "first_name", "last_name", "email"]
    autocomplete_fields = ["actor", "candidacy"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("Rol y alcance", {"fields": ["role", "actor", "candidacy"]}),
        ("Datos personales", {"fields": ["first_name", "last_name", "email"]}),
        ("Estado", {"fields": ["is_active", "must_change_password", "credentials_issued_at", "last_login",
                               "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "usable_password", "password1", "password2"]}),
        ("Rol y alcance", {"fields": ["role", "actor", "candidacy"]}),
    ]
    readonly_fields = ["last_login", "date_joined", "credentials_issued_at"]

    @admin.display(description="nombre completo")
    def full_name(self, obj):
        return obj.get_full_name()

    def get_fieldsets(self, request, obj=None):
        """An account of a process whose sensitive data is blocked does not show (nor edit) its e-mail."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and not sensitive_data_readable(_process_of(obj)):
            fieldsets = [
                (name, {**opts, "fields": [f for f in opts["fields"] if f != "email"]}) for name, opts in fieldsets
            ]
        return fieldsets

    def get_search_results(self, request, queryset, search_term):
        # Searching by e-mail must not find the accounts of a locked process either.
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term:
            by_name = Q(username__icontains=search_term) | Q(first_name__icontains=search_term)
            queryset = queryset.filter(accounts_readable_q() | by_name | Q(last_name__icontains=search_term))
        return queryset, may_have_duplicates


def _process_of(account):
    if account.candidacy_id:
        return account.candidacy.process
    if account.actor_id:
        return account.actor.process
    return None

    def save_model(self, request, obj, form, change):
        obj.is_staff = obj.is_superuser = obj.role == Role.ADMIN
        super().save_model(request, obj, form, change)


@admin.register(AccountEvent)
class AccountEventAdmin(ReadOnlyLogAdmin):
    list_display = ["at", "kind", "user", "by"]
    list_filter = ["kind"]
    search_fields = ["user__username", "by__username"]
    list_select_related = ["user", "by"]


@admin.register(LoginEvent)
class LoginEventAdmin(ReadOnlyLogAdmin):
    list_display = ["at", "kind", "username", "user", "ip_address"]
    list_filter = ["kind"]
    search_fields = ["username"]
    date_hierarchy = "at"

    def get_queryset(self, request):
        # Logins of the accounts of a process whose sensitive data is blocked (bloqueo) are not listed.
        return super().get_queryset(request).filter(accounts_readable_q("user__"))


@admin.register(SensitiveDataAccess)
class SensitiveDataAccessAdmin(ReadOnlyLogAdmin):
    list_display = ["at", "what", "user", "process"]
    list_filter = ["what"]
    search_fields = ["user__username"]
    list_select_related = ["user", "process"]
    date_hierarchy = "at"


def _without_locked_accounts(admin_class):
    """django-axes keeps its own per-account login rows (user agent, address): those of the accounts of a process
    whose sensitive data is blocked are not listed either."""

    class Guarded(admin_class):
        def get_queryset(self, request):
            locked = User.objects.exclude(accounts_readable_q()).values("username")
            return super().get_queryset(request).exclude(username__in=locked)

    Guarded.__name__ = admin_class.__name__
    return Guarded


for _model in list(admin.site._registry):
    if _model._meta.app_label == "axes":
        _registered = type(admin.site._registry[_model])
        admin.site.unregister(_model)
        admin.site.register(_model, _without_locked_accounts(_registered))
