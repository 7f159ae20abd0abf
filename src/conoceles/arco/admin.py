from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import NonWorkingDay


@admin.register(NonWorkingDay)
class NonWorkingDayAdmin(SimpleHistoryAdmin):
    """The institute's non-working days, which the ARCO deadlines skip (besides weekends and LFT art. 74)."""

    list_display = ["date", "description"]
    date_hierarchy = "date"
    search_fields = ["description"]
