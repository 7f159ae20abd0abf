from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from conoceles.core.admin import ReadOnlyLogAdmin

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


@admin.register(SensitiveDataAccess)
class SensitiveDataAccessAdmin(ReadOnlyLogAdmin):
    list_display = ["at", "what", "user", "process"]
    list_filter = ["what"]
    search_fields = ["user__username"]
    list_select_related = ["user", "process"]
    date_hierarchy = "at"
