from django.contrib import admin

from conoceles.changes import PublicChangesAdmin
from conoceles.core.admin import ReadOnlyHistoryAdmin

from .models import Cargo, Contest, District, ElectoralProcess, Municipality, PoliticalActor, Section


@admin.register(ElectoralProcess)
class ElectoralProcessAdmin(PublicChangesAdmin, ReadOnlyHistoryAdmin):
    list_display = ["name", "entity", "election_day", "capture_deadline", "is_active"]
    list_filter = ["is_active", "entity"]
    search_fields = ["name"]


@admin.register(District)
class DistrictAdmin(PublicChangesAdmin, admin.ModelAdmin):
    list_display = ["number", "head_town", "process"]
    list_filter = ["process"]
    search_fields = ["head_town", "=number"]


@admin.register(Municipality)
class MunicipalityAdmin(PublicChangesAdmin, admin.ModelAdmin):
    list_display = ["name", "inegi_key", "process"]
    list_filter = ["process"]
    search_fields = ["name", "inegi_key"]


@admin.register(Section)
class SectionAdmin(PublicChangesAdmin, admin.ModelAdmin):
    list_display = ["number", "district", "municipality", "process"]
    list_filter = ["process", "district", "municipality"]
    search_fields = ["=number"]
    list_select_related = ["district", "municipality", "process"]
    autocomplete_fields = ["district", "municipality"]


@admin.register(Cargo)
class CargoAdmin(PublicChangesAdmin, ReadOnlyHistoryAdmin):
    list_display = ["name", "code", "scope", "order", "publication_start", "publication_end", "process"]
    list_filter = ["process", "scope"]
    search_fields = ["name", "code"]


@admin.register(Contest)
class ContestAdmin(PublicChangesAdmin, admin.ModelAdmin):
    list_display = ["name", "cargo", "district", "municipality", "circumscription"]
    list_filter = ["process", "cargo"]
    search_fields = ["name"]
    list_select_related = ["cargo", "district", "municipality"]
    autocomplete_fields = ["district", "municipality"]


@admin.register(PoliticalActor)
class PoliticalActorAdmin(PublicChangesAdmin, ReadOnlyHistoryAdmin):
    list_display = ["acronym", "name", "kind", "color", "process"]
    list_filter = ["process", "kind"]
    search_fields = ["acronym", "name"]
    filter_horizontal = ["members"]
