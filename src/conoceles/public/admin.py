from django.contrib import admin

from conoceles.core.admin import ReadOnlyLogAdmin

from .models import DailyVisit


@admin.register(DailyVisit)
class DailyVisitAdmin(ReadOnlyLogAdmin):
    list_display = ["day", "page", "count"]
    list_filter = ["page"]
    date_hierarchy = "day"
